import { suppressionsOf } from "../../constructs/security/suppress";
import { Testing, TerraformStack } from "../../constructs/providers/cdktf";
import { openVaultToRelay } from "../../constructs/flow-relay/network";
import { ofType, ref } from "../support/synth";
import { build, only, site, type Json, type Synth } from "./build";

const SUBNET =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/hub/providers/Microsoft.Network/virtualNetworks/spoke/subnets/relay";
const PE_SUBNET =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/hub/providers/Microsoft.Network/virtualNetworks/spoke/subnets/endpoints";
const zoneId = (zone: string) =>
  `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/${zone}`;
const ZONES = {
  blob: zoneId("privatelink.blob.core.windows.net"),
  queue: zoneId("privatelink.queue.core.windows.net"),
  table: zoneId("privatelink.table.core.windows.net"),
  vault: zoneId("privatelink.vaultcore.azure.net"),
};

/** Every network resource type the relay may create. */
const NETWORK_TYPES = [
  "azurerm_virtual_network",
  "azurerm_subnet",
  "azurerm_network_security_group",
  "azurerm_subnet_network_security_group_association",
  "azurerm_private_endpoint",
  "azurerm_private_dns_zone",
  "azurerm_private_dns_zone_virtual_network_link",
];
const vaultAcls = (json: Synth): Json => only(json, "azurerm_key_vault")[1].network_acls;
const storageRules = (json: Synth): Json => only(json, "azurerm_storage_account")[1].network_rules;
const siteProperties = (json: Synth): Json => site(json)[1].body.properties;

describe("the default network path: a VNet, a delegated subnet with service endpoints", () => {
  const { json, relay } = build();
  const [subnetId, subnet] = only(json, "azurerm_subnet");
  const subnetRef = ref("azurerm_subnet", subnetId, "id");

  test("a /24 network and its /26 app subnet, delegated to Microsoft.App/environments, with both service endpoints", () => {
    const [networkId, network] = only(json, "azurerm_virtual_network");
    expect(network.address_space).toEqual(["10.100.0.0/24"]);
    expect(subnet).toMatchObject({
      name: "relay-app",
      virtual_network_name: ref("azurerm_virtual_network", networkId, "name"),
      address_prefixes: ["10.100.0.0/26"],
      service_endpoints: ["Microsoft.KeyVault", "Microsoft.Storage"],
      delegation: [
        {
          name: "flex-consumption",
          service_delegation: {
            name: "Microsoft.App/environments",
            actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"],
          },
        },
      ],
    });
  });

  test("a network security group with Azure's default rules only is on the subnet", () => {
    const [groupId, group] = only(json, "azurerm_network_security_group");
    expect(group.security_rule).toBeUndefined();
    expect(only(json, "azurerm_subnet_network_security_group_association")[1]).toEqual(
      expect.objectContaining({
        subnet_id: subnetRef,
        network_security_group_id: ref("azurerm_network_security_group", groupId, "id"),
      }),
    );
  });

  test("the app is integrated with the subnet", () => {
    expect(siteProperties(json).virtualNetworkSubnetId).toBe(subnetRef);
    expect(relay.appSubnetId).toBeDefined();
  });

  test("the storage account and the vault deny by default and let the subnet through; no network suppression", () => {
    expect(storageRules(json)).toEqual({
      default_action: "Deny",
      bypass: ["AzureServices"],
      virtual_network_subnet_ids: [subnetRef],
      ip_rules: [],
    });
    expect(vaultAcls(json)).toMatchObject({ default_action: "Deny", virtual_network_subnet_ids: [subnetRef] });
    expect(suppressionsOf(relay.storageAccount).map((s) => s.ruleId)).not.toContain("DMF-ST-NETWORK-DENY");
  });

  test("no private endpoints or DNS zones", () => {
    expect(json.resource.azurerm_private_endpoint).toBeUndefined();
    expect(json.resource.azurerm_private_dns_zone).toBeUndefined();
  });

  test("address space and app subnet are configurable", () => {
    const custom = build({ network: { addressSpace: "172.20.8.0/23", appSubnetRange: "172.20.9.0/27" } }).json;
    expect(only(custom, "azurerm_virtual_network")[1].address_space).toEqual(["172.20.8.0/23"]);
    expect(only(custom, "azurerm_subnet")[1].address_prefixes).toEqual(["172.20.9.0/27"]);
  });
});

