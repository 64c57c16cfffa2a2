import type { Construct } from "../providers/cdktf";
import {
  MonitorDiagnosticSetting,
  type RoleAssignment,
  StorageAccount,
  StorageContainer,
  StorageQueue,
} from "../providers/azurerm";
import { RELAY_DECISION_CONTAINER, RELAY_PAYLOAD_CONTAINER, RELAY_QUEUES } from "../../contract/relay-settings";
import { SECURE_STORAGE_ACCOUNT_DEFAULTS } from "../secure-storage-defaults";
import { suppressRule } from "../security/suppress";
import { grantIdentityRole } from "./identity";
import type { StorageReplication } from "./props";

/** The private container the Flex Consumption host loads the relay package from. */
export const DEPLOYMENT_CONTAINER = "relay-deployment";

export type RelayQueueKey = keyof typeof RELAY_QUEUES;

export interface RelayStorageProps {
  readonly base: {
    readonly resourceGroupName: string;
    readonly location: string;
    readonly tags: Record<string, string>;
  };
  readonly name: string;
  readonly replication: StorageReplication;
  readonly softDeleteDays: number;
  /** The relay's user-assigned identity, granted data roles on the account and each queue. */
  readonly principalId: string;
  /**
   * The firewall: subnets let through (service endpoints; none when private endpoints carry the
   * traffic), or, for a relay without a network, the reason it is open to every network.
   */
  readonly network:
    | { readonly allowedSubnetIds: string[]; readonly privateEndpoints: boolean }
    | { readonly publicReason: string };
  /**
   * Public addresses let through the firewall: the deployer's, for a workstation's first deploy
   * (the same allow-list as the Key Vault's). @default []
   */
  readonly allowedIpRanges?: readonly string[];
}

export interface RelayStorage {
  readonly account: StorageAccount;
  readonly deploymentContainer: StorageContainer;
  readonly payloadContainer: StorageContainer;
  readonly decisionContainer: StorageContainer;
  readonly queues: Record<RelayQueueKey, StorageQueue>;
  /** The identity's data roles; the app must start after them. */
  readonly roles: RoleAssignment[];
}

/**
 * The relay's storage account (identity-only: no shared keys), its containers and queues, and the
 * data roles of the relay's identity on them. Queue logging is a diagnostic setting
 * (logQueueRequests), made once the workspace exists.
 */
