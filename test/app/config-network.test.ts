import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnvironmentConfig } from "../../constructs/app/config-loader";
import { ofType, relaySite, synthEnvironment } from "../support/synth";

const example = JSON.parse(readFileSync(join(__dirname, "..", "..", "config", "example.json"), "utf8"));
const withNetwork = (network: Record<string, unknown>) => ({ ...example, relay: { ...example.relay, network } });
const SUBNET =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/hub/providers/Microsoft.Network/virtualNetworks/spoke/subnets/relay";

describe("config relay.network", () => {
  test.each([
    [
      "a bad address space",
      { addressSpace: "10.100.0.7/24" },
      'config/dev.json: field "relay.network.addressSpace": got "10.100.0.7/24"; expected an IPv4 CIDR range given by its network address',
    ],
    [
      "an address space that is not a range",
      { addressSpace: "10.100.0.0" },
      'field "relay.network.addressSpace": got "10.100.0.0"; expected an IPv4 CIDR range',
    ],
    [
      "an address space Azure reserves",
      { addressSpace: "127.0.0.0/24" },
      'config/dev.json: field "relay.network.addressSpace": got "127.0.0.0/24"; expected a range clear of the ranges Azure refuses in a virtual network',
    ],
    [
      "a subnet too small for Flex",
      { appSubnetRange: "10.100.0.0/28" },
      'field "relay.network.appSubnetRange": got "10.100.0.0/28"; expected a /27 or larger range (Flex Consumption\'s VNet integration needs at least a /27)',
    ],
    [
      "a subnet outside the address space",
      { addressSpace: "10.1.0.0/24", appSubnetRange: "10.2.0.0/26" },
      'field "relay.network.appSubnetRange": got "10.2.0.0/26"; expected a range inside addressSpace (10.1.0.0/24)',
    ],
    [
      "overlapping subnets",
      { privateEndpoints: true, appSubnetRange: "10.100.0.0/26", privateEndpointSubnetRange: "10.100.0.48/28" },
      'field "relay.network.privateEndpointSubnetRange": got "10.100.0.48/28"; expected a range apart from appSubnetRange (10.100.0.0/26)',
    ],
    [
      "a subnet id with ranges",
      { subnetId: SUBNET, appSubnetRange: "10.100.0.0/26" },
      'field "relay.network.appSubnetRange": got "10.100.0.0/26"; expected left out with subnetId',
    ],
    [
      "a short opt-out reason",
      { publicNetworkReason: "no" },
      'field "relay.network.publicNetworkReason": got "no"; expected a written reason of at least 10 characters',
    ],
    ["a misspelt field", { adressSpace: "10.0.0.0/24" }, 'field "relay.network.adressSpace" is not a known field'],
  ])("%s is rejected, naming the field", (_label, network, message) => {
    expect(() => parseEnvironmentConfig(withNetwork(network), "config/dev.json")).toThrow(message);
  });

  test("left out: the default network is created and the app integrated with it", () => {
    const { json } = synthEnvironment(example, "netdefault");
    expect(ofType(json, "azurerm_virtual_network")).toHaveLength(1);
    expect(relaySite(json)[1].body.properties.virtualNetworkSubnetId).toMatch(/^\$\{azurerm_subnet\./);
  });

  test("a subnet id: no network resources, the subnet wired into the app, the storage firewall and the vault", () => {
    const { json } = synthEnvironment(withNetwork({ subnetId: SUBNET }), "byo");
    const network = [
      "azurerm_virtual_network",
      "azurerm_subnet",
      "azurerm_network_security_group",
      "azurerm_subnet_network_security_group_association",
      "azurerm_private_endpoint",
      "azurerm_private_dns_zone",
    ];
    expect(network.filter((type) => ofType(json, type).length > 0)).toEqual([]);
    expect(relaySite(json)[1].body.properties.virtualNetworkSubnetId).toBe(SUBNET);
    expect(ofType(json, "azurerm_storage_account")[0][1].network_rules.virtual_network_subnet_ids).toEqual([SUBNET]);
    expect(ofType(json, "azurerm_key_vault")[0][1].network_acls.virtual_network_subnet_ids).toEqual([SUBNET]);
  });

  test("private endpoints from config", () => {
    const { json } = synthEnvironment(withNetwork({ privateEndpoints: true }), "pe");
    expect(ofType(json, "azurerm_private_endpoint")).toHaveLength(4);
  });
});
