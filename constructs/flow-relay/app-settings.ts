import type { RelayLimitValues } from "../../contract/relay-limits";
import {
  RELAY_SETTINGS,
  type RelayDepartmentSetting,
  type RelayRouteSetting,
  flowUrlSettingName,
} from "../../contract/relay-settings";
import type { DirectoryManagerCredential } from "./directory-manager-credentials";

/** What the relay's app settings are made of: names, ids and plain values (no constructs). */
export interface RelayAppSettingsInput {
  /** The relay's storage account (host storage and queues, reached with the identity). */
  readonly storageAccountName: string;
  /** Client id of the user-assigned identity that reaches storage and sends telemetry. */
  readonly identityClientId: string;
  /** Application Insights connection string (it cannot send telemetry alone: local auth is off). */
  readonly applicationInsightsConnectionString: string;
  /** Per route key: its Directory Manager name and the versionless id of its flow URL secret. */
  readonly routes: Record<
    string,
    { readonly displayName: string; readonly flowUrlSecretId: string; readonly auth?: "sig" | "entra" }
  >;
  readonly departments: Record<string, RelayDepartmentSetting>;
  readonly departmentPointer?: string;
  readonly enrichmentKey?: string;
  readonly allowedFlowHostSuffixes?: readonly string[];
  /** The relay's numeric settings (RELAY_LIMITS), each under its RELAY_SETTINGS name. */
  readonly limits: RelayLimitValues;
  /** The decisions endpoint: Directory Manager's URLs and identity store, the credentials' and keys' secret ids. */
  readonly decisions?: RelayDecisionSettingsInput;
}

/** The decisions endpoint's settings: plain values, and versionless secret ids for everything secret. */
export interface RelayDecisionSettingsInput {
  readonly directoryManagerUrl: string;
  readonly directoryManagerTokenUrl?: string;
  readonly identityStoreId: number;
  readonly credentialSecretIds: Record<DirectoryManagerCredential, string>;
  /** The token key that signs, the one before it, and the decisions key. */
  readonly keySecretIds: {
    readonly tokenKey: string;
    readonly previousTokenKey: string;
    readonly decisionsKey: string;
  };
  /** "<token key generation>.<decisions key generation>": changes at every rotation. */
  readonly keysVersion: string;
}

/** An app setting the platform resolves from Key Vault (with the app's keyVaultReferenceIdentity). */
export function keyVaultReference(versionlessSecretId: string): string {
  return `@Microsoft.KeyVault(SecretUri=${versionlessSecretId})`;
}

/**
 * The relay's app settings: identity-based host storage and telemetry, the relay's settings
 * (RELAY_SETTINGS), and every secret as a Key Vault reference, never as a value. No setting is
 * empty and no `AzureWebJobsStorage` is set: the host reads the `AzureWebJobsStorage__*` ones.
 */
export function relayAppSettings(input: RelayAppSettingsInput): Record<string, string> {
  const routeKeys = Object.keys(input.routes);
  const routeSettings: Record<string, RelayRouteSetting> = Object.fromEntries(
    routeKeys.map((key) => [
      key,
      {
        displayName: input.routes[key].displayName,
        flowUrlSetting: flowUrlSettingName(key),
        ...(input.routes[key].auth === "entra" ? { auth: "entra" as const } : {}),
      },
    ]),
  );
  const settings: Record<string, string> = {
    AzureWebJobsStorage__accountName: input.storageAccountName,
    AzureWebJobsStorage__credential: "managedidentity",
    AzureWebJobsStorage__clientId: input.identityClientId,
    APPLICATIONINSIGHTS_CONNECTION_STRING: input.applicationInsightsConnectionString,
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: `ClientId=${input.identityClientId};Authorization=AAD`,
    [RELAY_SETTINGS.routes]: JSON.stringify(routeSettings),
    ...Object.fromEntries(
      Object.entries(input.limits).map(([name, value]) => [
        RELAY_SETTINGS[name as keyof RelayLimitValues],
        String(value),
      ]),
    ),
    [RELAY_SETTINGS.decisionsEnabled]: input.decisions ? "true" : "false",
  };
  for (const key of routeKeys) settings[flowUrlSettingName(key)] = keyVaultReference(input.routes[key].flowUrlSecretId);
  if (Object.keys(input.departments).length > 0)
    settings[RELAY_SETTINGS.departments] = JSON.stringify(input.departments);
  if (input.departmentPointer !== undefined) settings[RELAY_SETTINGS.departmentPointer] = input.departmentPointer;
  if (input.enrichmentKey !== undefined) settings[RELAY_SETTINGS.enrichmentKey] = input.enrichmentKey;
  if (input.allowedFlowHostSuffixes !== undefined)
    settings[RELAY_SETTINGS.allowedFlowHostSuffixes] = input.allowedFlowHostSuffixes.join(",");
  const decisions = input.decisions;
  if (decisions) {
    settings[RELAY_SETTINGS.directoryManagerUrl] = decisions.directoryManagerUrl;
    if (decisions.directoryManagerTokenUrl !== undefined)
      settings[RELAY_SETTINGS.directoryManagerTokenUrl] = decisions.directoryManagerTokenUrl;
    const ids = decisions.credentialSecretIds;
    settings[RELAY_SETTINGS.directoryManagerUsername] = keyVaultReference(ids.username);
    settings[RELAY_SETTINGS.directoryManagerPassword] = keyVaultReference(ids.password);
    settings[RELAY_SETTINGS.directoryManagerClientId] = keyVaultReference(ids.clientId);
    settings[RELAY_SETTINGS.directoryManagerClientSecret] = keyVaultReference(ids.clientSecret);
    settings[RELAY_SETTINGS.directoryManagerIdentityStoreId] = String(decisions.identityStoreId);
    settings[RELAY_SETTINGS.decisionTokenKey] = keyVaultReference(decisions.keySecretIds.tokenKey);
    settings[RELAY_SETTINGS.decisionTokenPreviousKey] = keyVaultReference(decisions.keySecretIds.previousTokenKey);
    settings[RELAY_SETTINGS.decisionsKey] = keyVaultReference(decisions.keySecretIds.decisionsKey);
    settings[RELAY_SETTINGS.decisionKeysVersion] = decisions.keysVersion;
  }
  return settings;
}
