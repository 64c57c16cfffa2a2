import { Construct } from "../providers/cdktf";
import {
  DataAzurermClientConfig,
  DataAzurermSubscription,
  ResourceGroup,
  RoleAssignment,
  StorageAccount,
  StorageContainer,
  StorageManagementPolicy,
} from "../providers/azurerm";
import {
  AppRoleAssignment,
  Application,
  ApplicationFederatedIdentityCredential,
  DataAzureadClientConfig,
  DataAzureadServicePrincipal,
  ServicePrincipal,
} from "../providers/azuread";
import { suppressRule } from "../security/suppress";
import { SECURE_STORAGE_ACCOUNT_DEFAULTS } from "../secure-storage-defaults";
import { GUID } from "../../contract/patterns";
import { RESOURCE_APIS } from "../resource-apis";
import { PropChecks, described } from "../validation";
import { DEPLOY_ASSIGNABLE_ROLES, constrainedRoleAssignmentCondition } from "./deploy-roles";
import { AzureDevOpsFederation, GitHubFederation, TOKEN_EXCHANGE_AUDIENCE, federatedCredentials } from "./pipeline-federation";

/** Microsoft Graph's well-known client id. */
export const MICROSOFT_GRAPH = RESOURCE_APIS.microsoftGraph.clientId;
/** Entra ID accepts at most 20 federated credentials per application. */
const MAX_FEDERATED_CREDENTIALS = 20;

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
  /**
   * Resource groups the environment stacks deploy into; created here, so the pipeline needs rights
   * on these groups only (set `resourceGroup.useExisting: true` in each environment's config).
   */
  readonly deploymentResourceGroupNames: string[];
  /** Display name of the pipeline's app registration. @default "directory-manager-flow pipeline" */
  readonly pipelineDisplayName?: string;
  /** Object ids of the app registration's owners besides the identity running the bootstrap. @default [] */
  readonly ownerObjectIds?: string[];
  /** GitHub Actions may sign in as the pipeline. @default - no GitHub federation */
  readonly github?: GitHubFederation;
  /** An Azure DevOps service connection may sign in as the pipeline. @default - no Azure DevOps federation */
  readonly azureDevOps?: AzureDevOpsFederation;
  /**
   * The deploy grants tenant-wide admin consent for the Directory Manager app (the environment
   * config's `directoryManagerApp.adminConsent`): the pipeline then also needs a Graph permission
   * that can create delegated permission grants.
   * @default true
   */
  readonly adminConsent?: boolean;
  /**
   * The Microsoft Graph application permission used for admin consent. Graph's least-privileged
   * one is DelegatedPermissionGrant.ReadWrite.All; the azuread provider's documentation names
   * Directory.ReadWrite.All.
   * @default "DelegatedPermissionGrant.ReadWrite.All"
   */
  readonly adminConsentGraphPermission?: string;
  /**
   * The deploy creates Entra security groups (an environment's `departmentGroups.create`): the
   * pipeline then also holds Group.Create, which lets it manage only the groups it owns.
   * @default false
   */
  readonly createsGroups?: boolean;
  /** Roles the pipeline may assign inside the deployment resource groups, name → role definition id. @default DEPLOY_ASSIGNABLE_ROLES */
  readonly assignableRoles?: Readonly<Record<string, string>>;
  /** Tags on every resource that takes tags. @default {} */
  readonly tags?: Record<string, string>;
}

/** One role the pipeline holds, with why; docs/bootstrap.md lists the same. */
export interface PipelineGrant {
  readonly role: string;
  readonly scope: string;
  readonly why: string;
}


/**
 * What a deploy pipeline needs before its first run, made once by an administrator: the
 * Terraform state storage (private, versioned, soft delete, Entra ID auth only, no shared key),
 * the resource groups the stacks deploy into, and the pipeline's own app registration that signs
 * in by workload identity federation (no secret) with the least roles the deploy needs.
 */
