// Resolves the relay's network prop into its settings, checking it on the way: one list of
// problems, each naming the field (the construct and the config loader share it).
import { containsRange, formatIpv4Range, type Ipv4Range, parseIpv4Range, rangesOverlap } from "../ipv4-cidr";
import { isUnresolved } from "../validation";
import {
  AZURE_RESERVED_RANGES,
  DEFAULT_ADDRESS_SPACE,
  FLEX_SUBNET_MAX_PREFIX,
  type FlowRelayNetwork,
  type NetworkProblem,
  PRIVATE_DNS_ZONES,
  type PrivateEndpointService,
  type RelayNetworkSettings,
} from "./network-props";

/** The app subnet the relay creates: a /26, room for scale-out. */
const DEFAULT_APP_SUBNET_PREFIX = 26;
/** Four private endpoints (blob, queue, table, vault) fit a /28 with Azure's five reserved addresses. */
const PRIVATE_ENDPOINT_SUBNET_MAX_PREFIX = 28;
const SUBNET_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/_]+$/i;
const ZONE_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateDnsZones\/[^/]+$/i;

/** Each subnet a consumer may give as a resource (SubnetRef), and the id prop it stands for. */
const SUBNET_REFS = [
  ["subnet", "subnetId"],
  ["privateEndpointSubnet", "privateEndpointSubnetId"],
] as const;

/** The network settings, or every problem with the prop (fields named relative to the relay). */
export function resolveRelayNetwork(network: FlowRelayNetwork = {}): {
  settings?: RelayNetworkSettings;
  problems: NetworkProblem[];
} {
  const byRef = SUBNET_REFS.filter(([ref]) => network[ref] !== undefined);
  const twice = byRef.filter(([, id]) => network[id] !== undefined);
  if (twice.length > 0)
    return {
      problems: twice.map(([ref, id]) => ({
        field: `network.${ref}`,
        expected: `left out when ${id} is given (the same subnet, by id)`,
        given: network[ref]!.id,
      })),
    };
  const { subnet, privateEndpointSubnet, ...byId } = network;
  const resolved = resolveNetworkByIds({
    ...byId,
    subnetId: subnet?.id ?? byId.subnetId,
    privateEndpointSubnetId: privateEndpointSubnet?.id ?? byId.privateEndpointSubnetId,
  });
  // A problem names the prop as it was given.
  const asGiven = new Map<string, string>(byRef.map(([ref, id]) => [`network.${id}`, `network.${ref}`]));
  return { ...resolved, problems: resolved.problems.map((p) => ({ ...p, field: asGiven.get(p.field) ?? p.field })) };
}

/** resolveRelayNetwork for a network prop whose subnets are given by id. */
function resolveNetworkByIds(network: FlowRelayNetwork): {
  settings?: RelayNetworkSettings;
  problems: NetworkProblem[];
} {
  const problems: NetworkProblem[] = [];
  const problem = (field: string, expected: string, given: unknown) =>
    problems.push({ field: `network.${field}`, expected, given });
  // privateEndpoints: false is the same as leaving it out.
  const set = (key: keyof FlowRelayNetwork) =>
    network[key] !== undefined && !(key === "privateEndpoints" && network[key] === false);
  if (network.publicNetworkReason !== undefined) {
    const others = (Object.keys(network) as (keyof FlowRelayNetwork)[]).filter(
      (key) => key !== "publicNetworkReason" && set(key),
    );
    if (others.length > 0)
      problem(others[0], "left out with publicNetworkReason (a public relay has no network)", network[others[0]]);
    if (!isUnresolved(network.publicNetworkReason) && network.publicNetworkReason.trim().length < 10)
      problem("publicNetworkReason", "a written reason of at least 10 characters", network.publicNetworkReason);
    return problems.length > 0
      ? { problems }
      : { settings: { mode: "public", reason: network.publicNetworkReason.trim() }, problems };
  }
  const privateEndpoints = network.privateEndpoints ?? false;
  if (network.subnetId !== undefined) {
    for (const key of ["addressSpace", "appSubnetRange", "privateEndpointSubnetRange"] as const) {
      if (set(key))
        problem(key, "left out with subnetId (the relay creates no network in an existing one)", network[key]);
    }
    checkId(
      problem,
      "subnetId",
      network.subnetId,
      SUBNET_ID,
      'a subnet resource id (/subscriptions/…/virtualNetworks/<network>/subnets/<subnet>, no "_" in the subnet name)',
    );
    if (privateEndpoints && network.privateEndpointSubnetId === undefined)
      problem(
        "privateEndpointSubnetId",
        "given with subnetId and privateEndpoints (where the private endpoints go)",
        undefined,
      );
    if (!privateEndpoints && set("privateEndpointSubnetId"))
      problem("privateEndpointSubnetId", "left out without privateEndpoints", network.privateEndpointSubnetId);
    if (!privateEndpoints && set("privateDnsZoneIds"))
      problem("privateDnsZoneIds", "left out without privateEndpoints", network.privateDnsZoneIds);
    if (network.privateEndpointSubnetId !== undefined)
      checkId(problem, "privateEndpointSubnetId", network.privateEndpointSubnetId, SUBNET_ID, "a subnet resource id");
    for (const service of Object.keys(PRIVATE_DNS_ZONES) as PrivateEndpointService[]) {
      if (network.privateDnsZoneIds !== undefined)
        checkId(
          problem,
          `privateDnsZoneIds.${service}`,
          network.privateDnsZoneIds[service],
          ZONE_ID,
          `the id of the ${PRIVATE_DNS_ZONES[service]} private DNS zone`,
        );
    }
    const settings = {
      mode: "existing" as const,
      subnetId: network.subnetId,
      privateEndpointSubnetId: network.privateEndpointSubnetId,
      privateDnsZoneIds: network.privateDnsZoneIds,
    };
    return problems.length > 0 ? { problems } : { settings, problems };
  }
  for (const key of ["privateEndpointSubnetId", "privateDnsZoneIds"] as const)
    if (set(key)) problem(key, "left out without subnetId (the relay creates the network and its zones)", network[key]);
  if (!privateEndpoints && set("privateEndpointSubnetRange"))
    problem("privateEndpointSubnetRange", "left out without privateEndpoints", network.privateEndpointSubnetRange);
  const ranges = managedRanges(network, privateEndpoints, problem);
  return problems.length > 0 || ranges === undefined
    ? { problems }
    : { settings: { mode: "managed", ...ranges }, problems };
}

