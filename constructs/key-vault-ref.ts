import type { Construct, TerraformResource } from "./providers/cdktf";
import { KeyVaultSecret, RoleAssignment } from "./providers/azurerm";
import { suppressRule } from "./security/suppress";
import { PropChecks, described, isUnresolved } from "./validation";

/**
 * The Key Vault a construct writes its secrets to. An `azurerm_key_vault` resource or data source
 * of your own stack fits as it is, and so does a {@link SecureKeyVault}; nothing is looked up.
 */
export interface KeyVaultRef {
  /** Resource id of the vault. */
  readonly id: string;
  /** Name of the vault. */
  readonly name: string;
  /** `https://<name>.vault.azure.net/` */
  readonly vaultUri: string;
}

export interface VaultSecretProps {
  /** Secret name: 1-127 letters, digits and hyphens. */
  readonly name: string;
  /**
   * The value: a reference (an ephemeral or sensitive variable, or another resource's attribute),
   * never a literal; with `valueManagedOutside`, a non-secret placeholder. It is written with the
   * write-only `value_wo`, so Terraform state never holds it.
   */
  readonly value: string;
  /**
   * `value_wo_version`: Terraform writes the value when the secret is created and whenever this
   * number changes (a write-only value is never compared with Azure). Pass the unix time of the
   * time_rotating that rotates the value. @default 1
   */
  readonly valueVersion?: number;
  /** What the secret holds, e.g. "text/uri" or "application/x-client-secret". */
  readonly contentType: string;
  /** RFC 3339 expiry; usually a reference to a time resource or a password's end date. */
  readonly expirationDate: string;
  /**
   * The value is managed outside Terraform after creation (set with `az keyvault secret set`);
   * Terraform writes the placeholder once and never reads the value back.
   * @default false
   */
  readonly valueManagedOutside?: boolean;
  /** Tags on the secret, over the vault's own (a SecureKeyVault's tags). @default {} */
  readonly tags?: Record<string, string>;
}

/** A vault that adds and grants secrets itself (SecureKeyVault: its tags, its deployer's access). */
interface SecretKeeper extends KeyVaultRef {
  addSecret(id: string, props: VaultSecretProps): KeyVaultSecret;
  grantSecretRead(id: string, principalId: string, secret?: KeyVaultSecret): RoleAssignment;
}
const isSecretKeeper = (vault: KeyVaultRef): vault is SecretKeeper =>
  typeof (vault as Partial<SecretKeeper>).addSecret === "function" &&
  typeof (vault as Partial<SecretKeeper>).grantSecretRead === "function";

const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;

/** Marks a secret whose value is a placeholder (set outside Terraform), for the secret rules. */
export const PLACEHOLDER_SECRET_METADATA = "dmflow:placeholderSecret";

/**
 * Declares a secret with content type, expiry and tags in `vault` (its id is used as it is). A
 * SecureKeyVault adds it under itself; any other vault gets it under `scope`, with id `vault-<id>`.
 */
export function addVaultSecret(
  scope: Construct,
  id: string,
  vault: KeyVaultRef,
  props: VaultSecretProps,
): KeyVaultSecret {
  if (isSecretKeeper(vault)) return vault.addSecret(id, props);
  return newVaultSecret(scope, `vault-${id}`, vault.id, props);
}

/** Grants Key Vault Secrets User on one secret (else the whole vault) to a service principal. */
export function grantVaultSecretRead(
  scope: Construct,
  id: string,
  vault: KeyVaultRef,
  principalId: string,
  secret?: KeyVaultSecret,
): RoleAssignment {
  if (isSecretKeeper(vault)) return vault.grantSecretRead(id, principalId, secret);
  return newSecretReadGrant(scope, `vault-${id}`, vault.id, principalId, secret);
}

/**
 * The secret itself; `dependsOn` is what the deployer's write waits for, when its access is granted
 * here (the role assignment and the time for it to work).
 */
export function newVaultSecret(
  scope: Construct,
  id: string,
  keyVaultId: string,
  props: VaultSecretProps,
  extra: { tags?: Record<string, string>; dependsOn?: TerraformResource } = {},
): KeyVaultSecret {
  const checks = new PropChecks(`${scope.node.path}/${id}`);
  checks.matches("name", props.name, SECRET_NAME, "1-127 letters, digits and hyphens");
  if (!props.valueManagedOutside && !isUnresolved(props.value)) {
    checks.fail(
      "value",
      "a reference (a sensitive variable or a resource attribute), never a literal in code or config",
      described("a literal (not shown)"),
    );
  }
  const secret = new KeyVaultSecret(scope, id, {
    name: props.name,
    keyVaultId,
    // Write-only: the provider sends it and keeps it out of state (azurerm >= 4.23, Terraform >= 1.11).
    valueWo: props.value,
    valueWoVersion: checks.wholeNumber("valueVersion", props.valueVersion ?? 1, 1, Number.MAX_SAFE_INTEGER),
    contentType: props.contentType,
    expirationDate: props.expirationDate,
    tags: { ...extra.tags, ...props.tags },
    dependsOn: extra.dependsOn ? [extra.dependsOn] : undefined,
  });
  if (props.valueManagedOutside) secret.node.addMetadata(PLACEHOLDER_SECRET_METADATA, true);
  if (isUnresolved(props.expirationDate)) {
    suppressRule(
      secret,
      "DMF-KV-SECRET-EXPIRY-DATE",
      "The expiry follows the credential's end date or the rotation schedule (time_rotating), known at apply; a literal date could not follow a rotation. DMF-KV-SECRET-EXPIRY checks it is set.",
    );
  }
  return secret;
}

/** Key Vault Secrets User on one secret (the narrowest scope Key Vault RBAC allows), else on the vault. */
export function newSecretReadGrant(
  scope: Construct,
  id: string,
  keyVaultId: string,
  principalId: string,
  secret?: KeyVaultSecret,
): RoleAssignment {
  return new RoleAssignment(scope, id, {
    scope: secret ? secret.resourceVersionlessId : keyVaultId,
    roleDefinitionName: "Key Vault Secrets User",
    principalId,
    principalType: "ServicePrincipal",
  });
}
