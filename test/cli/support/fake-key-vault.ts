/**
 * An in-memory Key Vault behind dmflow's SecretStore interface (the production adapter wraps
 * @azure/keyvault-secrets): secrets with a value, an enabled flag and an expiry date. It records
 * which values were read, so tests can show `verify` reads metadata only.
 */
import type { SecretProperties, SecretStore, SecretStoreFactory } from "../../../cli/azure/key-vault";
import { CliError } from "../../../cli/cli-error";

export interface FakeSecret {
  value: string;
  enabled: boolean;
  expiresOn?: Date;
}

export class FakeKeyVault {
  readonly secrets = new Map<string, FakeSecret>();
  readonly valuesRead: string[] = [];
  /** Every call is refused, as a vault whose firewall or roles keep dmflow out. */
  denied = false;

  constructor(readonly vaultUrl: string) {}

  set(name: string, secret: FakeSecret): void {
    this.secrets.set(name, secret);
  }

  secretId(name: string): string {
    return `${this.vaultUrl}secrets/${name}`;
  }

  readonly stores: SecretStoreFactory = (vaultUrl) => {
    if (vaultUrl !== this.vaultUrl) throw new Error(`the fake Key Vault is ${this.vaultUrl}, not ${vaultUrl}`);
    const refuse = () => {
      if (this.denied)
        throw new CliError(
          `Key Vault ${vaultUrl} was refused (403 Forbidden); give the Azure identity running dmflow the Key Vault Reader role on the vault (metadata only)`,
        );
    };
    const store: SecretStore = {
      listProperties: async () => {
        refuse();
        return [...this.secrets].map(
          ([name, s]): SecretProperties => ({
            name,
            enabled: s.enabled,
            ...(s.expiresOn ? { expiresOn: s.expiresOn } : {}),
          }),
        );
      },
      getValue: async (name) => {
        refuse();
        const secret = this.secrets.get(name);
        if (!secret) throw new CliError(`Key Vault ${vaultUrl} (secret ${name}) failed: 404 SecretNotFound`);
        this.valuesRead.push(name);
        return secret.value;
      },
    };
    return store;
  };
}
