import { Testing, TerraformStack } from "../constructs/providers/cdktf";
import {
  DataAzurermKeyVault,
  KeyVault,
  ResourceGroup,
  Subnet,
  UserAssignedIdentity,
  VirtualNetwork,
} from "../constructs/providers/azurerm";
import { DataAzurermSubnet } from "@cdktf/provider-azurerm/lib/data-azurerm-subnet";
import { DataAzurermUserAssignedIdentity } from "@cdktf/provider-azurerm/lib/data-azurerm-user-assigned-identity";
import { DirectoryManagerApp } from "../constructs/directory-manager-app";
import { DirectoryManagerFlow, type DirectoryManagerFlowProps } from "../constructs/directory-manager-flow";
import { ofType, onlyOfType, ref, relaySite, siteAppSettings, synthStack } from "./support/synth";

/** A platform team's own group and vault, as plain azurerm resources. */
function ownStack() {
  const stack = new TerraformStack(Testing.app(), "platform");
  const group = new ResourceGroup(stack, "platform-rg", {
    name: "platform-rg",
    location: "northeurope",
    tags: { team: "platform" },
  });
  const vault = new KeyVault(stack, "platform-kv", {
    name: "platform-kv-1",
    resourceGroupName: group.name,
    location: group.location,
    tenantId: "00000000-0000-0000-0000-000000000001",
    skuName: "standard",
  });
  return { stack, group, vault };
}

describe("bring your own Key Vault: DirectoryManagerApp", () => {
  test("the client secret is written to the consumer's azurerm_key_vault resource, with no lookup of it", () => {
    const { stack, vault } = ownStack();
    new DirectoryManagerApp(stack, "dm-app", { keyVault: vault, secretTags: { team: "platform" } });
    const json = synthStack(stack);
    const [vaultId] = onlyOfType(json, "azurerm_key_vault");
    expect(ofType(json, "azurerm_key_vault", "data")).toEqual([]);
    const [, secret] = onlyOfType(json, "azurerm_key_vault_secret");
    expect(secret).toMatchObject({
      name: "directory-manager-client-secret",
      key_vault_id: ref("azurerm_key_vault", vaultId, "id"),
      value_wo: expect.stringMatching(/^\$\{azuread_application_password\..*\.value\}$/),
      tags: { team: "platform" },
    });
  });

  test("a data source of the consumer's is used as it is (no second lookup)", () => {
    const stack = new TerraformStack(Testing.app(), "lookup");
    const vault = new DataAzurermKeyVault(stack, "corp-kv", { name: "corp-kv", resourceGroupName: "corp" });
    new DirectoryManagerApp(stack, "dm-app", { keyVault: vault });
    const json = synthStack(stack);
    const [vaultId] = onlyOfType(json, "azurerm_key_vault", "data");
    expect(onlyOfType(json, "azurerm_key_vault_secret")[1].key_vault_id).toBe(
      ref("azurerm_key_vault", vaultId, "id", "data"),
    );
  });
});

describe("bring your own resource group and vault: DirectoryManagerFlow", () => {
  const props = (over: Partial<DirectoryManagerFlowProps>): DirectoryManagerFlowProps => ({
    flowEnvironment: {
      orgCode: "https://contoso.crm4.dynamics.com",
      directoryManagerServer: "dm.contoso.com",
      identityStoreId: 2,
      routes: { "create-user": { displayName: "Create User", flowRequestUrl: { source: "external" } } },
    },
    relay: {},
    subscriptionId: "00000000-0000-0000-0000-000000000002",
    ...over,
  });

  test("the consumer's group is used as given (its name and region), never created or looked up", () => {
    const { stack, group } = ownStack();
    new DirectoryManagerFlow(stack, "dm", props({ resourceGroup: group }));
    const json = synthStack(stack);
    const [groupId] = onlyOfType(json, "azurerm_resource_group");
    expect(groupId).toMatch(/platform-rg/);
    expect(ofType(json, "azurerm_resource_group", "data")).toEqual([]);
    const [, account] = onlyOfType(json, "azurerm_storage_account");
    expect(account).toMatchObject({
      resource_group_name: ref("azurerm_resource_group", groupId, "name"),
      location: ref("azurerm_resource_group", groupId, "location"),
    });
  });

  test("the consumer's vault holds every secret, and the relay's read grants are scoped to those secrets", () => {
    const { stack, group, vault } = ownStack();
    new DirectoryManagerFlow(stack, "dm", props({ resourceGroup: group, keyVault: vault }));
    const json = synthStack(stack);
    const [vaultId] = onlyOfType(json, "azurerm_key_vault");
    expect(vaultId).toMatch(/platform-kv/);
    expect(ofType(json, "azurerm_key_vault", "data")).toEqual([]);
    const secrets = ofType(json, "azurerm_key_vault_secret");
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    for (const [, secret] of secrets) expect(secret.key_vault_id).toBe(ref("azurerm_key_vault", vaultId, "id"));
    const [flowSecretId] = secrets.find(([, s]) => s.name === "flow-url-create-user")!;
    const reads = ofType(json, "azurerm_role_assignment").filter(
      ([, r]) => r.role_definition_name === "Key Vault Secrets User",
    );
    expect(reads.map(([, r]) => r.scope)).toContain(
      ref("azurerm_key_vault_secret", flowSecretId, "resource_versionless_id"),
    );
  });

  test("a group both given and named, or neither, is an error naming the prop", () => {
    const { stack, group } = ownStack();
    expect(
      () => new DirectoryManagerFlow(stack, "both", props({ resourceGroup: group, resourceGroupName: "rg" })),
    ).toThrow(
      'platform/both: resourceGroupName must be left out when resourceGroup is given (the group\'s own name is used), but "rg" was given',
    );
    expect(() => new DirectoryManagerFlow(stack, "neither", props({ location: "westeurope" }))).toThrow(
      /^platform\/neither: resourceGroupName must be given when resourceGroup is not .*, but nothing was given/,
    );
    expect(() => new DirectoryManagerFlow(stack, "nowhere", props({ resourceGroupName: "rg" }))).toThrow(
      /^platform\/nowhere: location must be given when resourceGroup is not/,
    );
  });
});

