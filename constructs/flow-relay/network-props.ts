// The relay's network prop: its shape, its defaults and limits, and the form of the settings and
// problems resolve-network.ts makes of it (shared by the construct and the config loader).
import type { SubnetRef } from "../subnet-ref";

/** Services the relay reaches through private endpoints, by the private DNS zone each needs. */
export const PRIVATE_DNS_ZONES = {
  blob: "privatelink.blob.core.windows.net",
  queue: "privatelink.queue.core.windows.net",
  table: "privatelink.table.core.windows.net",
  vault: "privatelink.vaultcore.azure.net",
} as const;
export type PrivateEndpointService = keyof typeof PRIVATE_DNS_ZONES;

/** Ranges a virtual network cannot use (multicast, broadcast, loopback, link-local, Azure's DNS): the Azure Virtual Network FAQ. */
export const AZURE_RESERVED_RANGES = [
  "224.0.0.0/4",
  "255.255.255.255/32",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "168.63.129.16/32",
];
/** Address space of the network the relay creates when none is given. */
export const DEFAULT_ADDRESS_SPACE = "10.100.0.0/24";
/** Flex Consumption's VNet integration needs a subnet of at least /27 (32 addresses; /26 for several apps). */
export const FLEX_SUBNET_MAX_PREFIX = 27;
/** How the relay reaches its storage account and Key Vault, and how it is reached. */
export interface FlowRelayNetwork {
  /**
   * Address space of the virtual network the relay creates: an IPv4 CIDR range (the network
   * address, e.g. "10.100.0.0/24") with room for the app subnet (and the private endpoint subnet).
   * @default "10.100.0.0/24"
   */
  readonly addressSpace?: string;
  /** The app's subnet, inside addressSpace, /27 or larger (Flex Consumption's minimum). @default - the first /26 of addressSpace (all of it when smaller) */
  readonly appSubnetRange?: string;
  /** The private endpoints' subnet, inside addressSpace, not overlapping the app's, /28 or larger. Only with privateEndpoints. @default - the /27 after the app subnet */
  readonly privateEndpointSubnetRange?: string;
  /**
   * An existing subnet for the app (bring your own network, e.g. a hub-and-spoke landing zone): no
   * network is created. It must be delegated to Microsoft.App/environments and, without
   * privateEndpoints, have the Microsoft.Storage and Microsoft.KeyVault service endpoints.
   * @default - a network is created
   */
  readonly subnetId?: string;
  /** With subnetId and privateEndpoints: the existing subnet for the private endpoints. */
  readonly privateEndpointSubnetId?: string;
  /** `subnetId` as your own subnet (an `azurerm_subnet` resource or data source, used as it is, never looked up); give one or the other. */
  readonly subnet?: SubnetRef;
  /** `privateEndpointSubnetId` as your own subnet, used as it is; give one or the other. */
  readonly privateEndpointSubnet?: SubnetRef;
  /**
   * Reach the storage account and Key Vault through private endpoints (with private DNS zones)
   * instead of service endpoints, for policies that forbid service endpoints.
   * @default false
   */
  readonly privateEndpoints?: boolean;
  /** With subnetId and privateEndpoints: existing private DNS zones by service (blob, queue, table, vault). @default - zones are created and linked to the subnet's network */
  readonly privateDnsZoneIds?: Readonly<Record<PrivateEndpointService, string>>;
  /**
   * Opt out: no VNet integration, and the storage account (and a vault created here) reachable
   * from any network. A written reason of at least 10 characters, recorded as the suppression of
   * the network rules. @default - the private path
   */
  readonly publicNetworkReason?: string;
}

/** The network prop resolved, with every default applied. */
export type RelayNetworkSettings =
  | { readonly mode: "public"; readonly reason: string }
  | {
      readonly mode: "managed";
      readonly addressSpace: string;
      readonly appSubnetRange: string;
      readonly privateEndpointSubnetRange?: string;
    }
  | {
      readonly mode: "existing";
      readonly subnetId: string;
      readonly privateEndpointSubnetId?: string;
      readonly privateDnsZoneIds?: Readonly<Record<PrivateEndpointService, string>>;
    };

/** One problem: the field below `network`, the form it must have, and what was given. */
export interface NetworkProblem {
  readonly field: string;
  readonly expected: string;
  readonly given: unknown;
}
