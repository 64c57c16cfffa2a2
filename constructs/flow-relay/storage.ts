import type { Construct } from "../providers/cdktf";
import {
  type RoleAssignment,
  StorageAccount,
  StorageAccountQueueProperties,
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
  readonly logRetentionDays: number;
  /** The relay's user-assigned identity, granted data roles on the account and each queue. */
  readonly principalId: string;
  /**
   * The firewall: subnets let through (service endpoints; none when private endpoints carry the
   * traffic), or, for a relay without a network, the reason it is open to every network.
   */
  readonly network:
    | { readonly allowedSubnetIds: string[]; readonly privateEndpoints: boolean }
    | { readonly publicReason: string };
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
 * The relay's storage account (identity-only: no shared keys), its containers and queues, queue
 * logging, and the data roles of the relay's identity on them.
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
            ipRules: [],
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
      "Public network access stays on so the deploying runner can upload the relay package and set queue logging during a deploy (its address is let through for the run only); the firewall denies every other network but the relay's subnet, shared keys are disabled and OAuth is the default, so only Entra identities with data roles can read or write; TLS 1.2 and https only.",
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
    "Queue logging (read, write, delete) is configured by the azurerm_storage_account_queue_properties resource beside the account, the form azurerm 4 recommends (inline queue_properties is deprecated and gone in azurerm 5); the scanners read only the inline block. DMF-ST-QUEUE-PROPERTIES-LOGGING checks the resource.",
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
  new StorageAccountQueueProperties(scope, "queue-logging", {
    storageAccountId: account.id,
    logging: {
      version: "1.0",
      read: true,
      write: true,
      delete: true,
      retentionPolicyDays: Math.min(props.logRetentionDays, 365),
    },
  });

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
