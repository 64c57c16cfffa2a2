import { App, AzurermBackend, type Construct, LocalBackend, TerraformOutput, TerraformStack } from "../providers/cdktf";
import { AzurermProvider } from "../providers/azurerm";
import { AzureadProvider } from "../providers/azuread";
import { TimeProvider } from "../providers/time";
import { STACK_OUTPUTS } from "../../contract/stack-outputs";
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

    const dmApp = this.flow.directoryManagerApp;
    if (dmApp) {
      new TerraformOutput(this, "client_id", {
        value: dmApp.clientId,
        description: "Directory Manager's ClientID (Entra application id)",
      });
      new TerraformOutput(this, "application_object_id", { value: dmApp.applicationObjectId });
      new TerraformOutput(this, STACK_OUTPUTS.servicePrincipalObjectId, { value: dmApp.servicePrincipalObjectId });
      new TerraformOutput(this, "tenant_id", { value: dmApp.tenantId });
      new TerraformOutput(this, STACK_OUTPUTS.clientSecretSecretId, {
        value: dmApp.clientSecretKeyVaultSecretId,
        description: "Key Vault secret that holds the client secret (the id, not the value)",
      });
      new TerraformOutput(this, STACK_OUTPUTS.delegatedPermissions, {
        value: dmApp.delegatedScopes,
        description: "Delegated scopes per resource application id (dmflow verify checks their admin consent)",
      });
    }
    new TerraformOutput(this, STACK_OUTPUTS.keyVaultUri, { value: this.flow.keyVault.vaultUri });
    const relay = this.flow.relay;
    if (relay) {
      new TerraformOutput(this, STACK_OUTPUTS.relayBaseUrl, {
        value: relay.relayBaseUrl,
        description: "Base URL of the relay function app",
      });
      new TerraformOutput(this, STACK_OUTPUTS.relayRouteUrls, {
        value: relay.routeUrls,
        description:
          "Per route, the URL to paste into Directory Manager's Microsoft Flow Request URL, followed by ?code=<function key>",
      });
      if (relay.decisionsUrl)
        new TerraformOutput(this, "relay_decisions_url", {
          value: relay.decisionsUrl,
          description:
            "Where the flow posts approve/deny decisions (with ?code=<decision function key> and the x-relay-decisions-key header)",
        });
      if (relay.decisionsKeyCommand)
        new TerraformOutput(this, "relay_decisions_key_command", {
          value: relay.decisionsKeyCommand,
          description:
            "Prints the decisions key the flow sends as x-relay-decisions-key (kept in Key Vault only, never in state or outputs)",
        });
      new TerraformOutput(this, "relay_identity_principal_id", {
        value: relay.identityPrincipalId,
        description:
          "Object id of the relay's managed identity: the trigger's allowed caller for routes in Entra mode (dmflow flow-template --relay-principal-id)",
      });
      if (relay.decisionsFunctionKeyCommand)
        new TerraformOutput(this, "relay_decisions_function_key_command", {
          value: relay.decisionsFunctionKeyCommand,
          description:
            "Prints the flows' key: the decision function's own key, valid for /api/decisions only (never stored in state or outputs)",
        });
      new TerraformOutput(this, "relay_function_key_command", {
        value: relay.functionKeyCommand,
        description:
          "Prints Directory Manager's key: the flowEvent function's own key, valid for /api/flows/{route} only (never the host key; never stored in state or outputs)",
      });
      // What `dmflow` needs to reach the relay's parts; ids and URLs, never a key.
      new TerraformOutput(this, STACK_OUTPUTS.relayHealthUrl, {
        value: relay.healthUrl,
        description: "The relay's anonymous health endpoint",
      });
      new TerraformOutput(this, STACK_OUTPUTS.relayFunctionAppName, {
        value: relay.functionAppName,
        description: "Name of the relay's function app: where `dmflow deploy-code` pushes the code after the apply",
      });
      new TerraformOutput(this, STACK_OUTPUTS.relayFunctionAppId, {
        value: relay.functionAppId,
        description: "Resource id of the relay's function app (dmflow lists its function key at run time)",
      });
      new TerraformOutput(this, STACK_OUTPUTS.relayQueueEndpoint, {
        value: relay.storageAccount.primaryQueueEndpoint,
        description: "Queue endpoint of the relay's storage account",
      });
      if (relay.directoryManagerSecrets) {
        const secrets = relay.directoryManagerSecrets;
        new TerraformOutput(this, STACK_OUTPUTS.directoryManagerApiSecretIds, {
          value: {
            username: secrets.username.versionlessId,
            password: secrets.password.versionlessId,
            clientId: secrets.clientId.versionlessId,
            clientSecret: secrets.clientSecret.versionlessId,
          },
          description: "Key Vault secrets holding Directory Manager's API credentials (ids, not values)",
        });
      }
    }
    const routes = this.flow.flowEnvironment?.routes;
    if (routes) {
      new TerraformOutput(this, STACK_OUTPUTS.directoryManagerSettings, {
        value: this.flow.settingsDocument(),
        description:
          "What to enter in Directory Manager (identity store → Workflow → Microsoft Flow, and each route's Microsoft Flow Request URL); holds no secret",
      });
      new TerraformOutput(this, STACK_OUTPUTS.flowUrlSecretIds, {
        value: Object.fromEntries(Object.values(routes).map((route) => [route.key, route.flowUrlSecret.versionlessId])),
        description: "Per route, the Key Vault secret holding its flow URL (the id, not the URL)",
      });
    }
  }
}
