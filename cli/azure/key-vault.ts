/**
 * Key Vault through @azure/keyvault-secrets: secret metadata for `verify` (listing properties
 * needs only Key Vault Reader and never returns a value), and the values `dm-settings` needs
 * (Directory Manager's API credentials, the app's client secret), which go straight to the Masker.
 */
import type { Agent } from "node:https";
import type { TokenCredential } from "@azure/core-auth";
import { azureSdkError } from "./azure-sdk-error";

export interface SecretProperties {
  readonly name: string;
  readonly enabled: boolean;
  readonly expiresOn?: Date;
}

export interface SecretStore {
  /** Properties of the current version of every secret in the vault; never values. */
  listProperties(): Promise<SecretProperties[]>;
  /** The current value of one secret. */
  getValue(name: string): Promise<string>;
}

/** Opens a vault by its URL, e.g. https://contoso-dm-kv.vault.azure.net/. */
export type SecretStoreFactory = (vaultUrl: string) => SecretStore;

/** A Key Vault secret id split into its vault URL and secret name. */
export function parseSecretId(secretId: string): { vaultUrl: string; name: string } {
  const url = new URL(secretId);
  const name = url.pathname.split("/").filter(Boolean)[1] ?? "";
  return { vaultUrl: `${url.origin}/`, name };
}

export function keyVaultSecretStores(credential: TokenCredential, agent: Agent): SecretStoreFactory {
  return (vaultUrl) => {
    // Loaded only when a vault is used, so `dmflow --help` stays fast.
    const { SecretClient } = require("@azure/keyvault-secrets") as typeof import("@azure/keyvault-secrets");
    const client = new SecretClient(vaultUrl, credential, { agent, retryOptions: { maxRetries: 1 } });
    return {
      async listProperties() {
        try {
          const found: SecretProperties[] = [];
          for await (const p of client.listPropertiesOfSecrets())
            found.push({ name: p.name, enabled: p.enabled ?? true, expiresOn: p.expiresOn });
          return found;
        } catch (error) {
          throw azureSdkError(
            error,
            `Key Vault ${vaultUrl} (list secret properties)`,
            "give the Azure identity running dmflow the Key Vault Reader role on the vault (metadata only)",
          );
        }
      },
      async getValue(name) {
        try {
          const secret = await client.getSecret(name);
          return secret.value ?? "";
        } catch (error) {
          throw azureSdkError(
            error,
            `Key Vault ${vaultUrl} (secret ${name})`,
            `give the Azure identity running dmflow the Key Vault Secrets User role on the secret ${name}`,
          );
        }
      },
    };
  };
}
