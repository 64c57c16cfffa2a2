import { Construct, type TerraformResource } from "../providers/cdktf";
import { checkProvidersDeclared } from "../providers-declared";
import type { AzapiResource } from "../providers/azapi";
import {
  type ApplicationInsights,
  DataAzurermClientConfig,
  type KeyVaultSecret,
  type LogAnalyticsWorkspace,
  type StorageAccount,
  type StorageContainer,
  type StorageQueue,
  UserAssignedIdentity,
} from "../providers/azurerm";
import { RELAY_FUNCTIONS, type RELAY_QUEUES } from "../../contract/relay-settings";
import { relayAppSettings } from "./app-settings";
import { grantSiteDeploy } from "./code-package";
import { createDirectoryManagerCredentials, type DirectoryManagerCredential } from "./directory-manager-credentials";
import { DECISION_KEY_SECRET_NAMES, createDecisionKeys, type DecisionKeySecrets } from "./decision-keys";
import { createRelayFunctionApp } from "./function-app";
import { createRelayMonitoring } from "./monitoring";
import { grantRelaySecretReads } from "./secret-reads";
import { relayAppSettingsInput } from "./app-settings-input";
import type { FlowRelayProps } from "./props";
import { createRelayStorage, logQueueRequests } from "./storage";
import { createRelayNetwork, openVaultToRelay } from "./network";
import { createRelayPrivateEndpoints } from "./private-endpoints";
import { validateFlowRelayProps } from "./validate-props";
import type { IdentityRef } from "../identity-ref";
import { uniqueSuffix } from "../naming/unique-suffix";
import { waitForRoles } from "../role-wait";

/**
 * The relay's hosting: a Function App on the Flex Consumption plan with one user-assigned identity
 * (host storage, queues, telemetry, Key Vault references) whose role assignments exist before the
 * app starts, an identity-only storage account with the relay's queues, Key Vault references for
 * every secret, workspace-based Application Insights and optional inbound allow-lists. The code is
 * pushed after the apply (`dmflow deploy-code`); the deployers hold the role that allows it.
 */
