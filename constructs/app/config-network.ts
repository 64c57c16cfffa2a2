// Config field `relay.network`: the relay's private network path (docs/network.md). The forms are
// checked here; the ranges (valid, inside the address space, large enough, apart) by the same
// function the FlowRelay construct uses, so config and construct refuse the same values.
import { z } from "zod";
import { resolveRelayNetwork } from "../flow-relay/resolve-network";

const CIDR_FORM = 'an IPv4 CIDR range such as "10.100.0.0/24"';
const SUBNET_ID_FORM =
  "a subnet resource id (/subscriptions/…/providers/Microsoft.Network/virtualNetworks/<network>/subnets/<subnet>)";
const ZONE_ID_FORM =
  "a private DNS zone resource id (/subscriptions/…/providers/Microsoft.Network/privateDnsZones/<zone>)";
const cidr = z.string({ error: CIDR_FORM });

export const relayNetwork = z
  .strictObject({
    /** Address space of the network the relay creates. Default "10.100.0.0/24". */
    addressSpace: cidr.optional(),
    /** The app's subnet inside addressSpace, /27 or larger. Default: the first /26. */
    appSubnetRange: cidr.optional(),
    /** Reach storage and Key Vault through private endpoints instead of service endpoints. */
    privateEndpoints: z.boolean().prefault(false),
    /** The private endpoints' subnet inside addressSpace. Default: the /27 after the app subnet. */
    privateEndpointSubnetRange: cidr.optional(),
    /** An existing, delegated subnet for the app (bring your own network): none is created. */
    subnetId: z.string({ error: SUBNET_ID_FORM }).optional(),
    /** With subnetId and privateEndpoints: the existing subnet for the private endpoints. */
    privateEndpointSubnetId: z.string({ error: SUBNET_ID_FORM }).optional(),
    /** With subnetId and privateEndpoints: existing privatelink zones (blob, queue, table, vault). */
    privateDnsZoneIds: z
      .strictObject({
        blob: z.string({ error: ZONE_ID_FORM }),
        queue: z.string({ error: ZONE_ID_FORM }),
        table: z.string({ error: ZONE_ID_FORM }),
        vault: z.string({ error: ZONE_ID_FORM }),
      })
      .optional(),
    /** Opt out of the private path: public networking, with a written reason (recorded as suppressions). */
    publicNetworkReason: z.string({ error: "a written reason of at least 10 characters" }).optional(),
  })
  .superRefine((network, ctx) => {
    for (const problem of resolveRelayNetwork(network).problems) {
      const path = problem.field.split(".").slice(1);
      ctx.addIssue({ code: "custom", path, input: problem.given, message: problem.expected });
    }
  });