export function createRelayStorage(scope: Construct, props: RelayStorageProps): RelayStorage {
  const { replication } = props;
  const account = new StorageAccount(scope, "storage", {
    ...props.base,
    ...SECURE_STORAGE_ACCOUNT_DEFAULTS,
    name: props.name,
    accountReplicationType: replication,
    // Public access stays on for the deploying runner, whose address a deploy lets through the
    // firewall for its length (docs/pipeline.md); every other network is denied.
    publicNetworkAccessEnabled: true,
    networkRules:
      "publicReason" in props.network
        ? { defaultAction: "Allow", bypass: ["AzureServices"] }
        : {
            defaultAction: "Deny",
            bypass: ["AzureServices"],
            virtualNetworkSubnetIds: props.network.allowedSubnetIds,
            // Storage stores a single address without "/32" (unlike Key Vault): as given.
            ipRules: [...(props.allowedIpRanges ?? [])],
          },
    blobProperties: {
      deleteRetentionPolicy: { days: props.softDeleteDays },
      containerDeleteRetentionPolicy: { days: props.softDeleteDays },
    },
  });
  if ("publicReason" in props.network) {
    for (const rule of ["DMF-ST-NETWORK-DENY", "DMF-ST-PUBLIC-NETWORK-OFF", "DMF-ST-PRIVATE-ENDPOINT"])
      suppressRule(account, rule, props.network.publicReason);
  } else {
    suppressRule(
      account,
      "DMF-ST-PUBLIC-NETWORK-OFF",
      "Public network access stays on so a workstation's deployer can be let through by address (allowedIpRanges) and the pipeline's runner for a run; the deploy itself writes nothing to the data plane (containers and queues through Resource Manager, queue logging through a diagnostic setting, the code through OneDeploy). The firewall denies every other network but the relay's subnet, shared keys are disabled and OAuth is the default, so only Entra identities with data roles can read or write; TLS 1.2 and https only.",
    );
    if (!props.network.privateEndpoints) {
      suppressRule(
        account,
        "DMF-ST-PRIVATE-ENDPOINT",
        "The relay reaches the account over its subnet's Microsoft.Storage service endpoint, and the firewall denies every other network; set the relay's network.privateEndpoints where policy requires private endpoints. Access is Entra ID only, shared keys off.",
      );
    }
  }
  suppressRule(
    account,
    "DMF-ST-CUSTOMER-MANAGED-KEY",
    "The account holds the relay's code package, host leases and in-flight queue messages for minutes; Microsoft-managed keys with infrastructure (double) encryption cover them, and a customer key would add a Key Vault key and an identity to operate without a revocation need.",
  );
  suppressRule(
    account,
    "DMF-ST-QUEUE-LOGGING",
    "Queue requests (read, write, delete) are logged by a diagnostic setting on the queue service to the relay's Log Analytics workspace (StorageRead, StorageWrite, StorageDelete): a Resource Manager call, where classic queue logging (inline queue_properties or azurerm_storage_account_queue_properties) is a data-plane write a same-region runner cannot make through the firewall; the scanners read only the classic block.",
  );
  if (replication === "LRS" || replication === "ZRS") {
    suppressRule(
      account,
      "DMF-ST-GEO-REDUNDANT",
      `storageReplication is ${replication}: the account holds only the relay's code package, host leases and in-flight queue messages, which a redeploy and the senders' retries recreate; choose GRS/GZRS through storageReplication when a regional outage must not delay queued events.`,
    );
  }
  const deploymentContainer = new StorageContainer(scope, "deployment-container", {
    name: DEPLOYMENT_CONTAINER,
    storageAccountId: account.id,
    containerAccessType: "private",
  });
  // Claim check: events too large for a queue message wait here, named by their queue message.
  // The identity's Blob Data Owner on the account covers it.
  const payloadContainer = new StorageContainer(scope, "payload-container", {
    name: RELAY_PAYLOAD_CONTAINER,
    storageAccountId: account.id,
    containerAccessType: "private",
  });
  // First-decision records (one blob per workflow request, created If-None-Match: *); covered like the payloads.
  const decisionContainer = new StorageContainer(scope, "decision-container", {
    name: RELAY_DECISION_CONTAINER,
    storageAccountId: account.id,
    containerAccessType: "private",
  });
  // On the relay, so it covers every container of this account (the code package's too).
  suppressRule(
    scope,
    "DMF-ST-BLOB-LOGGING",
    "Log Analytics storage insights reads the account with its access key, and shared keys are off; the relay's containers are private and only the relay's identity and the deployer hold data roles on the account.",
  );
  const queueEntries = Object.entries(RELAY_QUEUES) as [RelayQueueKey, string][];
  const queues = Object.fromEntries(
    queueEntries.map(([key, name]) => [
      key,
      new StorageQueue(scope, `queue-${name}`, { name, storageAccountId: account.id }),
    ]),
  ) as Record<RelayQueueKey, StorageQueue>;

  // Account scope: the host creates its own containers at run time (azure-webjobs-hosts,
  // azure-webjobs-secrets), so no narrower scope holds; it covers the deployment container.
  const blobOwner = grantIdentityRole(scope, props.principalId, {
    id: "host-storage-blob-owner",
    role: "Storage Blob Data Owner",
    scope: account.id,
    description: "Functions host storage (keys, leases) and the deployment container of the relay",
  });
  // One assignment per relay queue: the narrowest scope Azure RBAC offers for queue data.
  const queueRoles = queueEntries.map(([key, name]) =>
    grantIdentityRole(scope, props.principalId, {
      id: `queue-contributor-${name}`,
      role: "Storage Queue Data Contributor",
      scope: `${account.id}/queueServices/default/queues/${name}`,
      description: `Relay queue ${name}: enqueue, trigger, poison`,
      dependsOn: queues[key],
    }),
  );
  return {
    account,
    deploymentContainer,
    payloadContainer,
    decisionContainer,
    queues,
    roles: [blobOwner, ...queueRoles],
  };
}

/** The queue service's resource id (the target of its diagnostic setting). */
export const queueServiceId = (account: StorageAccount) => `${account.id}/queueServices/default`;

/**
 * Queue read, write and delete requests logged to the workspace through a diagnostic setting: a
 * Resource Manager call, so a deploy needs no way through the storage firewall (classic queue
 * logging is a data-plane write, refused to a runner in the account's own region, whose requests
 * IP rules do not match).
 */
export function logQueueRequests(
  scope: Construct,
  account: StorageAccount,
  workspaceId: string,
): MonitorDiagnosticSetting {
  return new MonitorDiagnosticSetting(scope, "queue-logging", {
    name: "relay-queue-requests",
    targetResourceId: queueServiceId(account),
    logAnalyticsWorkspaceId: workspaceId,
    enabledLog: ["StorageRead", "StorageWrite", "StorageDelete"].map((category) => ({ category })),
  });
}
