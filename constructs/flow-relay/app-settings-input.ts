import type { KeyVaultSecret } from "../providers/azurerm";
import type { RelayAppSettingsInput } from "./app-settings";
import type { RelaySecrets } from "./secret-reads";
import type { FlowRelaySettings } from "./settings";

/** What the relay made that its app settings name: the storage account, the identity, telemetry and the secrets. */
export interface RelayAppSettingsParts {
  readonly storageAccountName: string;
  readonly identityClientId: string;
  readonly applicationInsightsConnectionString: string;
  readonly secrets: RelaySecrets;
}

/** The app settings' input: the checked settings and what the relay made, as plain values and secret ids. */
export function relayAppSettingsInput(
  settings: FlowRelaySettings,
  parts: RelayAppSettingsParts,
): RelayAppSettingsInput {
  const { routes, decisions } = settings;
  const { directoryManager, decisionKeys } = parts.secrets;
  return {
    storageAccountName: parts.storageAccountName,
    identityClientId: parts.identityClientId,
    routes: Object.fromEntries(
      settings.routeKeys.map((key) => [
        key,
        {
          displayName: routes[key].displayName,
          flowUrlSecretId: routes[key].flowUrlSecret.versionlessId,
          auth: routes[key].auth,
        },
      ]),
    ),
    departments: settings.departments,
    departmentPointer: settings.departmentPointer,
    enrichmentKey: settings.enrichmentKey,
    allowedFlowHostSuffixes: settings.allowedFlowHostSuffixes,
    limits: settings.limits,
    decisions: decisions &&
      directoryManager &&
      decisionKeys && {
        directoryManagerUrl: decisions.directoryManagerUrl,
        directoryManagerTokenUrl: decisions.directoryManagerTokenUrl,
        identityStoreId: decisions.identityStoreId,
        credentialSecretIds: secretIds(directoryManager),
        keySecretIds: secretIds({
          tokenKey: decisionKeys.tokenKey,
          previousTokenKey: decisionKeys.previousTokenKey,
          decisionsKey: decisionKeys.decisionsKey,
        }),
        keysVersion: `${decisions.tokenKeyVersion}.${decisions.decisionsKeyVersion}`,
      },
    applicationInsightsConnectionString: parts.applicationInsightsConnectionString,
  };
}

/** The versionless ids of secrets (what the app settings reference). */
function secretIds<K extends string>(secrets: Readonly<Record<K, KeyVaultSecret>>): Record<K, string> {
  return Object.fromEntries(
    Object.entries<KeyVaultSecret>(secrets).map(([key, secret]) => [key, secret.versionlessId]),
  ) as Record<K, string>;
}
