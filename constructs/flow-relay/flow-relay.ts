import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { AssetType, Construct, Fn, TerraformAsset, TerraformVariable, Token } from "../providers/cdktf";
import {
  ApplicationInsights,
  FunctionAppFlexConsumption,
  KeyVaultSecret,
  LogAnalyticsWorkspace,
  RoleAssignment,
  ServicePlan,
  StorageAccount,
  StorageAccountQueueProperties,
  StorageBlob,
  StorageContainer,
  StorageQueue,
  UserAssignedIdentity,
} from "../providers/azurerm";
import { Rotating } from "../providers/time";
import { findPackageRoot } from "../package-root";
import {
  RELAY_PAYLOAD_CONTAINER,
  RELAY_QUEUES,
  RELAY_SETTINGS,
  RelayDepartmentSetting,
  RelayRouteSetting,
  flowUrlSettingName,
} from "../../contract/relay-settings";
import type { SecureKeyVault } from "../secure-key-vault";
import { suppressRule } from "../security/suppress";
import { SECURE_STORAGE_ACCOUNT_DEFAULTS } from "../secure-storage-defaults";
import { GUID, IPV4_RANGE, ROUTE_KEY } from "../../contract/patterns";
import { RELAY_LIMITS } from "../../contract/relay-limits";

/** Flex Consumption instance sizes, in MB. */
export const FLEX_INSTANCE_MEMORY_MB = [512, 2048, 4096] as const;
/** Node.js versions Flex Consumption runs that are still supported (Node 20 ended on 30 Apr 2026). */
export const FLEX_NODE_VERSIONS = ["22", "24"] as const;
/** Storage replication kinds; the first two keep data in one region. */
export const STORAGE_REPLICATION = ["LRS", "ZRS", "GRS", "RAGRS", "GZRS", "RAGZRS"] as const;
export type StorageReplication = (typeof STORAGE_REPLICATION)[number];
/** Blob name the Flex Consumption host loads from its deployment container (OneDeploy's name). */
export const RELAY_PACKAGE_BLOB = "released-package.zip";

/** One Directory Manager workflow route the relay serves at `/api/flows/<routeKey>`. */
export interface FlowRelayRoute {
  /** The workflow route's name in Directory Manager, e.g. "Create User". */
  readonly displayName: string;
  /** The Key Vault secret that holds the route's flow request URL (created by FlowEnvironment). */
  readonly flowUrlSecret: KeyVaultSecret;
}

/** Where the Directory Manager API credentials in Key Vault get their values. */
export type DirectoryManagerCredentialsSource = "variables" | "external";

/** The decisions endpoint: approve/deny from the flow, relayed to Directory Manager's REST API. */
export interface FlowRelayDecisions {
  /** Directory Manager's public base URL, https, e.g. "https://dm.example.com". */
  readonly directoryManagerUrl: string;
  /**
   * Directory Manager's token endpoint, https.
   * @default - the relay's default: <directoryManagerUrl host>:4443/GroupIDSecurityService/connect/token
   */
  readonly directoryManagerTokenUrl?: string;
  /**
   * How the four credential secrets (user name, password, client id, client secret) get their
   * values: "variables" - from sensitive Terraform variables `<variablePrefix>_username`,
   * `_password`, `_client_id`, `_client_secret`; "external" - Terraform writes a placeholder once
   * and ignores the value from then on (set it with `az keyvault secret set`).
   * @default "variables"
   */
  readonly credentialsSource?: DirectoryManagerCredentialsSource;
  /** Prefix of the sensitive variables' names (lower snake case). @default "directory_manager" */
  readonly variablePrefix?: string;
  /** Days after which the credential secrets' expiry moves forward at the next apply, 1-730. @default 365 */
  readonly credentialsRotationDays?: number;
}

/** Explicit resource names; each defaults to one derived from `namePrefix`. */
export interface FlowRelayNames {
  /** Function app name, 2-60 letters, digits and hyphens. @default "<namePrefix>-relay" */
  readonly functionApp?: string;
  /** @default "<namePrefix>-relay-plan" */
  readonly servicePlan?: string;
  /** Storage account name, globally unique, 3-24 lower-case letters and digits. @default namePrefix without hyphens + "relay", lower case, at most 24 characters */
  readonly storageAccount?: string;
  /** @default "<namePrefix>-relay-identity" */
  readonly identity?: string;
  /** @default "<namePrefix>-relay-insights" */
  readonly applicationInsights?: string;
  /** @default "<namePrefix>-relay-logs" */
  readonly logAnalyticsWorkspace?: string;
}

