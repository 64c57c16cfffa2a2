import { Construct } from "../providers/cdktf";
import {
  DataAzurermClientConfig,
  DataAzurermSubscription,
  ResourceGroup,
  StorageAccount,
  StorageContainer,
  StorageManagementPolicy,
} from "../providers/azurerm";
import { DataAzureadClientConfig, DataAzureadServicePrincipal } from "../providers/azuread";
import { suppressRule } from "../security/suppress";
import { SECURE_STORAGE_ACCOUNT_DEFAULTS } from "../secure-storage-defaults";
import { GUID } from "../../contract/patterns";
import { RESOURCE_APIS } from "../resource-apis";
import { PropChecks, described } from "../validation";
import { constrainedRoleAssignmentCondition, DEPLOY_ASSIGNABLE_ROLES } from "./deploy-roles";
import { type AzureDevOpsFederation, deploySubjects, type GitHubFederation, planSubjects } from "./pipeline-federation";
import { type PipelineGrant, PipelineIdentity } from "./pipeline-identity";

/** One environment the pipeline deploys: its own deploy identity, resource group and rights. */
export interface PipelineEnvironment {
  /** The environment's name: config/<name>.json, the GitHub environment, the service connection suffix. */
  readonly name: string;
  /** The resource group its stack deploys into; created here. */
  readonly resourceGroupName: string;
  /**
   * Its deploy grants tenant-wide admin consent for the Directory Manager app (the config's
   * `directoryManagerApp.adminConsent`): its deploy identity then also holds a Graph permission
   * that can create delegated permission grants.
   * @default true
   */
  readonly adminConsent?: boolean;
  /** Its deploy creates Entra security groups (`departmentGroups.create`): its deploy identity then holds Group.Create. @default false */
  readonly createsGroups?: boolean;
}

export interface PipelineBootstrapProps {
  /** Azure region of the state storage and the resource groups, e.g. "westeurope". */
  readonly location: string;
  /** Resource group created for the state storage account. */
  readonly stateResourceGroupName: string;
  /** State storage account name, globally unique: 3-24 lower-case letters and digits. */
  readonly stateStorageAccountName: string;
  /** Blob container that holds one state file per environment. @default "tfstate" */
  readonly stateContainerName?: string;
  /** Replication of the state account; geo-redundant by default. @default "GRS" */
  readonly stateReplicationType?: string;
  /** Days a deleted or overwritten state blob (and a deleted container) can be recovered, 7-365. @default 30 */
  readonly stateSoftDeleteDays?: number;
  /** Days old state versions are kept before they are deleted, 1-3650. @default 90 */
  readonly stateVersionRetentionDays?: number;
  /** The environments the pipeline deploys, one deploy identity each (set `resourceGroup.useExisting: true` in each config). */
  readonly environments: PipelineEnvironment[];
  /** Display name prefix of the pipeline's app registrations ("<prefix> plan", "<prefix> deploy <env>"). @default "directory-manager-flow pipeline" */
  readonly pipelineDisplayName?: string;
  /** Object ids of the app registrations' owners besides the identity running the bootstrap. @default [] */
  readonly ownerObjectIds?: string[];
  /** GitHub Actions may sign in. @default - no GitHub federation */
  readonly github?: GitHubFederation;
  /** Azure DevOps service connections may sign in. @default - no Azure DevOps federation */
  readonly azureDevOps?: AzureDevOpsFederation;
  /**
   * The Microsoft Graph application permission used for admin consent. Graph's least-privileged
   * one is DelegatedPermissionGrant.ReadWrite.All; the azuread provider's documentation names
   * Directory.ReadWrite.All.
   * @default "DelegatedPermissionGrant.ReadWrite.All"
   */
  readonly adminConsentGraphPermission?: string;
  /** Roles a deploy identity may assign inside its resource group, name → role definition id. @default DEPLOY_ASSIGNABLE_ROLES */
  readonly assignableRoles?: Readonly<Record<string, string>>;
  /** Tags on every resource that takes tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * What a deploy pipeline needs before its first run, made once by an administrator: the
 * Terraform state storage (private, versioned, soft delete, Entra ID auth only, no shared key),
 * the resource groups the stacks deploy into, and one identity per trust level, each signing in by
 * workload identity federation (no secret): a read-only plan identity for pull requests, plans
 * and drift checks, and one deploy identity per environment that only that environment's gated
 * deploy job can sign in as.
 */
export class PipelineBootstrap extends Construct {
  /** Read-only: plans (pull requests and main) and drift checks. */
  public readonly planIdentity: PipelineIdentity;
  /** One per environment, by environment name: only that environment's deploy job signs in as it. */
  public readonly deployIdentities: Readonly<Record<string, PipelineIdentity>>;
  public readonly stateStorageAccount: StorageAccount;
  public readonly stateContainer: StorageContainer;
  /** Every right every identity holds, and why. */
  public readonly grants: PipelineGrant[];
  /** ARM_TENANT_ID / AZURE_TENANT_ID. */
  public readonly tenantId: string;
  /** ARM_SUBSCRIPTION_ID / AZURE_SUBSCRIPTION_ID. */
  public readonly subscriptionId: string;
  /** The "backend" block for config/<environment>.json (add "key": "<environment>.tfstate"). */
  public readonly stateBackend: {
    type: "azurerm";
    resourceGroupName: string;
    storageAccountName: string;
    containerName: string;
  };

