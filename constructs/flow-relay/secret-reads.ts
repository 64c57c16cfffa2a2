import type { Construct } from "../providers/cdktf";
import type { KeyVaultSecret, RoleAssignment } from "../providers/azurerm";
import { grantVaultSecretRead } from "../key-vault-ref";
import type { DecisionKeySecrets } from "./decision-keys";
import type { DirectoryManagerCredential } from "./directory-manager-credentials";
import type { FlowRelaySettings } from "./settings";

/** The relay's secrets in the vault: the flow URLs, and with decisions the credentials and keys. */
export interface RelaySecrets {
  readonly directoryManager?: Record<DirectoryManagerCredential, KeyVaultSecret>;
  readonly decisionKeys?: DecisionKeySecrets;
}

/**
 * Key Vault Secrets User per secret, for the identity that resolves the app's references (`id` is
 * the relay's construct id, which prefixes the grants' ids).
 */
export function grantRelaySecretReads(
  scope: Construct,
  id: string,
  settings: Pick<FlowRelaySettings, "keyVault" | "routeKeys" | "routes">,
  principalId: string,
  secrets: RelaySecrets,
): RoleAssignment[] {
  const { keyVault, routeKeys, routes } = settings;
  return [
    ...routeKeys.map((key) =>
      grantVaultSecretRead(scope, `${id}-reads-flow-url-${key}`, keyVault, principalId, routes[key].flowUrlSecret),
    ),
    ...Object.entries(secrets.directoryManager ?? {}).map(([key, secret]) =>
      grantVaultSecretRead(
        scope,
        `${id}-reads-dm-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
        keyVault,
        principalId,
        secret,
      ),
    ),
    ...Object.entries(secrets.decisionKeys?.bySlot ?? {}).map(([slot, secret]) =>
      grantVaultSecretRead(scope, `${id}-reads-${slot}`, keyVault, principalId, secret),
    ),
  ];
}
