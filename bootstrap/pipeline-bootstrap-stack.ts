import {
  Annotations,
  App,
  type Construct,
  LocalBackend,
  TerraformOutput,
  TerraformStack,
} from "../constructs/providers/cdktf";
import { localStatePath } from "../constructs/app/state-file";
import { AzurermProvider } from "../constructs/providers/azurerm";
import { AzureadProvider } from "../constructs/providers/azuread";
import type { LoadedEnvironment } from "../constructs/app/config-loader";
import { resourceGroupName } from "../constructs/app/derived-names";
import { DEPLOY_RESOURCE_PROVIDERS } from "../constructs/pipeline/deploy-roles";
import { PipelineBootstrap } from "../constructs/pipeline/pipeline-bootstrap";
import { RESOURCE_APIS } from "../constructs/resource-apis";
import type { PipelineIdentity } from "../constructs/pipeline/pipeline-identity";
import { applySecurityRules } from "../constructs/security";
import type { BootstrapConfig } from "./bootstrap-config";

export interface PipelineBootstrapStackProps {
  readonly config: BootstrapConfig;
  /** The environments the pipeline deploys (config/<environment>.json). */
  readonly environments: readonly LoadedEnvironment[];
}

/**
 * The one-time bootstrap, run by an administrator from a workstation (Azure CLI sign-in): state
 * storage, deployment resource groups and the pipeline's identities. Its own state stays local.
 */
export class PipelineBootstrapStack extends TerraformStack {
  public readonly bootstrap: PipelineBootstrap;

  constructor(scope: Construct, id: string, props: PipelineBootstrapStackProps) {
    super(scope, id);
    const { config, environments } = props;
    new AzurermProvider(this, "azurerm", {
      features: [{}],
      storageUseAzuread: true,
      // Run with subscription rights, so it registers what the pipeline (without them) cannot.
      resourceProvidersToRegister: [...DEPLOY_RESOURCE_PROVIDERS],
      subscriptionId: config.subscriptionId,
      tenantId: config.tenantId,
    });
    new AzureadProvider(this, "azuread", { tenantId: config.tenantId });
    // bootstrap/terraform.bootstrap.tfstate (cdktf runs in bootstrap/), not under its cdktf.out.
    new LocalBackend(this, { path: localStatePath("bootstrap", undefined, App.of(this).outdir) });

    this.bootstrap = new PipelineBootstrap(this, "pipeline-bootstrap", {
      location: config.location,
      stateResourceGroupName: config.stateResourceGroupName,
      stateStorageAccountName: config.stateStorageAccountName,
      stateContainerName: config.stateContainerName,
      environments: environments.map((env) => ({
        name: env.name,
        resourceGroupName: resourceGroupName(env.name, env.config),
        adminConsent: env.config.directoryManagerApp.adminConsent,
        createsGroups: env.config.departmentGroups.create,
      })),
      pipelineDisplayName: config.pipelineDisplayName,
      ownerObjectIds: config.ownerObjectIds,
      github: config.github,
      azureDevOps: config.azureDevOps,
      tags: { "managed-by": "directory-manager-flow-bootstrap", ...config.tags },
    });

    // The same secure-default rules as the environment stacks; the identities' Graph application
    // permissions are the ones this stack exists to grant.
    const identities = [this.bootstrap.planIdentity, ...Object.values(this.bootstrap.deployIdentities)];
    applySecurityRules(this, {
      allowedApplicationRoles: {
        [RESOURCE_APIS.microsoftGraph.clientId]: [...new Set(identities.flatMap((i) => i.graphPermissions))],
      },
    });

    const bootstrap = this.bootstrap;
    const byEnvironment = <T>(pick: (identity: PipelineIdentity) => T) =>
      Object.fromEntries(Object.entries(bootstrap.deployIdentities).map(([env, identity]) => [env, pick(identity)]));
    new TerraformOutput(this, "plan_client_id", {
      value: bootstrap.planIdentity.clientId,
      description: "AZURE_PLAN_CLIENT_ID (GitHub repository variable) / the dmflow-plan service connection's client id",
    });
    new TerraformOutput(this, "deploy_client_ids", {
      value: byEnvironment((i) => i.clientId),
      description:
        "Per environment: AZURE_DEPLOY_CLIENT_ID (GitHub environment variable) / the dmflow-deploy-<environment> service connection's client id",
    });
    new TerraformOutput(this, "tenant_id", {
      value: bootstrap.tenantId,
      description: "ARM_TENANT_ID / AZURE_TENANT_ID",
    });
    new TerraformOutput(this, "subscription_id", {
      value: bootstrap.subscriptionId,
      description: "ARM_SUBSCRIPTION_ID / AZURE_SUBSCRIPTION_ID",
    });
    new TerraformOutput(this, "state_backend", {
      value: bootstrap.stateBackend,
      description: 'The "backend" block for config/<environment>.json, plus "key": "<environment>.tfstate"',
    });
    new TerraformOutput(this, "federated_subjects", {
      value: { plan: bootstrap.planIdentity.federatedSubjects, ...byEnvironment((i) => i.federatedSubjects) },
      description: "Who may sign in as which identity: the plan identity, then each environment's deploy identity",
    });

    for (const env of environments) {
      if (!env.config.resourceGroup.useExisting) {
        Annotations.of(this).addWarning(
          `${env.file}: set "resourceGroup": {"useExisting": true}; the bootstrap creates the group and the pipeline may not create resource groups itself`,
        );
      }
      if (env.config.backend.type !== "azurerm") {
        Annotations.of(this).addWarning(
          `${env.file}: set "backend" to the bootstrap's state_backend output with "key": "${env.name}.tfstate"; a pipeline cannot keep local state`,
        );
      }
    }
  }
}