  constructor(scope: Construct, id: string, props: PipelineBootstrapProps) {
    super(scope, id);
    const checks = new PropChecks(this);
    const containerName = props.stateContainerName ?? "tfstate";
    const softDeleteDays = checks.wholeNumber("stateSoftDeleteDays", props.stateSoftDeleteDays ?? 30, 7, 365);
    const versionDays = checks.wholeNumber("stateVersionRetentionDays", props.stateVersionRetentionDays ?? 90, 1, 3650);
    const tags = props.tags ?? {};
    validateProps(checks, props);

    const subscription = new DataAzurermSubscription(this, "subscription");
    const azurermClient = new DataAzurermClientConfig(this, "bootstrapper");

    // --- Terraform state: private, versioned, recoverable, Entra ID only ---
    const stateGroup = new ResourceGroup(this, "state-resource-group", {
      name: props.stateResourceGroupName,
      location: props.location,
      tags,
    });
    this.stateStorageAccount = new StorageAccount(this, "state-storage", {
      name: props.stateStorageAccountName,
      resourceGroupName: stateGroup.name,
      location: props.location,
      // State holds secrets: Entra ID (RBAC) is the only way in; no account key, no SAS.
      ...SECURE_STORAGE_ACCOUNT_DEFAULTS,
      accountReplicationType: props.stateReplicationType ?? "GRS",
      infrastructureEncryptionEnabled: true,
      localUserEnabled: false,
      // Hosted runners have no fixed addresses, and storage IP rules do not apply to callers in
      // the account's own region; access is controlled by Entra ID and RBAC on the container.
      publicNetworkAccessEnabled: true,
      blobProperties: {
        versioningEnabled: true,
        deleteRetentionPolicy: { days: softDeleteDays },
        containerDeleteRetentionPolicy: { days: softDeleteDays },
      },
      tags,
      lifecycle: { preventDestroy: true },
    });
    suppressRule(
      this.stateStorageAccount,
      "DMF-ST-NETWORK-DENY",
      "Hosted pipeline runners have no fixed addresses and storage IP rules do not apply to callers in the account's region; shared keys are off, so only Entra ID identities with a data role on the state container get in",
    );
    suppressRule(
      this.stateStorageAccount,
      "DMF-ST-QUEUE-LOGGING",
      "The state account holds blobs only: no queue is ever created in it, so there are no queue requests to log",
    );
    suppressRule(
      this.stateStorageAccount,
      "DMF-ST-PUBLIC-NETWORK-OFF",
      "Hosted pipeline runners reach the state over the public endpoint (no private network); shared keys are off, so only Entra ID identities with a data role on the state container get in",
    );
    suppressRule(
      this.stateStorageAccount,
      "DMF-ST-PRIVATE-ENDPOINT",
      "Hosted pipeline runners have no virtual network to reach a private endpoint from; access is Entra ID only, on the state container",
    );
    suppressRule(
      this.stateStorageAccount,
      "DMF-ST-CUSTOMER-MANAGED-KEY",
      "A customer key needs a Key Vault that exists before the state backend it would encrypt; Microsoft-managed keys with infrastructure (double) encryption, versioning and soft delete protect the state",
    );
    this.stateContainer = new StorageContainer(this, "state-container", {
      name: containerName,
      storageAccountId: this.stateStorageAccount.id,
      containerAccessType: "private",
    });
    suppressRule(
      this.stateContainer,
      "DMF-ST-BLOB-LOGGING",
      "Log Analytics storage insights reads the account with its access key, and shared keys are off; the container is private and state reads need an Entra ID data role",
    );
    new StorageManagementPolicy(this, "state-version-retention", {
      storageAccountId: this.stateStorageAccount.id,
      rule: [
        {
          name: "expire-old-state-versions",
          enabled: true,
          filters: { blobTypes: ["blockBlob"], prefixMatch: [`${containerName}/`] },
          actions: { version: { deleteAfterDaysSinceCreation: versionDays } },
        },
      ],
    });

    // --- The identities: federated credentials only, never a secret ---
    const owners = [new DataAzureadClientConfig(this, "bootstrapper-entra").objectId, ...(props.ownerObjectIds ?? [])];
    const graph = new DataAzureadServicePrincipal(this, "microsoft-graph", {
      clientId: RESOURCE_APIS.microsoftGraph.clientId,
    });
    const displayName = props.pipelineDisplayName ?? "directory-manager-flow pipeline";
    const stateAccountLabel = `state storage account ${props.stateStorageAccountName}`;
    const stateContainerLabel = `state container ${containerName}`;
    const groups = props.environments.map(
      (env) =>
        new ResourceGroup(this, `deploy-rg-${env.name}`, {
          name: env.resourceGroupName,
          location: props.location,
          tags,
        }),
    );

    // Read-only: what `terraform plan` reads, and nothing it could change.
    const plan = new PipelineIdentity(this, "plan-identity", {
      name: "plan",
      displayName: `${displayName} plan`,
      owners,
      subjects: planSubjects(props),
      graph,
    });
    plan.grantRole(
      "state-reader",
      "Storage Blob Data Reader",
      this.stateContainer.id,
      stateContainerLabel,
      "Read every environment's state (plans run with -lock=false: taking the lock is a write)",
    );
    plan.grantRole(
      "state-account-reader",
      "Reader",
      this.stateStorageAccount.id,
      stateAccountLabel,
      "Let the azurerm backend look the state account up through Azure Resource Manager",
    );
    props.environments.forEach((env, i) =>
      plan.grantRole(
        `reader-${env.name}`,
        "Reader",
        groups[i].id,
        `resource group ${env.resourceGroupName}`,
        "Read the stack's resources and role assignments (control plane only: no data-plane role, so no secret, blob or queue)",
      ),
    );
    plan.grantGraph(
      "Application.Read.All",
      "Look up the first-party service principals (Power Automate, Dataverse, Graph) and read the Directory Manager app",
    );
    if (props.environments.some((env) => (env.adminConsent ?? true) || env.createsGroups)) {
      plan.grantGraph(
        "Directory.Read.All",
        "Read the admin-consent grants and department groups when a drift check refreshes them (Graph's least-privileged read of delegated permission grants)",
      );
    }
    this.planIdentity = plan;

    // One deploy identity per environment: that environment's group and nothing else.
    const assignable = props.assignableRoles ?? DEPLOY_ASSIGNABLE_ROLES;
    const condition = constrainedRoleAssignmentCondition(Object.values(assignable));
    const deploy: Record<string, PipelineIdentity> = {};
    props.environments.forEach((env, i) => {
      const identity = new PipelineIdentity(this, `deploy-identity-${env.name}`, {
        name: `deploy ${env.name}`,
        displayName: `${displayName} deploy ${env.name}`,
        owners,
        subjects: deploySubjects(props, env.name),
        graph,
      });
      const group = `resource group ${env.resourceGroupName}`;
      identity.grantRole(
        "state-blob-access",
        "Storage Blob Data Contributor",
        this.stateContainer.id,
        stateContainerLabel,
        "Read, write and lease (lock) the Terraform state blobs in the state container",
      );
      identity.grantRole(
        "state-account-reader",
        "Reader",
        this.stateStorageAccount.id,
        stateAccountLabel,
        "Let the azurerm backend look the state account up through Azure Resource Manager",
      );
      identity.grantRole(
        "contributor",
        "Contributor",
        groups[i].id,
        group,
        "Create and update the stack's resources (Key Vault and its firewall, storage, function app, monitoring) in this group",
      );
      identity.grantRole(
        "role-assignments",
        "Role Based Access Control Administrator",
        groups[i].id,
        group,
        `Assign only these roles inside this group: ${Object.keys(assignable).join(", ")}`,
        condition,
      );
      identity.grantGraph(
        "Application.ReadWrite.OwnedBy",
        "Create the Directory Manager app registration and its service principal, and rotate its client secret (only apps this identity owns)",
      );
      identity.grantGraph(
        "Application.Read.All",
        "Look up the first-party service principals (Power Automate, Dataverse, Graph) and their scope ids",
      );
      if (env.adminConsent ?? true) {
        identity.grantGraph(
          props.adminConsentGraphPermission ?? "DelegatedPermissionGrant.ReadWrite.All",
          "Grant tenant-wide admin consent for the Directory Manager app's delegated scopes",
        );
      }
      if (env.createsGroups) {
        identity.grantGraph(
          "Group.Create",
          "Create the department security groups (dynamic membership) and manage the groups this identity owns",
        );
      }
      deploy[env.name] = identity;
    });
    this.deployIdentities = deploy;
    this.grants = [plan, ...Object.values(deploy)].flatMap((identity) => identity.grants);

    this.tenantId = azurermClient.tenantId;
    this.subscriptionId = subscription.subscriptionId;
    this.stateBackend = {
      type: "azurerm",
      resourceGroupName: stateGroup.name,
      storageAccountName: this.stateStorageAccount.name,
      containerName,
    };
  }
}

function validateProps(checks: PropChecks, props: PipelineBootstrapProps): void {
  checks.matches(
    "stateStorageAccountName",
    props.stateStorageAccountName,
    /^[a-z0-9]{3,24}$/,
    "3-24 lower-case letters and digits",
  );
  if (props.environments.length === 0)
    checks.fail(
      "environments",
      "a list of at least one environment (one per config/<environment>.json)",
      props.environments,
    );
  const names = props.environments.map((env) => env.name);
  names.forEach((name, i) =>
    checks.matches(
      `environments[${i}].name`,
      name,
      /^[a-z][a-z0-9-]{0,19}$/,
      "1-20 lower-case letters, digits and hyphens, starting with a letter",
    ),
  );
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined)
    checks.fail("environments", "a list that names each environment once", described(`"${twice}" twice`));
  const groups = props.environments.map((env) => env.resourceGroupName);
  const shared = groups.find((group, i) => groups.indexOf(group) !== i);
  // Each deploy identity reaches only its own environment's group.
  if (shared !== undefined)
    checks.fail(
      "environments[].resourceGroupName",
      "a different resource group per environment",
      described(`"${shared}" twice`),
    );
  if (!props.github && !props.azureDevOps)
    checks.fail("github or azureDevOps", "given, so a pipeline can sign in", described("neither"));
  checks.matches(
    "azureDevOps.organizationId",
    props.azureDevOps?.organizationId,
    GUID,
    "the organization's id (a GUID)",
  );
  checks.matches("github.repository", props.github?.repository, /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, '"owner/name"');
  const assignable = props.assignableRoles ?? DEPLOY_ASSIGNABLE_ROLES;
  for (const [role, id] of Object.entries(assignable))
    checks.matches(`assignableRoles["${role}"]`, id, GUID, "a role definition id (GUID)");
}