export interface FlowRelayProps {
  /** Resource group that holds the relay's resources (the composite creates it or looks it up). */
  readonly resourceGroupName: string;
  /** Azure region of every resource, e.g. "westeurope" (one where Flex Consumption is offered). */
  readonly location: string;
  /** Prefix of every derived resource name, e.g. "dmflow-prod": letters, digits and hyphens. */
  readonly namePrefix: string;
  /** Explicit names that override the derived ones. @default {} - all derived from namePrefix */
  readonly names?: FlowRelayNames;
  /** Tags on every resource that takes tags. @default {} */
  readonly tags?: Record<string, string>;
  /** The vault that holds the flow URLs and the Directory Manager credentials. */
  readonly keyVault: SecureKeyVault;
  /** The routes, by route key (lower-case words joined by hyphens, e.g. "create-user"); at least one. */
  readonly routes: Record<string, FlowRelayRoute>;
  /** Department → SharePoint site map for enrichment. @default - no enrichment */
  readonly departments?: Record<string, RelayDepartmentSetting>;
  /** JSON pointer (RFC 6901) to the department in the event body. @default - the relay's default: a top-level "department" property, any case */
  readonly departmentPointer?: string;
  /** Top-level key the SharePoint site is added under. @default - the relay's default, "sharePointSite" */
  readonly enrichmentKey?: string;
  /** Host suffixes a flow URL may point at (sovereign clouds). @default - the relay's DEFAULT_FLOW_HOST_SUFFIXES */
  readonly allowedFlowHostSuffixes?: readonly string[];
  /** Largest accepted request body in bytes, 1024-104857600. @default 1048576 */
  readonly maxBodyBytes?: number;
  /** Deadline of the synchronous forward in milliseconds, 1000-220000 (the front end cuts at 230 s). @default 10000 */
  readonly forwardDeadlineMs?: number;
  /** Deliveries tried before a message goes to the poison queue, 1-100. @default 8 */
  readonly maxAttempts?: number;
  /** The decisions endpoint and the Directory Manager API credentials. @default - no decisions endpoint, no credential secrets */
  readonly decisions?: FlowRelayDecisions;
  /** Memory per instance in MB: 512, 2048 or 4096. @default 2048 */
  readonly instanceMemoryInMb?: number;
  /** Most instances the app scales out to, 40-1000. @default 100 */
  readonly maximumInstanceCount?: number;
  /** Node.js major version on Azure: "22" or "24". @default "22" */
  readonly nodeVersion?: string;
  /** Days the Log Analytics workspace keeps logs, 30-730 (storage queue logs keep at most 365). @default 30 */
  readonly logRetentionDays?: number;
  /**
   * Directory Manager's public IPv4 addresses or CIDR ranges. When set (with
   * `decisionsAllowedSources` if decisions are on), the app denies every other source. The
   * allow-list is app-wide: Azure applies it to every path, not per endpoint.
   * @default - no IP restriction; every call needs a function key (health is anonymous)
   */
  readonly ingressAllowedIpRanges?: readonly string[];
  /**
   * Sources Power Automate calls the decisions endpoint from: IPv4 addresses, CIDR ranges or
   * service tags (e.g. "PowerPlatformInfra"). Only with `decisions`.
   * @default - no IP restriction
   */
  readonly decisionsAllowedSources?: readonly string[];
  /** Replication of the relay's storage account. LRS and ZRS keep data in one region (suppresses DMF-ST-GEO-REDUNDANT). @default "LRS" */
  readonly storageReplication?: StorageReplication;
  /** Days deleted blobs and containers stay recoverable, 1-365. @default 7 */
  readonly blobSoftDeleteRetentionDays?: number;
  /**
   * Deploy the relay code with the infrastructure: the bundle is zipped at synth and uploaded to
   * the deployment container, where the Flex Consumption host loads it.
   * @default true
   */
  readonly deployCode?: boolean;
  /**
   * The relay bundle: a folder (host.json, package.json, bundled JS), zipped at synth, or a ready
   * .zip of one, deployed as it is.
   * @default "<package root>/dist/relay.zip" (built by `npm run build:relay`)
   */
  readonly codePath?: string;
  /**
   * Object id of the identity that runs `cdktf deploy`; it is granted Storage Blob Data
   * Contributor on the deployment container so it can upload the code (shared keys are off).
   * @default - no grant (the deployer already has a blob data role on the account)
   */
  readonly deployerObjectId?: string;
}

const SERVICE_TAG = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/;

