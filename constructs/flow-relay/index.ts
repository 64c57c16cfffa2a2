// FlowRelay's public surface: the construct, its props and the values they take.
export { FlowRelay } from "./flow-relay";
export { FLEX_INSTANCE_MEMORY_MB, FLEX_NODE_VERSIONS, STORAGE_REPLICATION } from "./props";
export type {
  DirectoryManagerCredentialsSource,
  FlowRelayDecisions,
  FlowRelayNames,
  FlowRelayProps,
  FlowRelayRoute,
  StorageReplication,
} from "./props";
export type { DirectoryManagerCredential } from "./directory-manager-credentials";
export type { DecisionKeySecrets } from "./decision-keys";
export { DEFAULT_ADDRESS_SPACE, FLEX_SUBNET_MAX_PREFIX, PRIVATE_DNS_ZONES } from "./network-props";
export type { FlowRelayNetwork, PrivateEndpointService } from "./network-props";
