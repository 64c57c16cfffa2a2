import { expressionOf } from "../providers/cdktf";
import type { Construct } from "../providers/cdktf";
import { PrivateDnsZone, PrivateDnsZoneVirtualNetworkLink, PrivateEndpoint } from "../providers/azurerm";
import { NAME_RULES, derivedName } from "../naming/derived-name";
import { claimName } from "../naming/name-claims";
import { isUnresolved } from "../validation";
import { PRIVATE_DNS_ZONES, type PrivateEndpointService } from "./network-props";

export interface RelayPrivateEndpointsProps {
  readonly base: {
    readonly resourceGroupName: string;
    readonly location: string;
    readonly tags: Record<string, string>;
  };
  readonly namePrefix: string;
  readonly nameSuffix: string;
  readonly subnetId: string;
  /** The network the zones this creates are linked to. */
  readonly virtualNetworkId: string;
  readonly storageAccountId: string;
  readonly keyVaultId: string;
  /** Existing zones to register the endpoints in; when left out, the zones are created and linked. */
  readonly privateDnsZoneIds?: Readonly<Record<PrivateEndpointService, string>>;
}

export interface RelayPrivateEndpoints {
  readonly endpoints: PrivateEndpoint[];
  /** The links of the zones created here to the relay's network (none for zones given). */
  readonly zoneLinks: PrivateDnsZoneVirtualNetworkLink[];
}

/**
 * Private endpoints for the storage account's blob, queue and table services (the Functions host
 * uses all three) and for the vault, each registered in its privatelink DNS zone, so the app
 * resolves those names to addresses in its network. Whatever resolves them (the site, its Key
 * Vault references) must start after the zone links too: a reference that fails at first start is
 * fetched again only after 24 hours.
 */
export function createRelayPrivateEndpoints(
  scope: Construct,
  props: RelayPrivateEndpointsProps,
): RelayPrivateEndpoints {
  const targets: [PrivateEndpointService, string][] = [
    ["blob", props.storageAccountId],
    ["queue", props.storageAccountId],
    ["table", props.storageAccountId],
    ["vault", props.keyVaultId],
  ];
  const zoneLinks: PrivateDnsZoneVirtualNetworkLink[] = [];
  const endpoints = targets.map(([service, resourceId]) => {
    let zoneId = props.privateDnsZoneIds?.[service];
    if (zoneId === undefined) {
      const zone = createLinkedZone(scope, props, service);
      zoneId = zone.zoneId;
      zoneLinks.push(zone.link);
    }
    const name = derivedName(NAME_RULES.privateEndpoint, props.namePrefix, `relay-pe-${service}`, props.nameSuffix);
    return new PrivateEndpoint(scope, `private-endpoint-${service}`, {
      ...props.base,
      name,
      subnetId: props.subnetId,
      privateServiceConnection: {
        name,
        privateConnectionResourceId: resourceId,
        subresourceNames: [service],
        isManualConnection: false,
      },
      privateDnsZoneGroup: { name: "privatelink", privateDnsZoneIds: [zoneId] },
    });
  });
  return { endpoints, zoneLinks };
}

function createLinkedZone(
  scope: Construct,
  props: RelayPrivateEndpointsProps,
  service: PrivateEndpointService,
): { zoneId: string; link: PrivateDnsZoneVirtualNetworkLink } {
  // A zone's name is fixed and unique in its resource group: a second relay there would fail at apply.
  // A group given as a reference is compared by the address it resolves to.
  const group = props.base.resourceGroupName;
  claimName(scope, {
    prop: "network.privateDnsZoneIds",
    kind: `private DNS zone in resource group ${expressionOf(scope, group)}`,
    name: PRIVATE_DNS_ZONES[service],
    scope: "stack",
    problem: (other) => ({
      expected: `given (with subnetId) when another relay creates the privatelink zones in the same resource group (${other} creates ${PRIVATE_DNS_ZONES[service]} in ${isUnresolved(group) ? "it" : group}): pass its zones' ids, or put the relays in different resource groups`,
      given: undefined,
    }),
  });
  const zone = new PrivateDnsZone(scope, `dns-zone-${service}`, {
    name: PRIVATE_DNS_ZONES[service],
    resourceGroupName: props.base.resourceGroupName,
    tags: props.base.tags,
  });
  const link = new PrivateDnsZoneVirtualNetworkLink(scope, `dns-link-${service}`, {
    name: "relay-network",
    resourceGroupName: props.base.resourceGroupName,
    privateDnsZoneName: zone.name,
    virtualNetworkId: props.virtualNetworkId,
    registrationEnabled: false,
    tags: props.base.tags,
  });
  return { zoneId: zone.id, link };
}
