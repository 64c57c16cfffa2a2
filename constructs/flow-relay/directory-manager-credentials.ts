import type { Construct } from "../providers/cdktf";
import type { KeyVaultSecret } from "../providers/azurerm";
import { Rotating } from "../providers/time";
import { type KeyVaultRef, addVaultSecret } from "../key-vault-ref";
import type { FlowRelayDecisionSettings } from "./settings";
import { secretVariable } from "../secret-variable";

/** The four Directory Manager API credentials the decisions endpoint signs in with. */
export type DirectoryManagerCredential = "username" | "password" | "clientId" | "clientSecret";

/** Key Vault secret name and Terraform variable suffix of each credential. */
const CREDENTIALS: readonly {
  key: DirectoryManagerCredential;
  secretName: string;
  variableSuffix: string;
  description: string;
}[] = [
  {
    key: "username",
    secretName: "dm-api-username",
    variableSuffix: "username",
    description: "Directory Manager API user name (decisions endpoint)",
  },
  {
    key: "password",
    secretName: "dm-api-password",
    variableSuffix: "password",
    description: "Directory Manager API password (decisions endpoint)",
  },
  {
    key: "clientId",
    secretName: "dm-api-client-id",
    variableSuffix: "client_id",
    description: "Directory Manager API client id (decisions endpoint)",
  },
  {
    key: "clientSecret",
    secretName: "dm-api-client-secret",
    variableSuffix: "client_secret",
    description: "Directory Manager API client secret (decisions endpoint)",
  },
];

/**
 * The Directory Manager API credentials as Key Vault secrets: filled from sensitive Terraform
 * variables, or (credentialsSource "external") a placeholder that Terraform writes once and then
 * ignores. Their expiry moves forward every credentialsRotationDays at the next apply; the
 * rotation is returned too, for the decision keys' expiry.
 * `id` is the relay's construct id, which prefixes the secrets' ids in the vault; the variables
 * are named `<variablePrefix>_username` and so on.
 */
export function createDirectoryManagerCredentials(
  scope: Construct,
  id: string,
  keyVault: KeyVaultRef,
  decisions: FlowRelayDecisionSettings,
  tags: Record<string, string>,
): { secrets: Record<DirectoryManagerCredential, KeyVaultSecret>; rotation: Rotating } {
  const source = decisions.credentialsSource;
  // The values are written write-only: when the rotation moves (every credentialsRotationDays, or
  // when credentialsVersion changes), its time is the new value version and the values are rewritten.
  const rotation = new Rotating(scope, "directory-manager-credentials-rotation", {
    rotationDays: decisions.credentialsRotationDays,
    triggers: { credentials_version: String(decisions.credentialsVersion) },
  });
  const secret = ({ key, secretName, variableSuffix, description }: (typeof CREDENTIALS)[number]) => {
    let value = "set-with-az-keyvault-secret-set";
    if (source === "variables") {
      value = secretVariable(scope, `${decisions.variablePrefix}_${variableSuffix}`, {
        prop: "decisions.variablePrefix",
        description,
      }).stringValue;
    }
    const vaultSecret = addVaultSecret(scope, `${id}-dm-${variableSuffix.replace(/_/g, "-")}`, keyVault, {
      name: secretName,
      value,
      valueVersion: source === "external" ? 1 : rotation.unix,
      contentType: "text/plain",
      expirationDate: rotation.rotationRfc3339,
      valueManagedOutside: source === "external",
      tags,
    });
    return [key, vaultSecret] as const;
  };
  return {
    secrets: Object.fromEntries(CREDENTIALS.map(secret)) as Record<DirectoryManagerCredential, KeyVaultSecret>,
    rotation,
  };
}
