import { Construct } from "./providers/cdktf";
import { DataAzurermClientConfig, DataAzurermResourceGroup, ResourceGroup } from "./providers/azurerm";
import { DirectoryManagerApp, type DirectoryManagerAppProps } from "./directory-manager-app";
import { SecureKeyVault } from "./secure-key-vault";
import type { KeyVaultRef } from "./key-vault-ref";
import type { ResourceGroupRef } from "./resource-group-ref";
import { FlowEnvironment, type FlowEnvironmentProps } from "./flow-environment";
import { FlowRelay, type FlowRelayDecisions, type FlowRelayProps } from "./flow-relay";
import { PropChecks, isUnresolved } from "./validation";
import { GUID } from "../contract/patterns";
import { NAME_RULES, derivedName } from "./naming/derived-name";
import { claimName } from "./naming/name-claims";
import { uniqueSuffix } from "./naming/unique-suffix";
import { variableStem } from "./naming/variable-stem";

/** FlowRelay's props as the composite takes them: the wiring (vault, routes, departments) is its own. */
export type DirectoryManagerFlowRelayProps = Omit<
  FlowRelayProps,
  | "resourceGroupName"
  | "location"
  | "namePrefix"
  | "nameSuffix"
  | "roleWaitSeconds"
  | "keyVault"
  | "routes"
  | "departments"
  | "allowedFlowHostSuffixes"
  | "decisions"
  | "tags"
> & {
  /**
   * The decisions endpoint (approve/deny relayed to Directory Manager's API).
   * @default - off; `directoryManagerUrl` defaults to the flow environment's server and
   * `identityStoreId` to the flow environment's identity store (whose routes the relay serves)
   */
  readonly decisions?: Omit<FlowRelayDecisions, "directoryManagerUrl" | "identityStoreId"> & {
    readonly directoryManagerUrl?: string;
    readonly identityStoreId?: number;
  };
};

export interface DirectoryManagerFlowProps {
  /**
   * Azure region of every resource, e.g. "westeurope".
   * @default - the region of `resourceGroup` (required without it)
   */
  readonly location?: string;
  /**
   * Your own resource group (an `azurerm_resource_group` resource or data source, used as given);
   * else `resourceGroupName` names the group this construct creates or looks up.
   * @default - the group named `resourceGroupName`
   */
  readonly resourceGroup?: ResourceGroupRef;
  /** Resource group that holds everything, created here unless `useExistingResourceGroup` (required without `resourceGroup`). */
  readonly resourceGroupName?: string;
  /** Look up the group named `resourceGroupName` (made outside this stack) instead of creating it. @default false */
  readonly useExistingResourceGroup?: boolean;
  /**
   * Your own Key Vault for every secret (an `azurerm_key_vault` resource or data source, or a
   * SecureKeyVault, used as given); the `keyVault*` props then do not apply.
   * @default - a SecureKeyVault created here (or looked up, with useExistingKeyVault)
   */
  readonly keyVault?: KeyVaultRef;
  /**
   * Name of the Key Vault: unique in Azure, 3-24 letters, digits and single hyphens.
   * @default "<namePrefix>-kv-<suffix>", the prefix cut to fit (required with useExistingKeyVault)
   */
  readonly keyVaultName?: string;
  /** Look up the named Key Vault (made outside this stack, in the resource group) instead of creating one. @default false */
  readonly useExistingKeyVault?: boolean;
  /**
   * Public IPs let through the Key Vault firewall, and the relay's storage firewall unless
   * `relay.storageAllowedIpRanges` is given (a workstation deployer's address, for its first deploy).
   * @default []
   */
  readonly keyVaultAllowedIpRanges?: string[];
  /**
   * Other identities that deploy this stack besides the one running it (e.g. the pipeline's, when
   * a workstation deploys first): granted the deployer's data roles (Key Vault Secrets Officer, and
   * Website Contributor on the relay), so their first plan and code push need no extra step.
   * @default []
   */
  readonly additionalDeployerObjectIds?: string[];
  /** Key Vault soft-delete retention in days, 7-90. @default 90 */
  readonly keyVaultSoftDeleteRetentionDays?: number;
  /**
   * The Directory Manager app registration, or `false` to leave it out (for a tenant where it is
   * managed elsewhere).
   * @default {} - the defaults of DirectoryManagerAppProps
   */
  readonly directoryManagerApp?: Omit<DirectoryManagerAppProps, "keyVault"> | false;
  /**
   * Directory Manager's Power Automate settings and workflow routes. Client and tenant id come
   * from the app registration unless given (they must be given when the app is left out).
   * @default - no flow environment (only the app registration and the vault)
   */
  readonly flowEnvironment?: Omit<FlowEnvironmentProps, "keyVault" | "clientId" | "tenantId"> & {
    readonly clientId?: string;
    readonly tenantId?: string;
  };
  /**
   * The relay function between Directory Manager and Power Automate, or `false` to leave it out
   * (Directory Manager then calls the flow URL itself). Needs `flowEnvironment`.
   * @default {} when flowEnvironment is given - the defaults of FlowRelayProps
   */
  readonly relay?: DirectoryManagerFlowRelayProps | false;
  /**
   * Start of derived resource names (vault, relay, storage, monitoring): 1-41 letters, digits and
   * hyphens, starting with a letter. Each derived name ends with a suffix of 6 hex digits,
   * sha1("<subscription id>/<this construct's path>"), so a second instance, environment or
   * organisation gets names of its own; an explicit name wins.
   * @default "dmflow"
   */
  readonly namePrefix?: string;
  /**
   * Subscription the resources go to, for the suffix of derived names; when given (a literal),
   * the names are known at synth, else at plan. The value is the same either way.
   * @default - the deploying identity's subscription, read at plan
   */
  readonly subscriptionId?: string;
  /**
   * Seconds the first data-plane writes (Key Vault secrets, the relay package) wait after the
   * deployer's role assignments are created, 1-1800. @default 120
   */
  readonly roleWaitSeconds?: number;
  /** Tags on every resource that takes tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * Directory Manager ⇄ Power Automate, wired with secure defaults: the resource group, the Key
 * Vault that holds every secret, the Directory Manager app registration, the flow environment
 * settings with each workflow route's flow URL, and the relay function that Directory Manager calls.
 */
export class DirectoryManagerFlow extends Construct {
  public readonly resourceGroupName: string;
  /** The vault that holds every secret: the one given, or the SecureKeyVault made here. */
  public readonly keyVault: KeyVaultRef;
  /** The SecureKeyVault made (or looked up) here; undefined when `keyVault` is given. */
  public readonly secureKeyVault?: SecureKeyVault;
  /** Undefined when `directoryManagerApp` is false. */
  public readonly directoryManagerApp?: DirectoryManagerApp;
  /** Undefined when `flowEnvironment` is not given. */
  public readonly flowEnvironment?: FlowEnvironment;
  /** Undefined when `relay` is false or there is no flow environment. */
  public readonly relay?: FlowRelay;