export class FlowRelay extends Construct {
  /** Name of the function app (what `dmflow deploy-code` pushes the code to). */
  public readonly functionAppName: string;
  /** Resource id of the function app. */
  public readonly functionAppId: string;
  /** The app's default host name (Flex may add a unique suffix), e.g. "x.azurewebsites.net". */
  public readonly defaultHostname: string;
  /** `https://<host>/api` */
  public readonly relayBaseUrl: string;
  /** Per route key, the URL for Directory Manager's "Microsoft Flow Request URL" (add `?code=<flowEvent function key>`). */
  public readonly routeUrls: Record<string, string>;
  /** `https://<host>/api/decisions`; undefined without `decisions`. */
  public readonly decisionsUrl?: string;
  /** `https://<host>/api/health` (anonymous). */
  public readonly healthUrl: string;
  /** Principal (object) id of the user-assigned identity (storage, queues, telemetry, Key Vault references). */
  public readonly identityPrincipalId: string;
  /** Client id of the user-assigned identity. */
  public readonly identityClientId: string;
  /** Resource id of the user-assigned identity. */
  public readonly identityId: string;
  /** Principal id of the identity that resolves the Key Vault references: the user-assigned one. */
  public readonly keyVaultReferencePrincipalId: string;
  /** The app's subnet (VNet integration); undefined for a relay opted out of the network path. */
  public readonly appSubnetId?: string;
  /** Name of the relay's storage account. */
  public readonly storageAccountName: string;
  /**
   * The Azure CLI command that prints Directory Manager's key: the flowEvent function's own default
   * key, which opens the ingress endpoint only (never the app-wide host key; the key never leaves Azure otherwise).
   */
  public readonly functionKeyCommand: string;
  /** The Azure CLI command that prints the flows' key: the decision function's own default key, for /api/decisions only; undefined without `decisions`. */
  public readonly decisionsFunctionKeyCommand?: string;
  /** The function app: an `azapi_resource` of type Microsoft.Web/sites. */
  public readonly functionApp: AzapiResource;
  public readonly storageAccount: StorageAccount;
  /** The relay's user-assigned identity: the one given (`identity`), or the one created here. */
  public readonly identity: IdentityRef;
  public readonly applicationInsights: ApplicationInsights;
  public readonly logAnalyticsWorkspace: LogAnalyticsWorkspace;
  /** Blobs of events too large for a queue message (RELAY_PAYLOAD_CONTAINER, private). */
  public readonly payloadContainer: StorageContainer;
  /** The relay's queues by contract key (RELAY_QUEUES in "directory-manager-flow/contract"). */
  public readonly queues: Record<keyof typeof RELAY_QUEUES, StorageQueue>;
  /** The Directory Manager API credential secrets; undefined without `decisions`. */
  public readonly directoryManagerSecrets?: Record<DirectoryManagerCredential, KeyVaultSecret>;
  /** The decision token keys and the decisions key flows send (values generated by Terraform, written write-only); undefined without `decisions`. */
  public readonly decisionKeySecrets?: DecisionKeySecrets;
  /** The Azure CLI command that prints the decisions key for the flow's `x-relay-decisions-key` header; undefined without `decisions`. */
  public readonly decisionsKeyCommand?: string;
  constructor(scope: Construct, id: string, props: FlowRelayProps) {
    super(scope, id);
    checkProvidersDeclared(this);
    // The constructor reads only the checked settings (defaults applied), never the raw props.
    const settings = validateFlowRelayProps(this, props, () =>
      uniqueSuffix(this, new DataAzurermClientConfig(this, "subscription").subscriptionId),
    );
    const { names, routeKeys, keyVault } = settings;
    const base = { resourceGroupName: settings.resourceGroupName, location: settings.location, tags: settings.tags };

    // The identity comes first (or is given), so its role assignments exist when the app starts.
    this.identity = settings.identity ?? new UserAssignedIdentity(this, "identity", { ...base, name: names.identity });
    const principalId = this.identity.principalId;
    // The network path: the app's subnet, which the storage firewall and the vault let through.
    const networkSettings = settings.network;
    const network =
      networkSettings.mode === "public"
        ? undefined
        : createRelayNetwork(this, { base, virtualNetworkName: names.virtualNetwork, settings: networkSettings });
    const storageNetwork = network
      ? { allowedSubnetIds: network.allowedSubnetIds, privateEndpoints: network.privateEndpointSubnetId !== undefined }
      : { publicReason: (networkSettings as { reason: string }).reason };
    openVaultToRelay(this, keyVault, storageNetwork);
    const storage = createRelayStorage(this, {
      base,
      name: names.storageAccount,
      replication: settings.storageReplication,
      softDeleteDays: settings.blobSoftDeleteRetentionDays,
      principalId,
      network: storageNetwork,
      allowedIpRanges: settings.storageAllowedIpRanges,
    });
    this.storageAccount = storage.account;
    const privateEndpoints =
      network?.privateEndpointSubnetId === undefined
        ? { endpoints: [], zoneLinks: [] }
        : createRelayPrivateEndpoints(this, {
            base,
            namePrefix: settings.namePrefix,
            nameSuffix: settings.nameSuffix,
            subnetId: network.privateEndpointSubnetId,
            virtualNetworkId: network.virtualNetworkId,
            storageAccountId: storage.account.id,
            keyVaultId: keyVault.id,
            privateDnsZoneIds: networkSettings.mode === "existing" ? networkSettings.privateDnsZoneIds : undefined,
          });
    this.payloadContainer = storage.payloadContainer;
    this.queues = storage.queues;
    const monitoring = createRelayMonitoring(this, {
      base,
      workspaceName: names.logAnalyticsWorkspace,
      insightsName: names.applicationInsights,
      logRetentionDays: settings.logRetentionDays,
      principalId,
    });
    this.logAnalyticsWorkspace = monitoring.workspace;
    logQueueRequests(this, storage.account, monitoring.workspace.id);
    this.applicationInsights = monitoring.insights;

    const decisions = settings.decisions;
    if (decisions) {
      const credentials = createDirectoryManagerCredentials(this, id, keyVault, decisions, settings.tags);
      this.directoryManagerSecrets = credentials.secrets;
      this.decisionKeySecrets = createDecisionKeys(this, id, keyVault, {
        tokenKeyVersion: decisions.tokenKeyVersion,
        decisionsKeyVersion: decisions.decisionsKeyVersion,
        expirationDate: credentials.rotation.rotationRfc3339,
        tags: settings.tags,
      });
      this.decisionsKeyCommand = `az keyvault secret show --vault-name ${keyVault.name} --name ${DECISION_KEY_SECRET_NAMES.decisionsKey} --query value --output tsv`;
    }
    // Key Vault Secrets User per secret, for the identity that resolves the references; granted
    // before the app exists, so its first start can resolve them.
    const secrets = { directoryManager: this.directoryManagerSecrets, decisionKeys: this.decisionKeySecrets };
    const secretRoles = grantRelaySecretReads(this, id, settings, principalId, secrets);
    // The roles the host needs from its first start. Data-plane roles take minutes to work, so the
    // app starts after a wait for them.
    const rolesBeforeStart: TerraformResource[] = [
      waitForRoles(
        this,
        "identity-roles-wait",
        [...storage.roles, monitoring.publisherRole, ...secretRoles],
        settings.roleWaitSeconds,
      ),
    ];
    const appSettings = relayAppSettings(
      relayAppSettingsInput(settings, {
        storageAccountName: storage.account.name,
        identityClientId: this.identity.clientId,
        applicationInsightsConnectionString: monitoring.insights.connectionString,
        secrets,
      }),
    );

    const relayApp = createRelayFunctionApp(this, {
      base,
      name: names.functionApp,
      servicePlanName: names.servicePlan,
      nodeVersion: settings.nodeVersion,
      instanceMemoryInMb: settings.instanceMemoryInMb,
      maximumInstanceCount: settings.maximumInstanceCount,
      account: storage.account,
      identity: this.identity,
      appSettings,
      ingressSources: settings.ingressAllowedIpRanges,
      decisionSources: settings.decisionsAllowedSources,
      virtualNetworkSubnetId: network?.appSubnetId,
      // The payload container too: an event too large for a queue message needs it from the first
      // request; and the network path the host reaches storage and the vault over, with the
      // privatelink zones linked to it (a Key Vault reference that fails at first start is
      // fetched again only after 24 hours).
      dependsOn: [
        ...rolesBeforeStart,
        storage.deploymentContainer,
        storage.payloadContainer,
        storage.decisionContainer,
        ...(network?.created ?? []),
        ...privateEndpoints.endpoints,
        ...privateEndpoints.zoneLinks,
      ],
    });
    this.functionApp = relayApp.site;
    const app = this.functionApp;
    // Who pushes the code after the apply: the deployer, and the other identities that deploy.
    grantSiteDeploy(this, app, settings.deployerObjectId, settings.additionalDeployerObjectIds);

    this.functionAppName = names.functionApp;
    this.functionAppId = app.id;
    this.defaultHostname = app.outputString("properties.defaultHostName");
    this.relayBaseUrl = `https://${this.defaultHostname}/api`;
    this.routeUrls = Object.fromEntries(routeKeys.map((key) => [key, `${this.relayBaseUrl}/flows/${key}`]));
    this.decisionsUrl = decisions ? `${this.relayBaseUrl}/decisions` : undefined;
    this.healthUrl = `${this.relayBaseUrl}/health`;
    this.identityPrincipalId = principalId;
    this.identityClientId = this.identity.clientId;
    this.identityId = this.identity.id;
    this.keyVaultReferencePrincipalId = principalId;
    this.storageAccountName = storage.account.name;
    this.appSubnetId = network?.appSubnetId;
    // Function-level keys: each opens its own function only (docs/flow-relay.md, "Keys per side").
    const functionKeyCommand = (functionName: string) =>
      `az functionapp function keys list --resource-group ${settings.resourceGroupName} --name ${names.functionApp} --function-name ${functionName} --query default --output tsv`;
    this.functionKeyCommand = functionKeyCommand(RELAY_FUNCTIONS.flowEvent);
    this.decisionsFunctionKeyCommand = decisions ? functionKeyCommand(RELAY_FUNCTIONS.decision) : undefined;
  }
}
