import { App, AzurermBackend, type Construct, LocalBackend, TerraformStack } from "../providers/cdktf";
import { AzurermProvider } from "../providers/azurerm";
import { AzureadProvider } from "../providers/azuread";
import { TimeProvider } from "../providers/time";
import { addStackOutputs } from "./stack-outputs";
import { AzapiProvider } from "../providers/azapi";
import type { EnvironmentConfig } from "./config-schema";
import { localStatePath } from "./state-file";
import {
  COMPOSITE_ID,
  appDisplayName,
  deploysRelay,
  keyVaultName,
  resourceGroupName,
  stackNamePrefix,
  stackTags,
  subscriptionOf,
} from "./derived-names";
import { DirectoryManagerFlow } from "../directory-manager-flow";
import { applySecurityRules, optOutOfSecurityRules, type SecurityRulesOptions } from "../security";

export interface DirectoryManagerFlowStackProps {
  /** Environment name; also the stack name and part of resource names. */
  readonly environment: string;
  /** The validated environment config (config/<environment>.json). */
  readonly config: EnvironmentConfig;
  /** Options of the security rule pack (docs/security-rules.md). @default - every resource must carry the stack's tags; other pack defaults */
  readonly securityRules?: SecurityRulesOptions;
  /** Switches the security rules off for this stack, with the reason (recorded in cdk.tf.json and reported). @default - config's securityRules.optOutReason, else the rules run */
  readonly securityRulesOptOutReason?: string;
}

/**
 * One environment: providers configured for pipeline use (OIDC through the standard ARM_*
 * variables, nothing secret in code), the state backend, and the DirectoryManagerFlow composite.
 */
export class DirectoryManagerFlowStack extends TerraformStack {
  public readonly flow: DirectoryManagerFlow;

  constructor(scope: Construct, id: string, props: DirectoryManagerFlowStackProps) {
    super(scope, id);
    const { config, environment } = props;
    const tags = stackTags(environment, config);
    // Secure defaults are checked at synth; a weakened one (here or in an override) fails it.
    applySecurityRules(this, { requiredTags: tags, ...props.securityRules });
    const optOutReason = props.securityRulesOptOutReason ?? config.securityRules.optOutReason;
    if (optOutReason !== undefined) optOutOfSecurityRules(this, optOutReason);

    // Credentials come from the environment (ARM_USE_OIDC, ARM_CLIENT_ID, ARM_TENANT_ID,
    // ARM_SUBSCRIPTION_ID in a pipeline; the Azure CLI on a workstation).
    new AzurermProvider(this, "azurerm", {
      features: [
        {
          keyVault: [{ purgeSoftDeleteOnDestroy: false, recoverSoftDeletedKeyVaults: true }],
          // No data-plane poll after creating a storage account: behind its firewall a 403 there
          // is fatal and taints the new account (azurerm 4.55, waitForDataPlaneToBecomeAvailableForAccount).
          storage: [{ dataPlaneAvailable: false }],
          // Application Insights' generated Failure Anomalies rule (and its action group) would
          // stay in the group and stop its destroy (prevent_deletion_if_contains_resources).
          applicationInsights: [{ disableGeneratedRule: true }],
        },
      ],
      // Storage data plane through Entra ID: shared keys are disabled on every account.
      storageUseAzuread: true,
      subscriptionId: config.subscriptionId,
      tenantId: config.tenantId,
    });
    new AzureadProvider(this, "azuread", { tenantId: config.tenantId });
    new TimeProvider(this, "time");
    // The relay's function app and its deployment are ARM resources azurerm 4.55 cannot express.
    new AzapiProvider(this, "azapi", { subscriptionId: config.subscriptionId, tenantId: config.tenantId });
    // Write-only arguments (value_wo) and ephemeral variables need Terraform 1.11.
    this.addOverride("terraform.required_version", ">= 1.11");

    if (config.backend.type === "azurerm") {
      new AzurermBackend(this, {
        resourceGroupName: config.backend.resourceGroupName,
        storageAccountName: config.backend.storageAccountName,
        containerName: config.backend.containerName,
        key: config.backend.key,
        useAzureadAuth: true,
      });
    } else {
      // An absolute path, as cdktf's default: a relative one resolves inside cdktf.out/stacks/<env>.
      new LocalBackend(this, { path: localStatePath(environment, config.backend.path, App.of(this).outdir) });
    }

    const app = config.directoryManagerApp;
    const flowEnvironment = config.flowEnvironment;
    const {
      enabled: _enabled,
      ingressAllowedIpRanges,
      decisionsAllowedSources,
      decisions: decisionsConfig,
      ...relaySettings
    } = config.relay;
    const { enabled: decisionsEnabled, ...decisions } = decisionsConfig;
    this.flow = new DirectoryManagerFlow(this, COMPOSITE_ID, {
      location: config.location,
      // Known at synth (config or the pipeline's ARM_SUBSCRIPTION_ID), derived names are literal in
      // cdk.tf.json, where the pipeline finds the vault's name; else they are known at plan.
      subscriptionId: subscriptionOf(config),
      roleWaitSeconds: config.roleWaitSeconds,
      resourceGroupName: resourceGroupName(environment, config),
      useExistingResourceGroup: config.resourceGroup.useExisting,
      keyVaultName: keyVaultName(environment, config),
      keyVaultAllowedIpRanges: config.keyVault.allowedIpRanges,
      // The pipeline deploys too: it holds the deployer's data roles from the first deploy on.
      additionalDeployerObjectIds: config.directoryManagerApp.pipelineOwnerObjectId
        ? [config.directoryManagerApp.pipelineOwnerObjectId]
        : undefined,
      keyVaultSoftDeleteRetentionDays: config.keyVault.softDeleteRetentionDays,
      tags,
      flowEnvironment: flowEnvironment && {
        ...flowEnvironment,
        // One composite per stack: the variable names the pipelines pass (TF_VAR_flow_request_url_<route>).
        variablePrefix: "flow_request_url",
        departments: config.departments,
        createDepartmentGroups: config.departmentGroups.create,
        departmentGroupNamePrefix: config.departmentGroups.namePrefix,
      },
      namePrefix: stackNamePrefix(environment, config),
      // The relay serves the flow environment's routes, so it comes with one.
      relay: deploysRelay(config) && {
        ...relaySettings,
        // An empty list in config means "no restriction", as leaving it out does.
        ingressAllowedIpRanges: ingressAllowedIpRanges.length > 0 ? ingressAllowedIpRanges : undefined,
        decisionsAllowedSources: decisionsAllowedSources.length > 0 ? decisionsAllowedSources : undefined,
        decisions: decisionsEnabled ? { ...decisions, variablePrefix: "directory_manager" } : undefined,
      },
      directoryManagerApp: app.enabled && {
        displayName: appDisplayName(environment, config),
        // The pipeline's principal stays an owner whoever applies (Application.ReadWrite.OwnedBy reaches only owned apps).
        ownerObjectIds: [...(app.pipelineOwnerObjectId ? [app.pipelineOwnerObjectId] : []), ...app.ownerObjectIds],
        signInRequiresAssignment: app.signInRequiresAssignment,
        delegatedPermissions: app.delegatedPermissions,
        adminConsent: app.adminConsent,
        adminConsentReview: app.adminConsentReview,
        createMissingFlowServicePrincipal: app.createMissingFlowServicePrincipal,
        clientSecretLifetimeDays: app.clientSecret.lifetimeDays,
        clientSecretRotateAfterDays: app.clientSecret.rotateAfterDays,
      },
    });

    addStackOutputs(this, this.flow);
  }
}