  constructor(scope: Construct, id: string, props: DirectoryManagerFlowProps) {
    super(scope, id);
    const checks = new PropChecks(this);
    const tags = props.tags ?? {};
    const resourceGroup = this.resourceGroupOf(props, checks, tags);
    const location = props.location ?? resourceGroup.location;
    this.resourceGroupName = resourceGroup.name;
    const deployer = new DataAzurermClientConfig(this, "deployer");
    const namePrefix = checks.matches(
      "namePrefix",
      props.namePrefix ?? "dmflow",
      /^[a-zA-Z][a-zA-Z0-9-]{0,40}$/,
      "1-41 letters, digits and hyphens starting with a letter",
    );
    if (isUnresolved(namePrefix))
      checks.fail("namePrefix", "known at synth (derived names are cut to Azure's lengths)", namePrefix);
    checks.matches("subscriptionId", props.subscriptionId, GUID, "a subscription id (GUID)");
    const nameSuffix = uniqueSuffix(this, props.subscriptionId ?? deployer.subscriptionId);
    if (props.useExistingKeyVault && props.keyVaultName === undefined)
      checks.fail("keyVaultName", "given when useExistingKeyVault is true (the vault to look up)", undefined);

    this.secureKeyVault = props.keyVault
      ? undefined
      : new SecureKeyVault(this, "key-vault", {
          name: props.keyVaultName ?? derivedName(NAME_RULES.keyVault, namePrefix, "kv", nameSuffix),
          resourceGroupName: resourceGroup.name,
          location,
          tenantId: deployer.tenantId,
          deployerObjectId: deployer.objectId,
          additionalDeployerObjectIds: props.additionalDeployerObjectIds,
          allowedIpRanges: props.keyVaultAllowedIpRanges,
          softDeleteRetentionDays: props.keyVaultSoftDeleteRetentionDays,
          roleWaitSeconds: props.roleWaitSeconds,
          useExisting: props.useExistingKeyVault,
          tags,
        });
    this.keyVault = props.keyVault ?? this.secureKeyVault!;

    if (props.directoryManagerApp !== false) {
      this.directoryManagerApp = new DirectoryManagerApp(this, "directory-manager-app", {
        ...(props.directoryManagerApp ?? {}),
        displayName: props.directoryManagerApp?.displayName ?? `Netwrix Directory Manager (${this.node.path})`,
        secretTags: { ...tags, ...props.directoryManagerApp?.secretTags },
        keyVault: this.keyVault,
      });
    }

    if (props.flowEnvironment) {
      const app = this.directoryManagerApp;
      const clientId = props.flowEnvironment.clientId ?? app?.clientId;
      const tenantId = props.flowEnvironment.tenantId ?? app?.tenantId;
      for (const [prop, value] of [
        ["flowEnvironment.clientId", clientId],
        ["flowEnvironment.tenantId", tenantId],
      ] as const) {
        if (value === undefined)
          checks.fail(
            prop,
            "given when directoryManagerApp is false (a GUID of the app registration Directory Manager uses)",
            value,
          );
      }
      this.flowEnvironment = new FlowEnvironment(this, "flow-environment", {
        ...props.flowEnvironment,
        variablePrefix: props.flowEnvironment.variablePrefix ?? `${variableStem(this)}_flow_request_url`,
        clientId: clientId!,
        tenantId: tenantId!,
        keyVault: this.keyVault,
      });
    }

    if (props.relay !== false && props.relay !== undefined && !this.flowEnvironment) {
      checks.fail(
        "relay",
        "false or left out when flowEnvironment is not given (the relay serves its routes and flow URLs)",
        props.relay,
      );
    }
    if (props.relay !== false && this.flowEnvironment) {
      const { decisions, ...relay } = props.relay ?? {};
      this.relay = new FlowRelay(this, "relay", {
        deployerObjectId: deployer.objectId,
        additionalDeployerObjectIds: props.additionalDeployerObjectIds,
        storageAllowedIpRanges: props.keyVaultAllowedIpRanges,
        roleWaitSeconds: props.roleWaitSeconds,
        ...relay,
        resourceGroupName: resourceGroup.name,
        location,
        namePrefix,
        nameSuffix,
        tags,
        keyVault: this.keyVault,
        routes: this.flowEnvironment.routes,
        departments: this.flowEnvironment.departments,
        allowedFlowHostSuffixes: this.flowEnvironment.allowedFlowHostSuffixes,
        decisions: decisions && {
          ...decisions,
          variablePrefix: decisions.variablePrefix ?? `${variableStem(this)}_directory_manager`,
          directoryManagerUrl: decisions.directoryManagerUrl ?? this.flowEnvironment.directoryManagerUrl,
          identityStoreId: decisions.identityStoreId ?? this.flowEnvironment.identityStoreId,
        },
      });
    }
  }