/** The created network's ranges: a valid address space, subnets inside it, large enough, apart. */
function managedRanges(
  network: FlowRelayNetwork,
  privateEndpoints: boolean,
  problem: (field: string, expected: string, given: unknown) => void,
) {
  const addressSpace = network.addressSpace ?? DEFAULT_ADDRESS_SPACE;
  const space = networkRange(
    problem,
    "addressSpace",
    addressSpace,
    'an IPv4 CIDR range given by its network address, e.g. "10.100.0.0/24"',
  );
  if (!space) return undefined;
  const reserved = AZURE_RESERVED_RANGES.filter((r) => rangesOverlap(space, parseIpv4Range(r)!));
  if (reserved.length > 0) {
    problem(
      "addressSpace",
      `a range clear of the ranges Azure refuses in a virtual network (${AZURE_RESERVED_RANGES.join(", ")}); it overlaps ${reserved.join(", ")}`,
      addressSpace,
    );
    return undefined;
  }
  if (space.prefix > FLEX_SUBNET_MAX_PREFIX) {
    problem(
      "addressSpace",
      `a /${FLEX_SUBNET_MAX_PREFIX} or larger range (room for the /27 subnet Flex Consumption's VNet integration needs at least)`,
      addressSpace,
    );
    return undefined;
  }
  const appText =
    network.appSubnetRange ?? formatIpv4Range(space.first, Math.max(space.prefix, DEFAULT_APP_SUBNET_PREFIX));
  const app = subnetIn(
    problem,
    "appSubnetRange",
    appText,
    space,
    addressSpace,
    FLEX_SUBNET_MAX_PREFIX,
    "Flex Consumption's VNet integration needs at least a /27",
  );
  if (!app || !privateEndpoints) return app && { addressSpace, appSubnetRange: appText };
  const peText = network.privateEndpointSubnetRange ?? formatIpv4Range(app.last + 1, FLEX_SUBNET_MAX_PREFIX);
  if (network.privateEndpointSubnetRange === undefined && !containsRange(space, parseIpv4Range(peText)!)) {
    problem(
      "addressSpace",
      `a range with room for the app subnet (${appText}) and a /27 private endpoint subnet after it; or give privateEndpointSubnetRange`,
      addressSpace,
    );
    return undefined;
  }
  const pe = subnetIn(
    problem,
    "privateEndpointSubnetRange",
    peText,
    space,
    addressSpace,
    PRIVATE_ENDPOINT_SUBNET_MAX_PREFIX,
    "four private endpoints and Azure's five reserved addresses need at least a /28",
  );
  if (pe && rangesOverlap(app, pe))
    problem("privateEndpointSubnetRange", `a range apart from appSubnetRange (${appText})`, peText);
  return pe && { addressSpace, appSubnetRange: appText, privateEndpointSubnetRange: peText };
}

function networkRange(
  problem: (field: string, expected: string, given: unknown) => void,
  field: string,
  text: string,
  expected: string,
): Ipv4Range | undefined {
  if (isUnresolved(text)) {
    problem(field, `${expected}, known at synth (the subnets are computed from it)`, text);
    return undefined;
  }
  const range = parseIpv4Range(text);
  if (!range || !text.includes("/") || !range.aligned) {
    problem(field, expected, text);
    return undefined;
  }
  return range;
}

function subnetIn(
  problem: (field: string, expected: string, given: unknown) => void,
  field: string,
  text: string,
  space: Ipv4Range,
  spaceText: string,
  maxPrefix: number,
  why: string,
): Ipv4Range | undefined {
  const range = networkRange(
    problem,
    field,
    text,
    `an IPv4 CIDR range given by its network address, inside addressSpace (${spaceText})`,
  );
  if (!range) return undefined;
  if (!containsRange(space, range)) problem(field, `a range inside addressSpace (${spaceText})`, text);
  else if (range.prefix > maxPrefix) problem(field, `a /${maxPrefix} or larger range (${why})`, text);
  else return range;
  return undefined;
}

function checkId(
  problem: (field: string, expected: string, given: unknown) => void,
  field: string,
  value: string | undefined,
  pattern: RegExp,
  expected: string,
): void {
  if (value === undefined || (!isUnresolved(value) && !pattern.test(value))) problem(field, expected, value);
}
