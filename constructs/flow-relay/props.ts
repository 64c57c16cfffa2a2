import type { KeyVaultSecret } from "../providers/azurerm";
import type { RelayDepartmentSetting } from "../../contract/relay-settings";
import type { KeyVaultRef } from "../key-vault-ref";
import type { FlowRelayNetwork } from "./network-props";

/** Flex Consumption instance sizes, in MB. */
export const FLEX_INSTANCE_MEMORY_MB = [512, 2048, 4096] as const;
/** Node.js versions Flex Consumption runs that are still supported (Node 20 ended on 30 Apr 2026). */
export const FLEX_NODE_VERSIONS = ["22", "24"] as const;
/** Storage replication kinds; the first two keep data in one region. */
export const STORAGE_REPLICATION = ["LRS", "ZRS", "GRS", "RAGRS", "GZRS", "RAGZRS"] as const;
export type StorageReplication = (typeof STORAGE_REPLICATION)[number];

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
  /**
   * Start of the sensitive variables' names (lower snake case); unique in the stack.
   * @default - the relay's path below its stack in snake case, then "_directory_manager"
   */
  readonly variablePrefix?: string;
  /**
   * Raise it (1, 2, …) to write changed credentials (from the variables) at the next apply: they
   * are written write-only, so Terraform cannot see a changed value by itself.
   * @default 1
   */
  readonly credentialsVersion?: number;
  /** Days after which the credential secrets' expiry moves forward at the next apply, 1-730. @default 365 */
  readonly credentialsRotationDays?: number;
}

/**
 * Explicit resource names; each defaults to `<namePrefix>-relay-<kind>-<nameSuffix>`, cut to
 * Azure's length for the kind. Two constructs of one app with the same function app or storage
 * account name fail at synth.
 */
export interface FlowRelayNames {
  /** Function app name, 2-60 letters, digits and hyphens, unique in Azure. @default "<namePrefix>-relay-<nameSuffix>", at most 32 characters (the Functions host id is the first 32) */
  readonly functionApp?: string;
  /** @default "<namePrefix>-relay-plan-<nameSuffix>" */
  readonly servicePlan?: string;
  /** Storage account name, unique in Azure, 3-24 lower-case letters and digits. @default namePrefix's letters and digits in lower case, cut to 13, then "relay" and nameSuffix */
  readonly storageAccount?: string;
  /** @default "<namePrefix>-relay-identity-<nameSuffix>" */
  readonly identity?: string;
  /** @default "<namePrefix>-relay-insights-<nameSuffix>" */
  readonly applicationInsights?: string;
  /** @default "<namePrefix>-relay-logs-<nameSuffix>" */
  readonly logAnalyticsWorkspace?: string;
  /** The virtual network the relay creates (not used with network.subnetId). @default "<namePrefix>-relay-vnet-<nameSuffix>" */
  readonly virtualNetwork?: string;
}

export interface FlowRelayProps {
  /** Resource group that holds the relay's resources (the composite creates it or looks it up). */
  readonly resourceGroupName: string;
  /** Azure region of every resource, e.g. "westeurope" (one where Flex Consumption is offered). */
  readonly location: string;
  /** Prefix of every derived resource name, e.g. "dmflow-prod": letters, digits and hyphens. */
  readonly namePrefix: string;
  /**
   * Ends every derived name, so names are unique in Azure: 1-6 lower-case letters and digits.
   * @default - 6 hex digits of sha1("<subscription id>/<this construct's path>"), the subscription
   * being the deploying identity's (read at plan)
   */
  readonly nameSuffix?: string;
  /** Explicit names that override the derived ones. @default {} - all derived from namePrefix and nameSuffix */
  readonly names?: FlowRelayNames;
  /** Tags on every resource that takes tags. @default {} */
  readonly tags?: Record<string, string>;
  /** The vault that holds the flow URLs and the Directory Manager credentials. */
  readonly keyVault: KeyVaultRef;
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
   * How the relay reaches its storage account and Key Vault: by default a small virtual network
   * with a subnet delegated to Microsoft.App/environments and service endpoints, the storage
   * account and vault denying every other network. See FlowRelayNetwork for the options.
   * @default {} - a network is created (10.100.0.0/24, app subnet 10.100.0.0/26)
   */
  readonly network?: FlowRelayNetwork;
  /**
   * Deploy the relay code with the infrastructure: the bundle is zipped at synth, uploaded as a
   * blob named by its hash, and deployed with OneDeploy whenever the hash changes.
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
   * Contributor on the package container so it can upload the code (shared keys are off).
   * @default - no grant (the deployer already has a blob data role on the account)
   */
  readonly deployerObjectId?: string;
  /**
   * Seconds the package upload waits after the deployer's new role assignment, 1-1800: Azure takes
   * minutes to honour a new data-plane role, and an upload before that fails with 403.
   * @default 120
   */
  readonly roleWaitSeconds?: number;
}
