import { RELAY_SETTINGS, RelayDepartmentSetting, RelayRouteSetting, flowUrlSettingName } from "../../contract/relay-settings";
import type { DirectoryManagerCredential } from "./directory-manager-credentials";

/** What the relay's app settings are made of: names, ids and plain values (no constructs). */
export interface RelayAppSettingsInput {
  /** The relay's storage account (host storage and queues, reached with the identity). */
  readonly storageAccountName: string;
  /** Client id of the user-assigned identity that reaches storage and sends telemetry. */
  readonly identityClientId: string;
  /** Per route key: its Directory Manager name and the versionless id of its flow URL secret. */
  readonly routes: Record<string, { readonly displayName: string; readonly flowUrlSecretId: string }>;
  readonly departments: Record<string, RelayDepartmentSetting>;
  readonly departmentPointer?: string;
  readonly enrichmentKey?: string;
  readonly allowedFlowHostSuffixes?: readonly string[];
  readonly maxBodyBytes: number;
  readonly forwardDeadlineMs: number;
  readonly maxAttempts: number;
  /** The decisions endpoint: Directory Manager's URLs and the credentials' secret ids. */
  readonly decisions?: {
    readonly directoryManagerUrl: string;
    readonly directoryManagerTokenUrl?: string;
    readonly credentialSecretIds: Record<DirectoryManagerCredential, string>;
  };
  /** Hash of the deployed relay package; a new one restarts the app, which loads the new blob. */
  readonly packageHash?: string;
}

/** An app setting the Functions host resolves from Key Vault (with the app's system identity). */
export function keyVaultReference(versionlessSecretId: string): string {
  return `@Microsoft.KeyVault(SecretUri=${versionlessSecretId})`;
}

/**
 * The relay's app settings: identity-based host storage and telemetry, the relay's settings
 * (RELAY_SETTINGS), and every secret as a Key Vault reference, never as a value.
 */
export function relayAppSettings(input: RelayAppSettingsInput): Record<string, string> {
  const routeKeys = Object.keys(input.routes);
  const routeSettings: Record<string, RelayRouteSetting> = Object.fromEntries(
    routeKeys.map((key) => [key, { displayName: input.routes[key].displayName, flowUrlSetting: flowUrlSettingName(key) }]),
  );
  const settings: Record<string, string> = {
    // azurerm adds an AzureWebJobsStorage connection string with an empty key even for identity
    // auth; an empty value makes the host use the AzureWebJobsStorage__* settings below.
    AzureWebJobsStorage: "",
    AzureWebJobsStorage__accountName: input.storageAccountName,
    AzureWebJobsStorage__credential: "managedidentity",
    AzureWebJobsStorage__clientId: input.identityClientId,
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: `ClientId=${input.identityClientId};Authorization=AAD`,
    [RELAY_SETTINGS.routes]: JSON.stringify(routeSettings),
    [RELAY_SETTINGS.maxBodyBytes]: String(input.maxBodyBytes),
    [RELAY_SETTINGS.forwardDeadlineMs]: String(input.forwardDeadlineMs),
    [RELAY_SETTINGS.maxAttempts]: String(input.maxAttempts),
    [RELAY_SETTINGS.decisionsEnabled]: input.decisions ? "true" : "false",
  };
  for (const key of routeKeys) settings[flowUrlSettingName(key)] = keyVaultReference(input.routes[key].flowUrlSecretId);
  if (Object.keys(input.departments).length > 0) settings[RELAY_SETTINGS.departments] = JSON.stringify(input.departments);
  if (input.departmentPointer !== undefined) settings[RELAY_SETTINGS.departmentPointer] = input.departmentPointer;
  if (input.enrichmentKey !== undefined) settings[RELAY_SETTINGS.enrichmentKey] = input.enrichmentKey;
  if (input.allowedFlowHostSuffixes !== undefined) settings[RELAY_SETTINGS.allowedFlowHostSuffixes] = input.allowedFlowHostSuffixes.join(",");
  const decisions = input.decisions;
  if (decisions) {
    settings[RELAY_SETTINGS.directoryManagerUrl] = decisions.directoryManagerUrl;
    if (decisions.directoryManagerTokenUrl !== undefined) settings[RELAY_SETTINGS.directoryManagerTokenUrl] = decisions.directoryManagerTokenUrl;
    const ids = decisions.credentialSecretIds;
    settings[RELAY_SETTINGS.directoryManagerUsername] = keyVaultReference(ids.username);
    settings[RELAY_SETTINGS.directoryManagerPassword] = keyVaultReference(ids.password);
    settings[RELAY_SETTINGS.directoryManagerClientId] = keyVaultReference(ids.clientId);
    settings[RELAY_SETTINGS.directoryManagerClientSecret] = keyVaultReference(ids.clientSecret);
  }
  if (input.packageHash !== undefined) settings.RELAY_PACKAGE_HASH = input.packageHash;
  return settings;
}