/**
 * The relay's hosting: a Function App on the Flex Consumption plan with a user-assigned identity
 * (host storage, queues, telemetry) whose role assignments exist before the app starts, an
 * identity-only storage account with the relay's queues, Key Vault references for every secret,
 * workspace-based Application Insights, optional inbound allow-lists, and the relay code.
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
  /** Principal (object) id of the user-assigned identity (storage, queues, telemetry). */
  public readonly identityPrincipalId: string;
  /** Client id of the user-assigned identity. */
  public readonly identityClientId: string;
  /** Resource id of the user-assigned identity. */
  public readonly identityId: string;
  /** Principal id of the app's system-assigned identity, which resolves the Key Vault references. */
  public readonly keyVaultReferencePrincipalId: string;
  /** Name of the relay's storage account. */
  public readonly storageAccountName: string;
  /** The exact Azure CLI command that prints the default function key (the key never leaves Azure otherwise). */
  public readonly functionKeyCommand: string;
  /** The Azure CLI command that restarts the app, which makes it re-read its Key Vault references. */
  public readonly restartCommand: string;
  public readonly functionApp: FunctionAppFlexConsumption;
  public readonly storageAccount: StorageAccount;
  public readonly identity: UserAssignedIdentity;
  public readonly applicationInsights: ApplicationInsights;
  public readonly logAnalyticsWorkspace: LogAnalyticsWorkspace;
  /** Blobs of events too large for a queue message (RELAY_PAYLOAD_CONTAINER, private). */
  public readonly payloadContainer: StorageContainer;
  /** The relay's queues by contract key (RELAY_QUEUES). */
  public readonly queues: Record<keyof typeof RELAY_QUEUES, StorageQueue>;
  /** The Directory Manager API credential secrets; undefined without `decisions`. */
  public readonly directoryManagerSecrets?: Record<"username" | "password" | "clientId" | "clientSecret", KeyVaultSecret>;

  constructor(scope: Construct, id: string, props: FlowRelayProps) {
    super(scope, id);
    const where = this.node.path;
    const fail = (message: string): never => {
      throw new Error(`${where}: ${message}`);
    };
    const known = (value: unknown) => !Token.isUnresolved(value);
    const wholeIn = (prop: string, value: number, min: number, max: number) => {
      if (known(value) && (!Number.isInteger(value) || value < min || value > max)) {
        fail(`${prop} must be a whole number from ${min} to ${max}, but ${value} was given`);
      }
      return value;
    };

    // ---- Defaults and validation, up front --------------------------------------------------
    const tags = props.tags ?? {};
    const prefix = props.namePrefix;
    if (known(prefix) && !/^[a-zA-Z0-9][a-zA-Z0-9-]{0,40}$/.test(prefix)) {
      fail(`namePrefix must be 1-41 letters, digits and hyphens starting with a letter or digit, but "${prefix}" was given`);
    }
    const names = {
      functionApp: props.names?.functionApp ?? `${prefix}-relay`,
      servicePlan: props.names?.servicePlan ?? `${prefix}-relay-plan`,
      storageAccount: props.names?.storageAccount ?? `${prefix.replace(/[^a-zA-Z0-9]/g, "").toLowerCase().slice(0, 19)}relay`,
      identity: props.names?.identity ?? `${prefix}-relay-identity`,
      applicationInsights: props.names?.applicationInsights ?? `${prefix}-relay-insights`,
      logAnalyticsWorkspace: props.names?.logAnalyticsWorkspace ?? `${prefix}-relay-logs`,
    };
    if (known(names.functionApp) && !/^[a-zA-Z0-9][a-zA-Z0-9-]{0,58}[a-zA-Z0-9]$/.test(names.functionApp)) {
      fail(`names.functionApp must be 2-60 letters, digits and hyphens, not starting or ending with a hyphen, but "${names.functionApp}" was given`);
    }
    if (known(names.storageAccount) && !/^[a-z0-9]{3,24}$/.test(names.storageAccount)) {
      fail(`names.storageAccount must be 3-24 lower-case letters and digits, but "${names.storageAccount}" was given`);
    }

    const routeKeys = Object.keys(props.routes);
    if (routeKeys.length === 0) fail("routes must hold at least one route, but none was given");
    for (const key of routeKeys) {
      if (!ROUTE_KEY.test(key)) fail(`routes keys must be lower-case words joined by hyphens (e.g. "create-user"), but "${key}" was given`);
      const route = props.routes[key];
      if (known(route.displayName) && route.displayName.trim() === "") fail(`routes["${key}"].displayName must not be empty`);
    }
    const settingOwners = new Map<string, string>();
    for (const key of routeKeys) {
      const setting = flowUrlSettingName(key);
      if (settingOwners.has(setting)) fail(`routes keys "${settingOwners.get(setting)}" and "${key}" map to the same app setting ${setting}`);
      settingOwners.set(setting, key);
    }

    const departments = props.departments ?? {};
    for (const [department, site] of Object.entries(departments)) {
      if (known(site.siteUrl) && !/^https:\/\/[^/\s]+\/\S*$/.test(site.siteUrl)) {
        fail(`departments["${department}"].siteUrl must be an https URL of a SharePoint site, but "${site.siteUrl}" was given`);
      }
      if (site.groupObjectId !== undefined && known(site.groupObjectId) && !GUID.test(site.groupObjectId)) {
        fail(`departments["${department}"].groupObjectId must be an object id (GUID), but "${site.groupObjectId}" was given`);
      }
    }

    const limited = (prop: keyof typeof RELAY_LIMITS) => wholeIn(prop, props[prop] ?? RELAY_LIMITS[prop].default, RELAY_LIMITS[prop].min, RELAY_LIMITS[prop].max);
    const maxBodyBytes = limited("maxBodyBytes");
    const forwardDeadlineMs = limited("forwardDeadlineMs");
    const maxAttempts = limited("maxAttempts");
    const memory = props.instanceMemoryInMb ?? 2048;
    if (known(memory) && !(FLEX_INSTANCE_MEMORY_MB as readonly number[]).includes(memory)) {
      fail(`instanceMemoryInMb must be one of ${FLEX_INSTANCE_MEMORY_MB.join(", ")}, but ${memory} was given`);
    }
    const maximumInstanceCount = wholeIn("maximumInstanceCount", props.maximumInstanceCount ?? 100, 40, 1000);
    const nodeVersion = props.nodeVersion ?? "22";
    if (known(nodeVersion) && !(FLEX_NODE_VERSIONS as readonly string[]).includes(nodeVersion)) {
      fail(`nodeVersion must be one of ${FLEX_NODE_VERSIONS.map((v) => `"${v}"`).join(", ")} (a supported Node LTS on Flex Consumption), but "${nodeVersion}" was given`);
    }
    const logRetentionDays = wholeIn("logRetentionDays", props.logRetentionDays ?? 30, 30, 730);
    const softDeleteDays = wholeIn("blobSoftDeleteRetentionDays", props.blobSoftDeleteRetentionDays ?? 7, 1, 365);
    const replication = props.storageReplication ?? "LRS";
    if (!(STORAGE_REPLICATION as readonly string[]).includes(replication)) {
      fail(`storageReplication must be one of ${STORAGE_REPLICATION.join(", ")}, but "${replication}" was given`);
    }

    const decisions = props.decisions;
    if (decisions) {
      if (known(decisions.directoryManagerUrl) && !/^https:\/\/[^/\s?#]+(\/[^\s?#]*)?$/.test(decisions.directoryManagerUrl)) {
        fail(`decisions.directoryManagerUrl must be an https URL without query, e.g. "https://dm.example.com", but "${decisions.directoryManagerUrl}" was given`);
      }
      const tokenUrl = decisions.directoryManagerTokenUrl;
      if (tokenUrl !== undefined && known(tokenUrl) && !/^https:\/\/[^/\s?#]+\/\S*$/.test(tokenUrl)) {
        fail(`decisions.directoryManagerTokenUrl must be an https URL, but "${tokenUrl}" was given`);
      }
      const source = decisions.credentialsSource ?? "variables";
      if (source !== "variables" && source !== "external") {
        fail(`decisions.credentialsSource must be "variables" or "external", but "${source}" was given`);
      }
      if (!/^[a-z][a-z0-9_]{0,40}$/.test(decisions.variablePrefix ?? "directory_manager")) {
        fail(`decisions.variablePrefix must be lower snake case (e.g. "directory_manager"), but "${decisions.variablePrefix}" was given`);
      }
      wholeIn("decisions.credentialsRotationDays", decisions.credentialsRotationDays ?? 365, 1, 730);
    }

    const ingressSources = props.ingressAllowedIpRanges;
    const decisionSources = props.decisionsAllowedSources;
    for (const ip of ingressSources ?? []) {
      if (known(ip) && !IPV4_RANGE.test(ip)) fail(`ingressAllowedIpRanges must hold IPv4 addresses or CIDR ranges, but "${ip}" was given`);
    }
    for (const source of decisionSources ?? []) {
      if (known(source) && !IPV4_RANGE.test(source) && !SERVICE_TAG.test(source)) {
        fail(`decisionsAllowedSources must hold IPv4 addresses, CIDR ranges or service tags, but "${source}" was given`);
      }
    }
    if (decisionSources !== undefined && !decisions) fail("decisionsAllowedSources applies only with decisions, but decisions is not set");
    if (decisions && (ingressSources === undefined) !== (decisionSources === undefined)) {
      // Azure's allow-list is app-wide: restricting one caller alone would lock out the other.
      fail(
        ingressSources === undefined
          ? "ingressAllowedIpRanges must be set with decisionsAllowedSources: the allow-list is app-wide and would block Directory Manager"
          : 'decisionsAllowedSources must be set with ingressAllowedIpRanges when decisions is set: the allow-list is app-wide and would block Power Automate (e.g. ["PowerPlatformInfra"])',
      );
    }
    if (ingressSources !== undefined && ingressSources.length === 0) fail("ingressAllowedIpRanges must hold at least one address when set, but [] was given");
    if (decisionSources !== undefined && decisionSources.length === 0) fail("decisionsAllowedSources must hold at least one source when set, but [] was given");

    const deployCode = props.deployCode ?? true;
    const codePath = deployCode ? resolveCodePath(props.codePath, where) : undefined;
    if (props.deployerObjectId !== undefined && known(props.deployerObjectId) && !GUID.test(props.deployerObjectId)) {
      fail(`deployerObjectId must be an object id (GUID), but "${props.deployerObjectId}" was given`);
    }

    // ---- Identity, created first so its role assignments exist when the app starts ----------
    const base = { resourceGroupName: props.resourceGroupName, location: props.location, tags };
    this.identity = new UserAssignedIdentity(this, "identity", { ...base, name: names.identity });
    const principalId = this.identity.principalId;

    // ---- Storage: identity-only, management-plane children ----------------------------------
    this.storageAccount = new StorageAccount(this, "storage", {
      ...base,
      ...SECURE_STORAGE_ACCOUNT_DEFAULTS,
      name: names.storageAccount,
      accountReplicationType: replication,
      publicNetworkAccessEnabled: true,
      networkRules: { defaultAction: "Allow", bypass: ["AzureServices"] },
      blobProperties: {
        deleteRetentionPolicy: { days: softDeleteDays },
        containerDeleteRetentionPolicy: { days: softDeleteDays },
      },
    });
    const account = this.storageAccount;
    suppressRule(
      account,
      "DMF-ST-NETWORK-DENY",
      "Flex Consumption without VNet integration reaches its host and deployment storage over the public endpoint, so the firewall cannot default to deny. Compensating controls: shared keys are disabled, OAuth is the default, so only Entra identities with data roles (the relay's identity, scoped per queue) can read or write; TLS 1.2 and https only.",
    );
    if (replication === "LRS" || replication === "ZRS") {
      suppressRule(
        account,
        "DMF-ST-GEO-REDUNDANT",
        `storageReplication is ${replication}: the account holds only the relay's code package, host leases and in-flight queue messages, which a redeploy and the senders' retries recreate; choose GRS/GZRS through storageReplication when a regional outage must not delay queued events.`,
      );
    }
    // Queue logging (read/write/delete) through the data plane; the stack's provider sets
    // storage_use_azuread because shared keys are disabled.
    new StorageAccountQueueProperties(this, "queue-logging", {
      storageAccountId: account.id,
      logging: { version: "1.0", read: true, write: true, delete: true, retentionPolicyDays: Math.min(logRetentionDays, 365) },
    });

    const deploymentContainerName = "relay-deployment";
    const deploymentContainer = new StorageContainer(this, "deployment-container", {
      name: deploymentContainerName,
      storageAccountId: account.id,
      containerAccessType: "private",
    });
    // Claim check: events too large for a queue message wait here, named by their queue message.
    // The identity's Blob Data Owner on the account covers it.
    this.payloadContainer = new StorageContainer(this, "payload-container", {
      name: RELAY_PAYLOAD_CONTAINER,
      storageAccountId: account.id,
      containerAccessType: "private",
    });
    const queueEntries = Object.entries(RELAY_QUEUES) as [keyof typeof RELAY_QUEUES, string][];
    this.queues = Object.fromEntries(
      queueEntries.map(([key, name]) => [key, new StorageQueue(this, `queue-${name}`, { name, storageAccountId: account.id })]),
    ) as Record<keyof typeof RELAY_QUEUES, StorageQueue>;

    // ---- Role assignments of the user-assigned identity ---------------------------------------
    const identityRole = (roleId: string, role: string, scope: string, description: string, dependsOn?: StorageQueue) =>
      new RoleAssignment(this, roleId, {
        scope,
        roleDefinitionName: role,
        principalId,
        principalType: "ServicePrincipal",
        description,
        dependsOn: dependsOn ? [dependsOn] : undefined,
      });
    // Account scope: the host creates its own containers at run time (azure-webjobs-hosts,
    // azure-webjobs-secrets), so no narrower scope holds; it covers the deployment container.
    const blobOwner = identityRole(
      "host-storage-blob-owner",
      "Storage Blob Data Owner",
      account.id,
      "Functions host storage (keys, leases) and the deployment container of the relay",
    );
    // One assignment per relay queue: the narrowest scope Azure RBAC offers for queue data.
    const queueRoles = queueEntries.map(([key, name]) =>
      identityRole(
        `queue-contributor-${name}`,
        "Storage Queue Data Contributor",
        `${account.id}/queueServices/default/queues/${name}`,
        `Relay queue ${name}: enqueue, trigger, poison`,
        this.queues[key],
      ),
    );

    // ---- Telemetry ------------------------------------------------------------------------------
    this.logAnalyticsWorkspace = new LogAnalyticsWorkspace(this, "logs", {
      ...base,
      name: names.logAnalyticsWorkspace,
      sku: "PerGB2018",
      retentionInDays: logRetentionDays,
    });
    this.applicationInsights = new ApplicationInsights(this, "insights", {
      ...base,
      name: names.applicationInsights,
      applicationType: "Node.JS",
      workspaceId: this.logAnalyticsWorkspace.id,
      // Entra-only ingestion: the connection string alone cannot send telemetry.
      localAuthenticationDisabled: true,
    });
    const telemetryPublisher = identityRole(
      "insights-metrics-publisher",
      "Monitoring Metrics Publisher",
      this.applicationInsights.id,
      "Entra-authenticated telemetry ingestion (local auth is disabled)",
    );

    // ---- Code package -----------------------------------------------------------------------
    // The payload container too: an event too large for a queue message needs it from the first request.
    const appDependsOn: (RoleAssignment | StorageBlob | StorageContainer)[] = [blobOwner, ...queueRoles, telemetryPublisher, this.payloadContainer];
    let packageHash: string | undefined;
    if (codePath !== undefined) {
      const asset = new TerraformAsset(this, "relay-package", { path: codePath, type: codePath.endsWith(".zip") ? AssetType.FILE : AssetType.ARCHIVE });
      packageHash = asset.assetHash;
      const deployerUpload = props.deployerObjectId
        ? new RoleAssignment(this, "deployer-package-upload", {
            scope: `${account.id}/blobServices/default/containers/${deploymentContainerName}`,
            roleDefinitionName: "Storage Blob Data Contributor",
            principalId: props.deployerObjectId,
            description: "Lets the identity that runs cdktf deploy upload the relay package (shared keys are off)",
            dependsOn: [deploymentContainer],
          })
        : undefined;
      // azurerm 4.55's zip_deploy_file on Flex Consumption posts to Kudu's /api/zipdeploy with
      // basic-auth publishing credentials: Flex answers 404 (terraform-provider-azurerm#29630) and
      // basic auth is off here. The Flex host loads released-package.zip from its deployment container.
      const packageBlob = new StorageBlob(this, "relay-package-blob", {
        name: RELAY_PACKAGE_BLOB,
        storageAccountName: account.name,
        storageContainerName: deploymentContainer.name,
        type: "Block",
        source: asset.path,
        contentType: "application/zip",
        contentMd5: Fn.filemd5(asset.path),
        dependsOn: deployerUpload ? [deployerUpload] : [deploymentContainer],
      });
      appDependsOn.push(packageBlob);
    }

    // ---- Directory Manager API credentials (decisions only) ---------------------------------------
    if (decisions) {
      const source = decisions.credentialsSource ?? "variables";
      const variablePrefix = decisions.variablePrefix ?? "directory_manager";
      const rotation = new Rotating(this, "directory-manager-credentials-rotation", {
        rotationDays: decisions.credentialsRotationDays ?? 365,
      });
      const credential = (key: "username" | "password" | "clientId" | "clientSecret", secretName: string, variableSuffix: string, description: string) => {
        let value = "set-with-az-keyvault-secret-set";
        if (source === "variables") {
          const variable = new TerraformVariable(this, `${variablePrefix}_${variableSuffix}`, {
            type: "string",
            sensitive: true,
            nullable: false,
            description,
          });
          variable.overrideLogicalId(`${variablePrefix}_${variableSuffix}`);
          value = variable.stringValue;
        }
        return [
          key,
          props.keyVault.addSecret(`${id}-dm-${variableSuffix.replace(/_/g, "-")}`, {
            name: secretName,
            value,
            contentType: "text/plain",
            expirationDate: rotation.rotationRfc3339,
            valueManagedOutside: source === "external",
          }),
        ] as const;
      };
      this.directoryManagerSecrets = Object.fromEntries([
        credential("username", "dm-api-username", "username", "Directory Manager API user name (decisions endpoint)"),
        credential("password", "dm-api-password", "password", "Directory Manager API password (decisions endpoint)"),
        credential("clientId", "dm-api-client-id", "client_id", "Directory Manager API client id (decisions endpoint)"),
        credential("clientSecret", "dm-api-client-secret", "client_secret", "Directory Manager API client secret (decisions endpoint)"),
      ]) as Record<"username" | "password" | "clientId" | "clientSecret", KeyVaultSecret>;
    }

    // ---- App settings: identity-based storage, Key Vault references, plain relay settings --------
    const keyVaultReference = (secret: KeyVaultSecret) => `@Microsoft.KeyVault(SecretUri=${secret.versionlessId})`;
    const routeSettings: Record<string, RelayRouteSetting> = Object.fromEntries(
      routeKeys.map((key) => [key, { displayName: props.routes[key].displayName, flowUrlSetting: flowUrlSettingName(key) }]),
    );
    const appSettings: Record<string, string> = {
      // azurerm adds an AzureWebJobsStorage connection string with an empty key even for identity
      // auth; an empty value makes the host use the AzureWebJobsStorage__* settings below.
      AzureWebJobsStorage: "",
      AzureWebJobsStorage__accountName: account.name,
      AzureWebJobsStorage__credential: "managedidentity",
      AzureWebJobsStorage__clientId: this.identity.clientId,
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: `ClientId=${this.identity.clientId};Authorization=AAD`,
      [RELAY_SETTINGS.routes]: JSON.stringify(routeSettings),
      [RELAY_SETTINGS.maxBodyBytes]: String(maxBodyBytes),
      [RELAY_SETTINGS.forwardDeadlineMs]: String(forwardDeadlineMs),
      [RELAY_SETTINGS.maxAttempts]: String(maxAttempts),
      [RELAY_SETTINGS.decisionsEnabled]: decisions ? "true" : "false",
    };
    for (const key of routeKeys) appSettings[flowUrlSettingName(key)] = keyVaultReference(props.routes[key].flowUrlSecret);
    if (Object.keys(departments).length > 0) appSettings[RELAY_SETTINGS.departments] = JSON.stringify(departments);
    if (props.departmentPointer !== undefined) appSettings[RELAY_SETTINGS.departmentPointer] = props.departmentPointer;
    if (props.enrichmentKey !== undefined) appSettings[RELAY_SETTINGS.enrichmentKey] = props.enrichmentKey;
    if (props.allowedFlowHostSuffixes !== undefined) appSettings[RELAY_SETTINGS.allowedFlowHostSuffixes] = props.allowedFlowHostSuffixes.join(",");
    if (decisions && this.directoryManagerSecrets) {
      appSettings[RELAY_SETTINGS.directoryManagerUrl] = decisions.directoryManagerUrl;
      if (decisions.directoryManagerTokenUrl !== undefined) appSettings[RELAY_SETTINGS.directoryManagerTokenUrl] = decisions.directoryManagerTokenUrl;
      const secrets = this.directoryManagerSecrets;
      appSettings[RELAY_SETTINGS.directoryManagerUsername] = keyVaultReference(secrets.username);
      appSettings[RELAY_SETTINGS.directoryManagerPassword] = keyVaultReference(secrets.password);
      appSettings[RELAY_SETTINGS.directoryManagerClientId] = keyVaultReference(secrets.clientId);
      appSettings[RELAY_SETTINGS.directoryManagerClientSecret] = keyVaultReference(secrets.clientSecret);
    }
    // A new package changes this setting, which restarts the app so it loads the new blob.
    if (packageHash !== undefined) appSettings.RELAY_PACKAGE_HASH = packageHash;

    // ---- Inbound allow-list (app-wide) ---------------------------------------------------------
    const restricted = ingressSources !== undefined || decisionSources !== undefined;
    const ipRestriction = [
      ...(ingressSources ?? []).map((ip) => ({ name: "directory-manager", description: "Directory Manager (workflow routes)", ip })),
      ...(decisionSources ?? []).map((ip) => ({ name: "power-automate", description: "Power Automate (decisions)", ip })),
    ].map(({ name, description, ip }, i) => ({
      name: `${name}-${i + 1}`,
      description,
      action: "Allow",
      priority: 100 + i,
      ...(IPV4_RANGE.test(ip) || Token.isUnresolved(ip) ? { ipAddress: ip.includes("/") ? ip : `${ip}/32` } : { serviceTag: ip }),
    }));

    // ---- Plan and app -----------------------------------------------------------------------
    const plan = new ServicePlan(this, "plan", { ...base, name: names.servicePlan, osType: "Linux", skuName: "FC1" });
    this.functionApp = new FunctionAppFlexConsumption(this, "app", {
      ...base,
      name: names.functionApp,
      servicePlanId: plan.id,
      runtimeName: "node",
      runtimeVersion: nodeVersion,
      instanceMemoryInMb: memory,
      maximumInstanceCount,
      storageContainerType: "blobContainer",
      storageContainerEndpoint: `${account.primaryBlobEndpoint}${deploymentContainerName}`,
      storageAuthenticationType: "UserAssignedIdentity",
      storageUserAssignedIdentityId: this.identity.id,
      // User-assigned: storage, queues, telemetry (granted before the app exists). System-assigned:
      // Key Vault references, because azurerm 4.55 has no key_vault_reference_identity_id on this
      // resource (terraform-provider-azurerm#28928) and references default to the system identity.
      identity: { type: "SystemAssigned, UserAssigned", identityIds: [this.identity.id] },
      httpsOnly: true,
      publicNetworkAccessEnabled: true,
      webdeployPublishBasicAuthenticationEnabled: false,
      clientCertificateEnabled: false,
      siteConfig: {
        minimumTlsVersion: "1.2",
        scmMinimumTlsVersion: "1.2",
        remoteDebuggingEnabled: false,
        http2Enabled: true,
        applicationInsightsConnectionString: this.applicationInsights.connectionString,
        ipRestrictionDefaultAction: restricted ? "Deny" : "Allow",
        ipRestriction: restricted ? ipRestriction : undefined,
        // Code arrives through the deployment container, so nothing needs the SCM site.
        scmIpRestrictionDefaultAction: "Deny",
        scmUseMainIpRestriction: false,
      },
      appSettings,
      tags,
      dependsOn: appDependsOn,
    });
    const app = this.functionApp;
    suppressRule(
      app,
      "DMF-FUNC-PUBLIC-ACCESS",
      "Directory Manager (on premises or elsewhere) and Power Automate (a multi-tenant service) must reach the relay over the internet. Compensating controls: function-key authorization on every endpoint but the anonymous health check, https only with TLS 1.2, basic publishing auth off and the SCM site denied, and IP/service-tag allow-lists when ingressAllowedIpRanges/decisionsAllowedSources are set.",
    );

    // ---- Key Vault Secrets User per secret, for the identity that resolves references ------------
    const referencePrincipal = app.identity.principalId;
    for (const key of routeKeys) props.keyVault.grantSecretRead(`${id}-reads-flow-url-${key}`, referencePrincipal, props.routes[key].flowUrlSecret);
    for (const [key, secret] of Object.entries(this.directoryManagerSecrets ?? {})) {
      props.keyVault.grantSecretRead(`${id}-reads-dm-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, referencePrincipal, secret);
    }

    // ---- Attributes -----------------------------------------------------------------------------
    this.functionAppName = app.name;
    this.functionAppId = app.id;
    this.defaultHostname = app.defaultHostname;
    this.relayBaseUrl = `https://${app.defaultHostname}/api`;
    this.routeUrls = Object.fromEntries(routeKeys.map((key) => [key, `${this.relayBaseUrl}/flows/${key}`]));
    this.decisionsUrl = decisions ? `${this.relayBaseUrl}/decisions` : undefined;
    this.healthUrl = `${this.relayBaseUrl}/health`;
    this.identityPrincipalId = principalId;
    this.identityClientId = this.identity.clientId;
    this.identityId = this.identity.id;
    this.keyVaultReferencePrincipalId = referencePrincipal;
    this.storageAccountName = account.name;
    this.functionKeyCommand = `az functionapp keys list --resource-group ${props.resourceGroupName} --name ${app.name} --query functionKeys.default --output tsv`;
    this.restartCommand = `az functionapp restart --resource-group ${props.resourceGroupName} --name ${app.name}`;
  }
}

/**
 * The relay package: given (a bundle folder with host.json, or a ready .zip of one), or
 * `<package root>/dist/relay.zip` (built by `npm run build:relay`). A ready zip is deployed as it
 * is; a folder is zipped at every synth.
 */
function resolveCodePath(given: string | undefined, where: string): string {
  let path = given;
  if (path === undefined) {
    const root = findPackageRoot(__dirname);
    if (root === undefined) {
      throw new Error(`${where}: codePath was not given and this package's root (its package.json) was not found above ${__dirname}; pass codePath, the relay bundle folder or zip`);
    }
    path = join(root, "dist", "relay.zip");
  }
  path = resolve(path);
  if (!existsSync(path)) {
    throw new Error(`${where}: codePath must be the relay bundle folder or its .zip, but ${path} does not exist; run \`npm run build:relay\` first (or pass codePath, or deployCode: false)`);
  }
  if (statSync(path).isFile()) {
    if (!path.endsWith(".zip")) throw new Error(`${where}: codePath ${path} is a file but not a .zip; pass the relay bundle folder or its zip`);
    return path;
  }
  if (!existsSync(join(path, "host.json"))) {
    throw new Error(`${where}: codePath ${path} holds no host.json, so it is not a Functions app bundle; run \`npm run build:relay\` first`);
  }
  return path;
}
