import { Construct, TerraformResource } from "./providers/cdktf";
import { checkProvidersDeclared } from "./providers-declared";
import { DataAzurermKeyVault, KeyVault, KeyVaultSecret, RoleAssignment } from "./providers/azurerm";
import { suppressRule } from "./security/suppress";
import { KEY_VAULT_NAME } from "../contract/patterns";
import { PropChecks, isUnresolved } from "./validation";
import { KeyVaultRef, VaultSecretProps, newSecretReadGrant, newVaultSecret } from "./key-vault-ref";
import { claimName } from "./naming/name-claims";
import { roleWaitSeconds, waitForRoles } from "./role-wait";

export type { KeyVaultRef, VaultSecretProps };

export interface SecureKeyVaultProps {
  /** Vault name, globally unique: 3-24 letters, digits and hyphens; two vaults of one app with the same name fail at synth. */
  readonly name: string;
  /** Resource group the vault is created in (or looked up in, with `useExisting`). */
  readonly resourceGroupName: string;
  /** Azure region. */
  readonly location: string;
  /** Entra tenant of the vault. */
  readonly tenantId: string;
  /**
   * Object id of the identity that runs `cdktf deploy`; it is granted Key Vault Secrets Officer on
   * this vault so it can write the secrets the stack declares.
   * @default - no grant (the deployer already has a data-plane role)
   */
  readonly deployerObjectId?: string;
  /**
   * Public IPv4 addresses or CIDR ranges let through the firewall; everything else is denied
   * except trusted Azure services.
   * @default [] - deny all but trusted Azure services
   */
  readonly allowedIpRanges?: string[];
  /**
   * Seconds secrets wait after the deployer's role assignment is created, 1-1800: Azure takes
   * minutes to honour a new data-plane role, and a secret written before that fails with 403.
   * @default 120
   */
  readonly roleWaitSeconds?: number;
  /** Days a deleted vault or secret can be recovered, 7-90. @default 90 */
  readonly softDeleteRetentionDays?: number;
  /** @default {} */
  readonly tags?: Record<string, string>;
  /**
   * Use this existing vault (looked up by `name` in `resourceGroupName`) instead of creating one;
   * its own settings are then its owner's responsibility.
   * @default false
   */
  readonly useExisting?: boolean;
}

/** A single IPv4 address as Key Vault stores it ("/32"); a range or a reference unchanged. */
const asCidr = (ip: string) => (isUnresolved(ip) || ip.includes("/") ? ip : `${ip}/32`);

/**
 * A Key Vault with the secure defaults the security rules check (docs/security-rules.md): RBAC
 * authorization (no access policies), purge protection and soft delete, firewall deny-by-default
 * with the AzureServices bypass.
 * Secrets are added through {@link addSecret} so each gets a content type, expiry and tags.
 */
export class SecureKeyVault extends Construct implements KeyVaultRef {
  /** The vault: created here, or looked up when `useExisting`. */
  public readonly vault: KeyVault | DataAzurermKeyVault;
  /** Resource id of the vault. */
  public readonly id: string;
  /** Resource id of the vault (the same as `id`). */
  public readonly keyVaultId: string;
  /** Name of the vault. */
  public readonly name: string;
  /** `https://<name>.vault.azure.net/` */
  public readonly vaultUri: string;
  private readonly tags: Record<string, string>;
  /** What a secret waits for: the deployer's role assignment, then the time for it to work. */
  private readonly deployerAccess?: TerraformResource;

  constructor(scope: Construct, id: string, props: SecureKeyVaultProps) {
    super(scope, id);
    checkProvidersDeclared(this);
    const checks = new PropChecks(this);
    const retention = checks.wholeNumber("softDeleteRetentionDays", props.softDeleteRetentionDays ?? 90, 7, 90);
    checks.matches("name", props.name, KEY_VAULT_NAME, "3-24 letters, digits and single hyphens starting with a letter");
    this.tags = props.tags ?? {};
    this.vault = props.useExisting
      ? new DataAzurermKeyVault(this, "vault", { name: props.name, resourceGroupName: props.resourceGroupName })
      : this.createVault(props, retention);
    this.id = this.vault.id;
    this.keyVaultId = this.vault.id;
    this.name = this.vault.name;
    this.vaultUri = this.vault.vaultUri;
    const wait = roleWaitSeconds(checks, "roleWaitSeconds", props.roleWaitSeconds);
    if (props.deployerObjectId !== undefined) {
      const role = new RoleAssignment(this, "deployer-secrets-officer", {
        scope: this.vault.id,
        roleDefinitionName: "Key Vault Secrets Officer",
        principalId: props.deployerObjectId,
        description: "Lets the identity that runs cdktf deploy write this stack's secrets",
      });
      this.deployerAccess = waitForRoles(this, "deployer-secrets-officer-wait", [role], wait);
    }
  }

  private createVault(props: SecureKeyVaultProps, retention: number): KeyVault {
    claimName(this, { prop: "name", kind: "Key Vault", name: props.name, scope: "azure" });
    const vault = new KeyVault(this, "vault", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tenantId: props.tenantId,
      skuName: "standard",
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: retention,
      // Reachable only from the allowed IPs and trusted Azure services; the pipeline adds its own
      // address for the length of a deploy (see docs/pipeline.md).
      publicNetworkAccessEnabled: true,
      // Key Vault stores a single address as "a.b.c.d/32" and the provider reads it back so: written
      // that way, the plan shows no change (docs/deploying.md#values-the-providers-normalise).
      networkAcls: { defaultAction: "Deny", bypass: "AzureServices", ipRules: (props.allowedIpRanges ?? []).map(asCidr) },
      tags: this.tags,
    });
    suppressRule(
      vault,
      "DMF-KV-PUBLIC-ACCESS",
      "Public network access stays on so pipeline runners can write secrets during a deploy; the firewall denies every source but trusted Azure services and the allowed IPs, and access is Entra ID RBAC only",
    );
    suppressRule(
      vault,
      "DMF-KV-PRIVATE-ENDPOINT",
      "Hosted pipeline runners and the Flex Consumption relay have no virtual network to reach a private endpoint from; the firewall denies by default and data-plane access is Entra ID RBAC only, per secret",
    );
    return vault;
  }

  /** Adds a secret with content type, expiry and the vault's tags; it waits for the deployer's access to work. */
  public addSecret(id: string, props: VaultSecretProps): KeyVaultSecret {
    return newVaultSecret(this, id, this.vault.id, props, { tags: this.tags, dependsOn: this.deployerAccess });
  }

  /**
   * Grants Key Vault Secrets User to a principal, on one secret when given (the narrowest scope
   * Key Vault RBAC allows), else on the whole vault.
   */
  public grantSecretRead(id: string, principalId: string, secret?: KeyVaultSecret): RoleAssignment {
    return newSecretReadGrant(this, id, this.vault.id, principalId, secret);
  }
}