describe("bring your own identity and subnet: the relay (through DirectoryManagerFlow)", () => {
  const relayProps = (relay: DirectoryManagerFlowProps["relay"], group: ResourceGroup): DirectoryManagerFlowProps => ({
    resourceGroup: group,
    subscriptionId: "00000000-0000-0000-0000-000000000002",
    flowEnvironment: {
      orgCode: "https://contoso.crm4.dynamics.com",
      directoryManagerServer: "dm.contoso.com",
      identityStoreId: 2,
      routes: { "create-user": { displayName: "Create User", flowRequestUrl: { source: "external" } } },
    },
    relay: relay && { ...relay },
  });
  /** The platform's own network: a VNet and a subnet delegated to Flex Consumption. */
  function ownSubnet(stack: TerraformStack, group: ResourceGroup): Subnet {
    const network = new VirtualNetwork(stack, "platform-vnet", {
      name: "platform-vnet",
      resourceGroupName: group.name,
      location: group.location,
      addressSpace: ["10.20.0.0/16"],
    });
    return new Subnet(stack, "platform-relay-subnet", {
      name: "relay",
      resourceGroupName: group.name,
      virtualNetworkName: network.name,
      addressPrefixes: ["10.20.1.0/26"],
      serviceEndpoints: ["Microsoft.KeyVault", "Microsoft.Storage"],
      delegation: [{ name: "flex", serviceDelegation: { name: "Microsoft.App/environments" } }],
    });
  }

  test("the consumer's azurerm_user_assigned_identity runs the app and holds every relay role; none is created or looked up", () => {
    const { stack, group } = ownStack();
    const identity = new UserAssignedIdentity(stack, "platform-relay-identity", {
      name: "id-platform-relay",
      resourceGroupName: group.name,
      location: group.location,
    });
    new DirectoryManagerFlow(stack, "dm", relayProps({ identity }, group));
    const json = synthStack(stack);
    const [identityId] = onlyOfType(json, "azurerm_user_assigned_identity");
    expect(identityId).toMatch(/platform-relay-identity/);
    expect(ofType(json, "azurerm_user_assigned_identity", "data")).toEqual([]);
    const [, site] = relaySite(json);
    expect(site.identity).toEqual([
      { type: "UserAssigned", identity_ids: [ref("azurerm_user_assigned_identity", identityId, "id")] },
    ]);
    expect(site.body.properties.keyVaultReferenceIdentity).toBe(
      ref("azurerm_user_assigned_identity", identityId, "id"),
    );
    expect(siteAppSettings(site).AzureWebJobsStorage__clientId).toBe(
      ref("azurerm_user_assigned_identity", identityId, "client_id"),
    );
    // Blob, queue, telemetry and Key Vault roles: all granted to the given identity.
    const grants = ofType(json, "azurerm_role_assignment").filter(
      ([, r]) =>
        r.role_definition_name !== "Key Vault Secrets Officer" && r.role_definition_name !== "Website Contributor",
    );
    expect(new Set(grants.map(([, r]) => r.role_definition_name))).toEqual(
      new Set([
        "Storage Blob Data Owner",
        "Storage Queue Data Contributor",
        "Monitoring Metrics Publisher",
        "Key Vault Secrets User",
      ]),
    );
    for (const [, r] of grants)
      expect(r.principal_id).toBe(ref("azurerm_user_assigned_identity", identityId, "principal_id"));
  });

  test("a data source of the consumer's identity is used as it is (no second lookup)", () => {
    const { stack, group } = ownStack();
    const identity = new DataAzurermUserAssignedIdentity(stack, "corp-identity", {
      name: "id-corp-relay",
      resourceGroupName: "corp",
    });
    new DirectoryManagerFlow(stack, "dm", relayProps({ identity }, group));
    const json = synthStack(stack);
    const [identityId] = onlyOfType(json, "azurerm_user_assigned_identity", "data");
    expect(ofType(json, "azurerm_user_assigned_identity")).toEqual([]);
    expect(relaySite(json)[1].identity[0].identity_ids).toEqual([
      ref("azurerm_user_assigned_identity", identityId, "id", "data"),
    ]);
  });

  test("the consumer's azurerm_subnet carries the app; no network is created and the subnet is not looked up", () => {
    const { stack, group } = ownStack();
    const subnet = ownSubnet(stack, group);
    new DirectoryManagerFlow(stack, "dm", relayProps({ network: { subnet } }, group));
    const json = synthStack(stack);
    const [networkId] = onlyOfType(json, "azurerm_virtual_network");
    const [subnetId] = onlyOfType(json, "azurerm_subnet");
    expect([networkId, subnetId]).toEqual([
      expect.stringMatching(/platform-vnet/),
      expect.stringMatching(/platform-relay-subnet/),
    ]);
    expect(ofType(json, "azurerm_subnet", "data")).toEqual([]);
    expect(ofType(json, "azurerm_network_security_group")).toEqual([]);
    const subnetRef = ref("azurerm_subnet", subnetId, "id");
    expect(relaySite(json)[1].body.properties.virtualNetworkSubnetId).toBe(subnetRef);
    expect(onlyOfType(json, "azurerm_storage_account")[1].network_rules.virtual_network_subnet_ids).toEqual([
      subnetRef,
    ]);
  });

  test("a data source of the consumer's subnet, and one for the private endpoints, are used as they are", () => {
    const { stack, group } = ownStack();
    const subnet = new DataAzurermSubnet(stack, "hub-relay", {
      name: "relay",
      virtualNetworkName: "hub",
      resourceGroupName: "net",
    });
    const endpoints = new DataAzurermSubnet(stack, "hub-endpoints", {
      name: "endpoints",
      virtualNetworkName: "hub",
      resourceGroupName: "net",
    });
    new DirectoryManagerFlow(
      stack,
      "dm",
      relayProps({ network: { subnet, privateEndpointSubnet: endpoints, privateEndpoints: true } }, group),
    );
    const json = synthStack(stack);
    expect(
      ofType(json, "azurerm_subnet", "data")
        .map(([id]) => id)
        .sort(),
    ).toEqual([expect.stringMatching(/hub-endpoints/), expect.stringMatching(/hub-relay/)]);
    const [endpointsId] = ofType(json, "azurerm_subnet", "data").find(([id]) => /hub-endpoints/.test(id))!;
    const [relayId] = ofType(json, "azurerm_subnet", "data").find(([id]) => /hub-relay/.test(id))!;
    expect(relaySite(json)[1].body.properties.virtualNetworkSubnetId).toBe(
      ref("azurerm_subnet", relayId, "id", "data"),
    );
    const endpointSubnets = ofType(json, "azurerm_private_endpoint").map(([, e]) => e.subnet_id);
    expect(endpointSubnets.length).toBe(4);
    for (const s of endpointSubnets) expect(s).toBe(ref("azurerm_subnet", endpointsId, "id", "data"));
  });

  test("an identity with names.identity, or a subnet both as a resource and by id, is an error naming the prop", () => {
    const { stack, group } = ownStack();
    const identity = new UserAssignedIdentity(stack, "id", {
      name: "id-x",
      resourceGroupName: group.name,
      location: group.location,
    });
    expect(
      () => new DirectoryManagerFlow(stack, "named", relayProps({ identity, names: { identity: "id-y" } }, group)),
    ).toThrow(
      'platform/named/relay: names.identity must be left out when identity is given (the relay creates no identity), but "id-y" was given',
    );
    const subnet = ownSubnet(stack, group);
    expect(
      () =>
        new DirectoryManagerFlow(
          stack,
          "twice",
          relayProps(
            {
              network: {
                subnet,
                subnetId:
                  "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/relay",
              },
            },
            group,
          ),
        ),
    ).toThrow(
      /^platform\/twice\/relay: network\.subnet must be left out when subnetId is given \(the same subnet, by id\), but an unresolved token was given$/,
    );
    expect(
      () =>
        new DirectoryManagerFlow(
          stack,
          "public",
          relayProps({ network: { subnet, publicNetworkReason: "a sandbox without a network" } }, group),
        ),
    ).toThrow(/^platform\/public\/relay: network\.subnet must be left out with publicNetworkReason/);
  });
});
