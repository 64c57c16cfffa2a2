import { Construct, TerraformResource } from "../providers/cdktf";
import { checkProvidersDeclared } from "../providers-declared";
import type { AzapiResource } from "../providers/azapi";
import {
  ApplicationInsights,
  DataAzurermClientConfig,
  KeyVaultSecret,
  LogAnalyticsWorkspace,
  StorageAccount,
  StorageContainer,
  StorageQueue,
  UserAssignedIdentity,
} from "../providers/azurerm";
import type { RELAY_QUEUES } from "../../contract/relay-settings";
import { relayAppSettings } from "./app-settings";
import { oneDeployRelayPackage, uploadRelayPackage } from "./code-package";
import { createDirectoryManagerCredentials, DirectoryManagerCredential } from "./directory-manager-credentials";
import { createRelayFunctionApp } from "./function-app";
import { createRelayMonitoring } from "./monitoring";
import { grantVaultSecretRead } from "../key-vault-ref";
import type { FlowRelayProps } from "./props";
import { createRelayStorage } from "./storage";
import { createRelayNetwork, openVaultToRelay } from "./network";
import { createRelayPrivateEndpoints } from "./private-endpoints";
import { validateFlowRelayProps } from "./validate-props";
import { uniqueSuffix } from "../naming/unique-suffix";
import { waitForRoles } from "../role-wait";

/**
 * The relay's hosting: a Function App on the Flex Consumption plan with one user-assigned identity
 * (host storage, queues, telemetry, Key Vault references) whose role assignments exist before the
 * app starts, an identity-only storage account with the relay's queues, Key Vault references for
 * every secret, workspace-based Application Insights, optional inbound allow-lists, and the relay
 * code deployed with OneDeploy.
 */
