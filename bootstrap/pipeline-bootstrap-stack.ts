import { Annotations, Construct, LocalBackend, TerraformOutput, TerraformStack } from "../constructs/providers/cdktf";
import { AzurermProvider } from "../constructs/providers/azurerm";
import { AzureadProvider } from "../constructs/providers/azuread";
import type { LoadedEnvironment } from "../constructs/app/config-loader";
import { DEPLOY_RESOURCE_PROVIDERS } from "../constructs/app/deploy-roles";
import { MICROSOFT_GRAPH, PipelineBootstrap } from "../constructs/app/pipeline-bootstrap";
import { applySecurityRules } from "../constructs/security/rule-pack";
import type { BootstrapConfig } from "./bootstrap-config";

export interface PipelineBootstrapStackProps {
  readonly config: BootstrapConfig;
  /** The environments the pipeline deploys (config/<environment>.json). */
  readonly environments: readonly LoadedEnvironment[];
}

/**
 * The one-time bootstrap, run by an administrator from a workstation (Azure CLI sign-in): state
 * storage, deployment resource groups and the pipeline's identity. Its own state stays local.
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
    new LocalBackend(this, { path: "terraform.bootstrap.tfstate" });

    const resourceGroups = environments.map((env) => env.config.resourceGroup.name ?? `${env.config.namePrefix}-${env.name}-rg`);
    this.bootstrap = new PipelineBootstrap(this, "pipeline-bootstrap", {
      location: config.location,
      stateResourceGroupName: config.stateResourceGroupName,
      stateStorageAccountName: config.stateStorageAccountName,
      stateContainerName: config.stateContainerName,
      deploymentResourceGroupNames: [...new Set(resourceGroups)],
      pipelineDisplayName: config.pipelineDisplayName,
      ownerObjectIds: config.ownerObjectIds,
      github: config.github && { ...config.github, environments: environments.map((e) => e.name) },
      azureDevOps: config.azureDevOps,
      adminConsent: environments.some((e) => e.config.directoryManagerApp.adminConsent),
      createsGroups: environments.some((e) => e.config.departmentGroups.create),
      tags: { "managed-by": "directory-manager-flow-bootstrap", ...config.tags },
    });

    // The same secure-default rules as the environment stacks; the pipeline's Graph application
    // permissions are the ones this stack exists to grant.
    applySecurityRules(this, { allowedApplicationRoles: { [MICROSOFT_GRAPH]: this.bootstrap.graphPermissions } });

    const bootstrap = this.bootstrap;
    new TerraformOutput(this, "client_id", { value: bootstrap.clientId, description: "ARM_CLIENT_ID / AZURE_CLIENT_ID of the pipeline" });
    new TerraformOutput(this, "tenant_id", { value: bootstrap.tenantId, description: "ARM_TENANT_ID / AZURE_TENANT_ID" });
    new TerraformOutput(this, "subscription_id", { value: bootstrap.subscriptionId, description: "ARM_SUBSCRIPTION_ID / AZURE_SUBSCRIPTION_ID" });
    new TerraformOutput(this, "service_principal_object_id", { value: bootstrap.servicePrincipalObjectId });
    new TerraformOutput(this, "state_backend", { value: bootstrap.stateBackend, description: 'The "backend" block for config/<environment>.json, plus "key": "<environment>.tfstate"' });
    new TerraformOutput(this, "federated_subjects", { value: bootstrap.federatedSubjects });

    for (const env of environments) {
      if (!env.config.resourceGroup.useExisting) {
        Annotations.of(this).addWarning(`${env.file}: set "resourceGroup": {"useExisting": true}; the bootstrap creates the group and the pipeline may not create resource groups itself`);
      }
      if (env.config.backend.type !== "azurerm") {
        Annotations.of(this).addWarning(`${env.file}: set "backend" to the bootstrap's state_backend output with "key": "${env.name}.tfstate"; a pipeline cannot keep local state`);
      }
    }
  }
}