describe("bring your own subnet", () => {
  const { json } = build({ network: { subnetId: SUBNET } });

  test("creates no network resources and wires the given subnet everywhere", () => {
    expect(Object.keys(json.resource).filter((type) => NETWORK_TYPES.includes(type))).toEqual([]);
    expect(siteProperties(json).virtualNetworkSubnetId).toBe(SUBNET);
    expect(storageRules(json).virtual_network_subnet_ids).toEqual([SUBNET]);
    expect(vaultAcls(json).virtual_network_subnet_ids).toEqual([SUBNET]);
  });

  test("with private endpoints in a given subnet and given DNS zones: no zones created, the endpoints registered in them", () => {
    const { json: pe } = build({
      network: {
        subnetId: SUBNET,
        privateEndpoints: true,
        privateEndpointSubnetId: PE_SUBNET,
        privateDnsZoneIds: ZONES,
      },
    });
    expect(pe.resource.azurerm_private_dns_zone).toBeUndefined();
    const endpoints = ofType(pe, "azurerm_private_endpoint").map(([, e]) => e);
    expect(endpoints.map((e) => [e.subnet_id, e.private_dns_zone_group.private_dns_zone_ids[0]]).sort()).toEqual(
      Object.values(ZONES)
        .map((z) => [PE_SUBNET, z])
        .sort(),
    );
    // Only the endpoints: no network, subnet, security group or zone; the app still joins the given subnet.
    expect(Object.keys(pe.resource).filter((type) => NETWORK_TYPES.includes(type))).toEqual([
      "azurerm_private_endpoint",
    ]);
    expect(siteProperties(pe).virtualNetworkSubnetId).toBe(SUBNET);
    expect(storageRules(pe)).toMatchObject({ default_action: "Deny", virtual_network_subnet_ids: [] });
    expect(vaultAcls(pe)).toMatchObject({ default_action: "Deny", virtual_network_subnet_ids: [] });
  });

  test("with private endpoints and no zones given: zones created and linked to the subnet's network", () => {
    const { json: pe } = build({
      network: { subnetId: SUBNET, privateEndpoints: true, privateEndpointSubnetId: PE_SUBNET },
    });
    for (const [, link] of ofType(pe, "azurerm_private_dns_zone_virtual_network_link"))
      expect(link.virtual_network_id).toBe(`\${element(split("/subnets/", "${SUBNET}"), 0)}`);
    expect(ofType(pe, "azurerm_private_dns_zone")).toHaveLength(4);
  });
});

