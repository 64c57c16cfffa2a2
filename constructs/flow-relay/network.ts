import { Annotations, type Construct, Fn, type TerraformResource } from "../providers/cdktf";
import {
  NetworkSecurityGroup,
  Subnet,
  SubnetNetworkSecurityGroupAssociation,
  VirtualNetwork,
} from "../providers/azurerm";
import type { KeyVaultRef } from "../key-vault-ref";
import type { RelayNetworkSettings } from "./network-props";

/** Service endpoints on the app subnet, so the storage account and vault can allow the subnet. */
export const SERVICE_ENDPOINTS = ["Microsoft.KeyVault", "Microsoft.Storage"];
/** Flex Consumption's VNet integration runs in a subnet delegated to Container Apps environments. */
export const FLEX_SUBNET_DELEGATION = "Microsoft.App/environments";

export interface RelayNetworkProps {
  readonly base: {
    readonly resourceGroupName: string;
    readonly location: string;
    readonly tags: Record<string, string>;
  };
  readonly virtualNetworkName: string;
  readonly settings: Exclude<RelayNetworkSettings, { mode: "public" }>;
}

/** The relay's network path: created here, or an existing subnet. */
export interface RelayNetwork {
  /** The app's subnet (VNet integration). */
  readonly appSubnetId: string;
  /** Subnets the storage account and vault allow through their firewalls: the app subnet with service endpoints, none with private endpoints. */
  readonly allowedSubnetIds: string[];
  /** Where the private endpoints go; undefined without private endpoints. */
  readonly privateEndpointSubnetId?: string;
  /** The network the private DNS zones link to: the one created, or the given subnet's. */
  readonly virtualNetworkId: string;
  /** What the app and its endpoints wait for (the created network), [] for an existing one. */
  readonly created: TerraformResource[];
}

/**
 * A small virtual network with the app subnet (delegated to Microsoft.App/environments, with
 * service endpoints unless private endpoints are used) and, for private endpoints, a second
 * subnet; or the given subnets, untouched.
 */
export function createRelayNetwork(scope: Construct, props: RelayNetworkProps): RelayNetwork {
  const settings = props.settings;
  if (settings.mode === "existing") {
    const privateEndpoints = settings.privateEndpointSubnetId !== undefined;
    return {
      appSubnetId: settings.subnetId,
      allowedSubnetIds: privateEndpoints ? [] : [settings.subnetId],
      privateEndpointSubnetId: settings.privateEndpointSubnetId,
      // ".../virtualNetworks/<network>/subnets/<subnet>" → ".../virtualNetworks/<network>"
      virtualNetworkId: Fn.element(Fn.split("/subnets/", settings.subnetId), 0),
      created: [],
    };
  }
  const privateEndpoints = settings.privateEndpointSubnetRange !== undefined;
  const network = new VirtualNetwork(scope, "network", {
    ...props.base,
    name: props.virtualNetworkName,
    addressSpace: [settings.addressSpace],
  });
  const subnet = (
    id: string,
    name: string,
    range: string,
    extra: Partial<ConstructorParameters<typeof Subnet>[2]> = {},
  ) =>
    new Subnet(scope, id, {
      name,
      resourceGroupName: props.base.resourceGroupName,
      virtualNetworkName: network.name,
      addressPrefixes: [range],
      ...extra,
    });
  const appSubnet = subnet("app-subnet", "relay-app", settings.appSubnetRange, {
    serviceEndpoints: privateEndpoints ? undefined : SERVICE_ENDPOINTS,
    // The action Azure adds itself, declared so a plan does not show it as a change.
    delegation: [
      {
        name: "flex-consumption",
        serviceDelegation: {
          name: FLEX_SUBNET_DELEGATION,
          actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"],
        },
      },
    ],
  });
  const endpointSubnet = privateEndpoints
    ? subnet("private-endpoint-subnet", "relay-private-endpoints", settings.privateEndpointSubnetRange!)
    : undefined;
  // A network security group on each subnet, with Azure's default rules only (traffic within the
  // network, outbound to the internet; nothing inbound from it), so every subnet has one to add to.
  const securityGroup = new NetworkSecurityGroup(scope, "network-security-group", {
    ...props.base,
    name: `${props.virtualNetworkName}-nsg`,
  });
  const associations = [appSubnet, ...(endpointSubnet ? [endpointSubnet] : [])].map(
    (s) =>
      new SubnetNetworkSecurityGroupAssociation(scope, `${s.node.id}-nsg`, {
        subnetId: s.id,
        networkSecurityGroupId: securityGroup.id,
      }),
  );
  return {
    appSubnetId: appSubnet.id,
    allowedSubnetIds: privateEndpoints ? [] : [appSubnet.id],
    privateEndpointSubnetId: endpointSubnet?.id,
    virtualNetworkId: network.id,
    created: [network, appSubnet, ...(endpointSubnet ? [endpointSubnet] : []), ...associations],
  };
}

/** A vault that opens its own firewall (SecureKeyVault). */
interface NetworkAwareVault extends KeyVaultRef {
  allowSubnet(subnetId: string): void;
  allowAllNetworks(reason: string): void;
}
const isNetworkAware = (vault: KeyVaultRef): vault is NetworkAwareVault =>
  typeof (vault as Partial<NetworkAwareVault>).allowSubnet === "function" &&
  typeof (vault as Partial<NetworkAwareVault>).allowAllNetworks === "function";

/**
 * Lets the relay's Key Vault references through the vault's firewall: the relay's subnets, or every
 * network for a relay opted out of the network path. A SecureKeyVault does it itself; for any other
 * vault a warning says what its owner must allow.
 */
export function openVaultToRelay(
  scope: Construct,
  vault: KeyVaultRef,
  access: { readonly allowedSubnetIds: string[] } | { readonly publicReason: string },
): void {
  if (isNetworkAware(vault)) {
    if ("publicReason" in access) vault.allowAllNetworks(access.publicReason);
    else for (const subnetId of access.allowedSubnetIds) vault.allowSubnet(subnetId);
    return;
  }
  const need =
    "publicReason" in access
      ? "from any network"
      : access.allowedSubnetIds.length > 0
        ? `from the relay's subnet (${access.allowedSubnetIds.join(", ")})`
        : "through its private endpoint";
  Annotations.of(scope).addWarning(
    `the Key Vault ${vault.name} is not declared by this package: its firewall must let the relay's Key Vault references through ${need}`,
  );
}