export class PipelineBootstrap extends Construct {
  /** The pipeline's client id: ARM_CLIENT_ID / AZURE_CLIENT_ID. */
  public readonly clientId: string;
  /** Object id of the pipeline's service principal. */
  public readonly servicePrincipalObjectId: string;
  public readonly stateStorageAccount: StorageAccount;
  public readonly stateContainer: StorageContainer;
  public readonly application: Application;
  /** Subjects allowed to sign in as the pipeline. */
  public readonly federatedSubjects: string[];
  /** Every role the pipeline holds, and why. */
  public readonly grants: PipelineGrant[] = [];
  /** The Microsoft Graph application permissions the pipeline holds (for the rule pack's allow-list). */
  public readonly graphPermissions: string[];
  /** ARM_TENANT_ID / AZURE_TENANT_ID. */
  public readonly tenantId: string;
  /** ARM_SUBSCRIPTION_ID / AZURE_SUBSCRIPTION_ID. */
  public readonly subscriptionId: string;
  /** The "backend" block for config/<environment>.json (add "key": "<environment>.tfstate"). */
  public readonly stateBackend: { type: "azurerm"; resourceGroupName: string; storageAccountName: string; containerName: string };

  constructor(scope: Construct, id: string, props: PipelineBootstrapProps) {
    super(scope, id);
    const checks = new PropChecks(this);
    const containerName = props.stateContainerName ?? "tfstate";
    const softDeleteDays = checks.wholeNumber("stateSoftDeleteDays", props.stateSoftDeleteDays ?? 30, 7, 365);
    const versionDays = checks.wholeNumber("stateVersionRetentionDays", props.stateVersionRetentionDays ?? 90, 1, 3650);
    const tags = props.tags ?? {};
    checks.matches("stateStorageAccountName", props.stateStorageAccountName, /^[a-z0-9]{3,24}$/, "3-24 lower-case letters and digits");
    if (props.deploymentResourceGroupNames.length === 0) {
      checks.fail("deploymentResourceGroupNames", "a list of at least one resource group (one per environment)", props.deploymentResourceGroupNames);
    }
    if (!props.github && !props.azureDevOps) checks.fail("github or azureDevOps", "given, so a pipeline can sign in", described("neither"));
    checks.matches("azureDevOps.organizationId", props.azureDevOps?.organizationId, GUID, "the organization's id (a GUID)");
    checks.matches("github.repository", props.github?.repository, /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, '"owner/name"');
    const assignable = props.assignableRoles ?? DEPLOY_ASSIGNABLE_ROLES;
    for (const [role, id] of Object.entries(assignable)) checks.matches(`assignableRoles["${role}"]`, id, GUID, "a role definition id (GUID)");

    const subscription = new DataAzurermSubscription(this, "subscription");
    const azurermClient = new DataAzurermClientConfig(this, "bootstrapper");

    // --- Terraform state: private, versioned, recoverable, Entra ID only ---
    const stateGroup = new ResourceGroup(this, "state-resource-group", { name: props.stateResourceGroupName, location: props.location, tags });
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
    suppressRule(this.stateStorageAccount, "DMF-ST-NETWORK-DENY",
      "Hosted pipeline runners have no fixed addresses and storage IP rules do not apply to callers in the account's region; shared keys are off, so only Entra ID identities with a data role on the state container get in");
    suppressRule(this.stateStorageAccount, "DMF-ST-QUEUE-LOGGING",
      "The state account holds blobs only: no queue is ever created in it, so there are no queue requests to log");
    this.stateContainer = new StorageContainer(this, "state-container", {
      name: containerName,
      storageAccountId: this.stateStorageAccount.id,
      containerAccessType: "private",
    });
    new StorageManagementPolicy(this, "state-version-retention", {
      storageAccountId: this.stateStorageAccount.id,
      rule: [{
        name: "expire-old-state-versions",
        enabled: true,
        filters: { blobTypes: ["blockBlob"], prefixMatch: [`${containerName}/`] },
        actions: { version: { deleteAfterDaysSinceCreation: versionDays } },
      }],
    });

    // --- The pipeline's identity: federated credentials only, never a secret ---
    const azureadClient = new DataAzureadClientConfig(this, "bootstrapper-entra");
    const owners = [azureadClient.objectId, ...(props.ownerObjectIds ?? [])];
    this.application = new Application(this, "pipeline-application", {
      displayName: props.pipelineDisplayName ?? "directory-manager-flow pipeline",
      signInAudience: "AzureADMyOrg",
      owners,
      preventDuplicateNames: true,
    });
    const servicePrincipal = new ServicePrincipal(this, "pipeline-service-principal", {
      clientId: this.application.clientId,
      owners,
    });
    this.clientId = this.application.clientId;
    this.servicePrincipalObjectId = servicePrincipal.objectId;

    const credentials = federatedCredentials(props);
    if (credentials.length > MAX_FEDERATED_CREDENTIALS) {
      // Only GitHub environments are unbounded; the other credentials are at most three.
      const environments = props.github?.environments?.length ?? 0;
      const others = credentials.length - environments;
      checks.fail(
        "github.environments",
        `at most ${MAX_FEDERATED_CREDENTIALS - others} environments: Entra ID allows ${MAX_FEDERATED_CREDENTIALS} federated credentials per application and the others take ${others} (use fewer environments, or one app per repository)`,
        described(`${environments} environments (${credentials.length} credentials in all)`),
      );
    }
    this.federatedSubjects = credentials.map((c) => c.subject);
    for (const credential of credentials) {
      new ApplicationFederatedIdentityCredential(this, `federated-${credential.id}`, {
        applicationId: this.application.id,
        displayName: credential.id,
        description: credential.description,
        audiences: [TOKEN_EXCHANGE_AUDIENCE],
        issuer: credential.issuer,
        subject: credential.subject,
      });
    }

    // --- Azure roles: on the state and on the deployment resource groups only ---
    const grant = (id: string, role: string, scope: string, scopeLabel: string, why: string, condition?: string) => {
      new RoleAssignment(this, id, {
        scope,
        roleDefinitionName: role,
        principalId: servicePrincipal.objectId,
        principalType: "ServicePrincipal",
        description: why,
        condition,
        conditionVersion: condition ? "2.0" : undefined,
      });
      this.grants.push({ role, scope: scopeLabel, why });
    };
    grant("state-blob-access", "Storage Blob Data Contributor", this.stateContainer.id, `state container ${containerName}`,
      "Read, write and lease (lock) the Terraform state blobs in the state container");
    grant("state-account-reader", "Reader", this.stateStorageAccount.id, `state storage account ${props.stateStorageAccountName}`,
      "Let the azurerm backend look the state account up through Azure Resource Manager");
    const condition = constrainedRoleAssignmentCondition(Object.values(assignable));
    for (const name of props.deploymentResourceGroupNames) {
      const group = new ResourceGroup(this, `deploy-rg-${name}`, { name, location: props.location, tags });
      grant(`contributor-${name}`, "Contributor", group.id, `resource group ${name}`,
        "Create and update the stack's resources (Key Vault and its firewall, storage, function app, monitoring) in this group");
      grant(`role-assignments-${name}`, "Role Based Access Control Administrator", group.id, `resource group ${name}`,
        `Assign only these roles inside this group: ${Object.keys(assignable).join(", ")}`, condition);
    }

    // --- Microsoft Graph application permissions (admin consent for the pipeline) ---
    const graph = new DataAzureadServicePrincipal(this, "microsoft-graph", { clientId: MICROSOFT_GRAPH });
    const graphPermissions: Array<[string, string]> = [
      ["Application.ReadWrite.OwnedBy", "Create the Directory Manager app registration and its service principal, and rotate its client secret (only apps the pipeline owns)"],
      ["Application.Read.All", "Look up the first-party service principals (Power Automate, Dataverse, Graph) and their scope ids"],
    ];
    if (props.adminConsent ?? true) {
      graphPermissions.push([props.adminConsentGraphPermission ?? "DelegatedPermissionGrant.ReadWrite.All",
        "Grant tenant-wide admin consent for the Directory Manager app's delegated scopes"]);
    }
    if (props.createsGroups ?? false) {
      graphPermissions.push(["Group.Create", "Create the department security groups (dynamic membership) and manage the groups the pipeline owns"]);
    }
    this.graphPermissions = graphPermissions.map(([permission]) => permission);
    for (const [permission, why] of graphPermissions) {
      new AppRoleAssignment(this, `graph-${permission}`, {
        appRoleId: graph.appRoleIds.lookup(permission),
        principalObjectId: servicePrincipal.objectId,
        resourceObjectId: graph.objectId,
      });
      this.grants.push({ role: `Microsoft Graph ${permission} (application)`, scope: "tenant", why });
    }

    this.tenantId = azurermClient.tenantId;
    this.subscriptionId = subscription.subscriptionId;
    this.stateBackend = { type: "azurerm", resourceGroupName: stateGroup.name, storageAccountName: this.stateStorageAccount.name, containerName };
  }
}