describe("private endpoints instead of service endpoints", () => {
  const { json } = build({ network: { privateEndpoints: true } });

  test("a second subnet, the /27 after the app's; the app subnet has no service endpoints", () => {
    const subnets = Object.fromEntries(ofType(json, "azurerm_subnet").map(([, s]) => [s.name, s]));
    expect(subnets["relay-app"].address_prefixes).toEqual(["10.100.0.0/26"]);
    expect(subnets["relay-app"].service_endpoints).toBeUndefined();
    expect(subnets["relay-private-endpoints"].address_prefixes).toEqual(["10.100.0.64/27"]);
    expect(ofType(json, "azurerm_subnet_network_security_group_association")).toHaveLength(2);
  });

  test("blob, queue, table and vault endpoints, each in its privatelink zone linked to the network", () => {
    const [vaultId] = only(json, "azurerm_key_vault");
    const [accountId] = only(json, "azurerm_storage_account");
    const endpoints = ofType(json, "azurerm_private_endpoint").map(([, e]) => e.private_service_connection);
    expect(endpoints.map((c) => [c.subresource_names[0], c.private_connection_resource_id]).sort()).toEqual(
      [
        ["blob", ref("azurerm_storage_account", accountId, "id")],
        ["queue", ref("azurerm_storage_account", accountId, "id")],
        ["table", ref("azurerm_storage_account", accountId, "id")],
        ["vault", ref("azurerm_key_vault", vaultId, "id")],
      ].sort(),
    );
    expect(
      ofType(json, "azurerm_private_dns_zone")
        .map(([, z]) => z.name)
        .sort(),
    ).toEqual([
      "privatelink.blob.core.windows.net",
      "privatelink.queue.core.windows.net",
      "privatelink.table.core.windows.net",
      "privatelink.vaultcore.azure.net",
    ]);
    const [networkId] = only(json, "azurerm_virtual_network");
    for (const [, link] of ofType(json, "azurerm_private_dns_zone_virtual_network_link"))
      expect(link.virtual_network_id).toBe(ref("azurerm_virtual_network", networkId, "id"));
  });

  test("the firewalls still deny by default, with no subnet rule (the endpoints carry the traffic); the app waits for the endpoints", () => {
    expect(storageRules(json)).toMatchObject({ default_action: "Deny", virtual_network_subnet_ids: [] });
    expect(vaultAcls(json)).toMatchObject({ default_action: "Deny", virtual_network_subnet_ids: [] });
    const endpointIds = ofType(json, "azurerm_private_endpoint").map(([id]) => `azurerm_private_endpoint.${id}`);
    expect(site(json)[1].depends_on).toEqual(expect.arrayContaining(endpointIds));
  });

  test("the app (and so its Key Vault references' first resolution) waits for every privatelink zone's link to the network", () => {
    const links = ofType(json, "azurerm_private_dns_zone_virtual_network_link").map(
      ([id]) => `azurerm_private_dns_zone_virtual_network_link.${id}`,
    );
    expect(links).toHaveLength(4);
    expect(site(json)[1].depends_on).toEqual(expect.arrayContaining(links));
  });
});

describe("the storage firewall's address allow-list (a workstation deployer's first deploy)", () => {
  test("storageAllowedIpRanges become ip_rules, as given; the default stays empty", () => {
    const json = build({ storageAllowedIpRanges: ["203.0.113.7", "198.51.100.0/24"] }).json;
    expect(storageRules(json)).toMatchObject({ default_action: "Deny", ip_rules: ["203.0.113.7", "198.51.100.0/24"] });
  });

  test("a bad address is refused, naming the prop and index", () => {
    expect(() => build({ storageAllowedIpRanges: ["not-an-ip"] })).toThrow(
      /storageAllowedIpRanges\[0\] must be an IPv4 address or CIDR range, but "not-an-ip" was given/,
    );
  });
});

describe("opting out: public networking with a written reason", () => {
  const reason = "Pilot in a sandbox subscription without network policy; storage and vault hold test data only";
  const { json, relay, stack } = build({ network: { publicNetworkReason: reason } });

  test("no network, no VNet integration; storage and vault open, each suppression carrying the reason", () => {
    expect(json.resource.azurerm_virtual_network).toBeUndefined();
    expect(siteProperties(json).virtualNetworkSubnetId).toBeUndefined();
    expect(storageRules(json).default_action).toBe("Allow");
    expect(vaultAcls(json).default_action).toBe("Allow");
    expect(suppressionsOf(relay.storageAccount)).toContainEqual(
      expect.objectContaining({ ruleId: "DMF-ST-NETWORK-DENY", reason }),
    );
    const vault = stack.node.findAll().find((c) => c.node.path.endsWith("kv/vault"))!;
    expect(suppressionsOf(vault)).toContainEqual(expect.objectContaining({ ruleId: "DMF-KV-FIREWALL-DENY", reason }));
  });
});

