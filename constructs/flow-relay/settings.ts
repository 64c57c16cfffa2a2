import type { RelayLimitValues } from "../../contract/relay-limits";
import type { RelayDepartmentSetting } from "../../contract/relay-settings";
import type { IdentityRef } from "../identity-ref";
import type { KeyVaultRef } from "../key-vault-ref";
import type { RelayNetworkSettings } from "./network-props";
import type { DirectoryManagerCredentialsSource, FlowRelayNames, FlowRelayRoute, StorageReplication } from "./props";

/**
 * FlowRelay's props checked, with every default applied: all the constructor reads. The construct
 * references (vault, identity, route secrets) cannot be checked and are passed through as given.
 */
export interface FlowRelaySettings {
  readonly resourceGroupName: string;
  readonly location: string;
  readonly namePrefix: string;
  /** The suffix given, or the one derived from the subscription. */
  readonly nameSuffix: string;
  readonly names: Required<FlowRelayNames>;
  readonly tags: Record<string, string>;
  readonly keyVault: KeyVaultRef;
  /** The identity given; undefined when the relay creates its own. */
  readonly identity?: IdentityRef;
  readonly routeKeys: string[];
  readonly routes: Record<string, FlowRelayRoute>;
  readonly departments: Record<string, RelayDepartmentSetting>;
  readonly departmentPointer?: string;
  readonly enrichmentKey?: string;
  readonly allowedFlowHostSuffixes?: readonly string[];
  /** The relay's numeric settings (RELAY_LIMITS), checked, with their defaults applied. */
  readonly limits: RelayLimitValues;
  /** The decisions endpoint's settings; undefined without decisions. */
  readonly decisions?: FlowRelayDecisionSettings;
  readonly instanceMemoryInMb: number;
  readonly maximumInstanceCount: number;
  readonly nodeVersion: string;
  readonly logRetentionDays: number;
  readonly blobSoftDeleteRetentionDays: number;
  readonly storageReplication: StorageReplication;
  readonly roleWaitSeconds: number;
  readonly network: RelayNetworkSettings;
  readonly storageAllowedIpRanges?: readonly string[];
  readonly ingressAllowedIpRanges?: readonly string[];
  readonly decisionsAllowedSources?: readonly string[];
  readonly deployerObjectId?: string;
  readonly additionalDeployerObjectIds: readonly string[];
}

/** The decisions' Directory Manager URLs, credentials and key generations, with their defaults applied. */
export interface FlowRelayDecisionSettings {
  readonly directoryManagerUrl: string;
  readonly directoryManagerTokenUrl?: string;
  readonly identityStoreId: number;
  readonly credentialsSource: DirectoryManagerCredentialsSource;
  /** Start of the names of the Directory Manager credential variables. */
  readonly variablePrefix: string;
  readonly credentialsVersion: number;
  readonly credentialsRotationDays: number;
  readonly tokenKeyVersion: number;
  readonly decisionsKeyVersion: number;
}
