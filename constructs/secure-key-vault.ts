import { Annotations, Construct, Lazy, type TerraformResource } from "./providers/cdktf";
import { checkProvidersDeclared } from "./providers-declared";
import { DataAzurermKeyVault, KeyVault, type KeyVaultSecret, RoleAssignment } from "./providers/azurerm";
import { suppressRule } from "./security/suppress";
import { GUID, KEY_VAULT_NAME } from "../contract/patterns";
import { deployerGrantCount } from "./deployers";
import { PropChecks, isUnresolved } from "./validation";
import { type KeyVaultRef, type VaultSecretProps, newSecretReadGrant, newVaultSecret } from "./key-vault-ref";
import { claimName } from "./naming/name-claims";
import { roleWaitSeconds, waitForRoles } from "./role-wait";
import { SETTING_BOUNDS, boundedProp } from "./settings-bounds";

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
   * Other identities that deploy this stack (e.g. the pipeline's, when a workstation deploys
   * first): granted Key Vault Secrets Officer too, so their first plan can read the secrets. The
   * deployer's own grant is left out when it is one of these.
   * @default []
   */
  readonly additionalDeployerObjectIds?: string[];
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
  /** Subnets the firewall lets through (service endpoints), added by the constructs that use the vault. */
  private readonly allowedSubnetIds: string[] = [];
  /** Set when a user opted out of the private network path, with their reason. */
  private openToAllNetworksReason?: string;

  constructor(scope: Construct, id: string, props: SecureKeyVaultProps) {
    super(scope, id);
    checkProvidersDeclared(this);
    const checks = new PropChecks(this);
    const retention = boundedProp(
      checks,
      "softDeleteRetentionDays",
      props.softDeleteRetentionDays,
      SETTING_BOUNDS.keyVaultSoftDeleteRetentionDays,
    );
    checks.matches(
      "name",
      props.name,
      KEY_VAULT_NAME,
      "3-24 letters, digits and single hyphens starting with a letter",
    );
    this.tags = props.tags ?? {};
    this.vault = props.useExisting
      ? new DataAzurermKeyVault(this, "vault", { name: props.name, resourceGroupName: props.resourceGroupName })
      : this.createVault(props, retention);
    this.id = this.vault.id;
    this.keyVaultId = this.vault.id;
    this.name = this.vault.name;
    this.vaultUri = this.vault.vaultUri;
    const wait = roleWaitSeconds(checks, "roleWaitSeconds", props.roleWaitSeconds);
    const others = props.additionalDeployerObjectIds ?? [];
    for (const [i, id] of others.entries())
      checks.matches(`additionalDeployerObjectIds[${i}]`, id, GUID, "an object id (GUID)");
    const officer = (id: string, principalId: string, count?: number) =>
      new RoleAssignment(this, id, {
        scope: this.vault.id,
        roleDefinitionName: "Key Vault Secrets Officer",
        principalId,
        description: "Lets the identity that runs cdktf deploy write this stack's secrets",
        count,
      });
    const roles = [
      ...(props.deployerObjectId === undefined
        ? []
        : [
            officer(
              "deployer-secrets-officer",
              props.deployerObjectId,
              deployerGrantCount(props.deployerObjectId, others),
            ),
          ]),
      ...others.map((principalId, i) => officer(`additional-deployer-${i + 1}-secrets-officer`, principalId)),
    ];
    if (roles.length > 0) this.deployerAccess = waitForRoles(this, "deployer-secrets-officer-wait", roles, wait);
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
      networkAcls: {
        defaultAction: Lazy.stringValue({
          produce: () => (this.openToAllNetworksReason === undefined ? "Deny" : "Allow"),
        }),
        bypass: "AzureServices",
        ipRules: (props.allowedIpRanges ?? []).map(asCidr),
        virtualNetworkSubnetIds: Lazy.listValue({ produce: () => this.allowedSubnetIds }),
      },
      tags: this.tags,
    });
    suppressRule(
      vault,
      "DMF-KV-PUBLIC-ACCESS",
      "Public network access stays on so pipeline runners can write secrets during a deploy; the firewall denies every source but trusted Azure services, the subnets let through (the relay's) and the allowed IPs, and access is Entra ID RBAC only",
    );
    suppressRule(
      vault,
      "DMF-KV-PRIVATE-ENDPOINT",
      "The relay reaches the vault over its subnet's Microsoft.KeyVault service endpoint (its network.privateEndpoints option adds a private endpoint instead), and hosted pipeline runners have no virtual network to reach one from; the firewall denies by default and data-plane access is Entra ID RBAC only, per secret",
    );
    return vault;
  }

  /**
   * Lets a subnet through the firewall (it needs the Microsoft.KeyVault service endpoint), e.g.
   * the subnet a function app resolves its Key Vault references from. An existing vault is not
   * changed: a warning says what its owner must allow.
   */
  public allowSubnet(subnetId: string): void {
    if (this.vault instanceof KeyVault) this.allowedSubnetIds.push(subnetId);
    else
      Annotations.of(this).addWarning(
        `the existing vault's firewall must let subnet ${subnetId} through (or have a private endpoint in its network): Key Vault references resolve over the app's network path`,
      );
  }

  /**
   * Opens the firewall to every network: for an app without a network path to the vault (its Key
   * Vault references are resolved from addresses that are not fixed). Needs a written reason,
   * recorded as the suppression of the firewall rule. An existing vault is not changed.
   */
  public allowAllNetworks(reason: string): void {
    if (!(this.vault instanceof KeyVault)) {
      Annotations.of(this).addWarning(
        `the existing vault must let the relay's Key Vault references through from any network (${reason})`,
      );
      return;
    }
    this.openToAllNetworksReason = reason;
    suppressRule(this.vault, "DMF-KV-FIREWALL-DENY", reason);
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