describe("bad network props are refused, naming the prop", () => {
  test.each([
    [
      { addressSpace: "10.100.0.1/24" },
      /network\.addressSpace must be an IPv4 CIDR range given by its network address.*but "10\.100\.0\.1\/24" was given/,
    ],
    [{ addressSpace: "10.300.0.0/16" }, /network\.addressSpace must be an IPv4 CIDR range/],
    [{ addressSpace: "10.100.0.0/28" }, /network\.addressSpace must be a \/27 or larger range/],
    [
      { addressSpace: "169.254.0.0/24" },
      /network\.addressSpace must be a range clear of the ranges Azure refuses in a virtual network \(224\.0\.0\.0\/4, .*\); it overlaps 169\.254\.0\.0\/16, but "169\.254\.0\.0\/24" was given/,
    ],
    [
      { addressSpace: "0.0.0.0/0" },
      /network\.addressSpace must be a range clear of .* it overlaps 224\.0\.0\.0\/4, 255\.255\.255\.255\/32, 127\.0\.0\.0\/8, 169\.254\.0\.0\/16, 168\.63\.129\.16\/32/,
    ],
    [
      { appSubnetRange: "10.100.0.0/28" },
      /network\.appSubnetRange must be a \/27 or larger range \(Flex Consumption's VNet integration needs at least a \/27\), but "10\.100\.0\.0\/28" was given/,
    ],
    [
      { appSubnetRange: "10.200.0.0/26" },
      /network\.appSubnetRange must be a range inside addressSpace \(10\.100\.0\.0\/24\)/,
    ],
    [
      { privateEndpoints: true, privateEndpointSubnetRange: "10.100.0.32/27" },
      /network\.privateEndpointSubnetRange must be a range apart from appSubnetRange \(10\.100\.0\.0\/26\)/,
    ],
    [
      { addressSpace: "10.100.0.0/26", privateEndpoints: true },
      /network\.addressSpace must be a range with room for the app subnet/,
    ],
    [{ subnetId: SUBNET, addressSpace: "10.0.0.0/24" }, /network\.addressSpace must be left out with subnetId/],
    [{ subnetId: "relay-subnet" }, /network\.subnetId must be a subnet resource id/],
    [
      { subnetId: SUBNET, privateEndpoints: true },
      /network\.privateEndpointSubnetId must be given with subnetId and privateEndpoints/,
    ],
    [
      { privateEndpointSubnetRange: "10.100.0.64/27" },
      /network\.privateEndpointSubnetRange must be left out without privateEndpoints/,
    ],
    [
      { publicNetworkReason: "because" },
      /network\.publicNetworkReason must be a written reason of at least 10 characters/,
    ],
    [
      { publicNetworkReason: "no network policy in this sandbox", subnetId: SUBNET },
      /network\.subnetId must be left out with publicNetworkReason/,
    ],
  ])("%j", (network, message) => {
    expect(() => build({ network })).toThrow(message);
  });
});

describe("a vault this package does not declare (a consumer's own)", () => {
  test("is left alone, and a warning says what its firewall must let through", () => {
    const stack = new TerraformStack(Testing.app(), "own-vault");
    const vault = {
      id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/corp-kv",
      name: "corp-kv",
      vaultUri: "https://corp-kv.vault.azure.net/",
    };
    openVaultToRelay(stack, vault, { allowedSubnetIds: [SUBNET] });
    openVaultToRelay(stack, vault, { publicReason: "sandbox without network policy" });
    const warnings = stack.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([
      `the Key Vault corp-kv is not declared by this package: its firewall must let the relay's Key Vault references through from the relay's subnet (${SUBNET})`,
      "the Key Vault corp-kv is not declared by this package: its firewall must let the relay's Key Vault references through from any network",
    ]);
  });
});