  /** The group given, else the one named resourceGroupName: created here, or looked up when made elsewhere. */
  private resourceGroupOf(
    props: DirectoryManagerFlowProps,
    checks: PropChecks,
    tags: Record<string, string>,
  ): ResourceGroupRef {
    if (props.resourceGroup) {
      if (props.resourceGroupName !== undefined)
        checks.fail(
          "resourceGroupName",
          "left out when resourceGroup is given (the group's own name is used)",
          props.resourceGroupName,
        );
      return props.resourceGroup;
    }
    if (props.resourceGroupName === undefined)
      return checks.fail(
        "resourceGroupName",
        "given when resourceGroup is not (the group to create or look up)",
        undefined,
      );
    if (props.useExistingResourceGroup) {
      const found = new DataAzurermResourceGroup(this, "resource-group", { name: props.resourceGroupName });
      return { name: found.name, location: props.location ?? found.location };
    }
    if (props.location === undefined)
      return checks.fail(
        "location",
        "given when resourceGroup is not (the region of the group created here)",
        undefined,
      );
    claimName(this, {
      prop: "resourceGroupName",
      kind: "resource group",
      name: props.resourceGroupName,
      scope: "stack",
      problem: (other) => ({
        expected: `a group no other construct in this stack creates (${other} creates it): pass that group as resourceGroup, or set useExistingResourceGroup`,
        given: props.resourceGroupName,
      }),
    });
    return new ResourceGroup(this, "resource-group", { name: props.resourceGroupName, location: props.location, tags });
  }

  /** The document to enter in Directory Manager, with the relay's URLs when there is a relay. */
  public settingsDocument(): Record<string, unknown> | undefined {
    return this.flowEnvironment?.settingsDocument(this.relay?.routeUrls);
  }
}