export class FlowRelay extends Construct {
  /** Name of the function app. */
  public readonly functionAppName: string;
  /** Resource id of the function app. */
  public readonly functionAppId: string;
  /** The app's default host name (Flex may add a unique suffix), e.g. "x.azurewebsites.net". */
  public readonly defaultHostname: string;
  /** `https://<host>/api` */
  public readonly relayBaseUrl: string;
  /** Per route key, the URL for Directory Manager's "Microsoft Flow Request URL" (add `?code=<function key>`). */
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
  /** The exact Azure CLI command that prints the default function key (the key never leaves Azure otherwise). */
  public readonly functionKeyCommand: string;
  /** The function app: an `azapi_resource` of type Microsoft.Web/sites. */
  public readonly functionApp: AzapiResource;
  public readonly storageAccount: StorageAccount;
  public readonly identity: UserAssignedIdentity;
  public readonly applicationInsights: ApplicationInsights;
  public readonly logAnalyticsWorkspace: LogAnalyticsWorkspace;
  /** Blobs of events too large for a queue message (RELAY_PAYLOAD_CONTAINER, private). */
  public readonly payloadContainer: StorageContainer;
  /** The relay's queues by contract key (RELAY_QUEUES). */
  public readonly queues: Record<keyof typeof RELAY_QUEUES, StorageQueue>;
  /** The Directory Manager API credential secrets; undefined without `decisions`. */
  public readonly directoryManagerSecrets?: Record<DirectoryManagerCredential, KeyVaultSecret>;
  constructor(scope: Construct, id: string, props: FlowRelayProps) {
    super(scope, id);
    checkProvidersDeclared(this);
    const nameSuffix = props.nameSuffix ?? uniqueSuffix(this, new DataAzurermClientConfig(this, "subscription").subscriptionId);
    const settings = validateFlowRelayProps(this, props, nameSuffix);
    const { names, routeKeys } = settings;
    const base = { resourceGroupName: props.resourceGroupName, location: props.location, tags: settings.tags };

    // The identity comes first, so its role assignments exist when the app starts.
    this.identity = new UserAssignedIdentity(this, "identity", { ...base, name: names.identity });
    const principalId = this.identity.principalId;
    // The network path: the app's subnet, which the storage firewall and the vault let through.
    const networkSettings = settings.network;
    const network = networkSettings.mode === "public" ? undefined : createRelayNetwork(this, { base, virtualNetworkName: names.virtualNetwork, settings: networkSettings });
    const storageNetwork = network
      ? { allowedSubnetIds: network.allowedSubnetIds, privateEndpoints: network.privateEndpointSubnetId !== undefined }
      : { publicReason: (networkSettings as { reason: string }).reason };
    openVaultToRelay(this, props.keyVault, storageNetwork);
    const storage = createRelayStorage(this, {
      base,
      name: names.storageAccount,
      replication: settings.storageReplication,
      softDeleteDays: settings.blobSoftDeleteRetentionDays,
      logRetentionDays: settings.logRetentionDays,
      principalId,
      network: storageNetwork,
    });
    this.storageAccount = storage.account;
    const privateEndpoints =
      network?.privateEndpointSubnetId === undefined
        ? []
        : createRelayPrivateEndpoints(this, {
            base,
            namePrefix: props.namePrefix,
            nameSuffix,
            subnetId: network.privateEndpointSubnetId,
            virtualNetworkId: network.virtualNetworkId,
            storageAccountId: storage.account.id,
            keyVaultId: props.keyVault.id,
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
    this.applicationInsights = monitoring.insights;

    const decisions = props.decisions;
    if (decisions) this.directoryManagerSecrets = createDirectoryManagerCredentials(this, id, props.keyVault, decisions, settings.credentialVariablePrefix, settings.tags);
    // Key Vault Secrets User per secret, for the identity that resolves the references; granted
    // before the app exists, so its first start can resolve them.
    const secretRoles = [
      ...routeKeys.map((key) => grantVaultSecretRead(this, `${id}-reads-flow-url-${key}`, props.keyVault, principalId, props.routes[key].flowUrlSecret)),
      ...Object.entries(this.directoryManagerSecrets ?? {}).map(([key, secret]) =>
        grantVaultSecretRead(this, `${id}-reads-dm-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, props.keyVault, principalId, secret),
      ),
    ];
    // The roles the host needs from its first start. Data-plane roles take minutes to work, so the
    // app and OneDeploy (which reads the package with them) start after a wait for them.
    const rolesBeforeStart: TerraformResource[] = [waitForRoles(this, "identity-roles-wait", [...storage.roles, monitoring.publisherRole, ...secretRoles], settings.roleWaitSeconds)];
    const appSettings = relayAppSettings({
      storageAccountName: storage.account.name,
      identityClientId: this.identity.clientId,
      routes: Object.fromEntries(routeKeys.map((key) => [key, { displayName: props.routes[key].displayName, flowUrlSecretId: props.routes[key].flowUrlSecret.versionlessId }])),
      departments: settings.departments,
      departmentPointer: props.departmentPointer,
      enrichmentKey: props.enrichmentKey,
      allowedFlowHostSuffixes: props.allowedFlowHostSuffixes,
      maxBodyBytes: settings.maxBodyBytes,
      forwardDeadlineMs: settings.forwardDeadlineMs,
      maxAttempts: settings.maxAttempts,
      decisions: decisions && this.directoryManagerSecrets && {
        directoryManagerUrl: decisions.directoryManagerUrl,
        directoryManagerTokenUrl: decisions.directoryManagerTokenUrl,
        credentialSecretIds: secretIds(this.directoryManagerSecrets),
      },
      applicationInsightsConnectionString: monitoring.insights.connectionString,
    });

    this.functionApp = createRelayFunctionApp(this, {
      base,
      name: names.functionApp,
      servicePlanName: names.servicePlan,
      nodeVersion: settings.nodeVersion,
      instanceMemoryInMb: settings.instanceMemoryInMb,
      maximumInstanceCount: settings.maximumInstanceCount,
      account: storage.account,
      identity: this.identity,
      appSettings,
      ingressSources: props.ingressAllowedIpRanges,
      decisionSources: props.decisionsAllowedSources,
      virtualNetworkSubnetId: network?.appSubnetId,
      // The payload container too: an event too large for a queue message needs it from the first
      // request; and the network path the host reaches storage and the vault over.
      dependsOn: [...rolesBeforeStart, storage.deploymentContainer, storage.payloadContainer, ...(network?.created ?? []), ...privateEndpoints],
    });
    const app = this.functionApp;
    if (settings.codePath !== undefined) {
      const relayPackage = uploadRelayPackage(this, { codePath: settings.codePath, account: storage.account, deployerObjectId: props.deployerObjectId, roleWaitSeconds: settings.roleWaitSeconds });
      oneDeployRelayPackage(this, { site: app, package: relayPackage, after: rolesBeforeStart });
    }

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
    this.functionKeyCommand = `az functionapp keys list --resource-group ${props.resourceGroupName} --name ${names.functionApp} --query functionKeys.default --output tsv`;
  }
}

function secretIds(secrets: Record<DirectoryManagerCredential, KeyVaultSecret>): Record<DirectoryManagerCredential, string> {
  return Object.fromEntries(Object.entries(secrets).map(([key, secret]) => [key, secret.versionlessId])) as Record<DirectoryManagerCredential, string>;
}
