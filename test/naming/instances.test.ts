import { Testing, TerraformStack } from "../../constructs/providers/cdktf";
import { DirectoryManagerFlow, type DirectoryManagerFlowProps } from "../../constructs";
import { ResourceGroup } from "../../constructs/providers/azurerm";
import { ofType, synthStack, type SynthJson } from "../support/synth";
import { withSuffixFor } from "./support";

const SUBSCRIPTION = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";

/** Props of one composite with a relay, the decisions endpoint and variable-sourced flow URLs. */
const props = (extra: Partial<DirectoryManagerFlowProps> = {}): DirectoryManagerFlowProps => ({
  location: "westeurope",
  resourceGroupName: "identity-rg",
  useExistingResourceGroup: true,
  flowEnvironment: {
    orgCode: "https://contoso.crm4.dynamics.com",
    directoryManagerServer: "dm.contoso.com",
    identityStoreId: 1,
    routes: { "create-user": { displayName: "Create User", flowRequestUrl: { source: "variable" } } },
  },
  relay: { decisions: {} },
  ...extra,
});

function twoComposites(
  a: Partial<DirectoryManagerFlowProps> = {},
  b: Partial<DirectoryManagerFlowProps> = a,
): SynthJson {
  const stack = new TerraformStack(Testing.app(), "platform");
  new DirectoryManagerFlow(stack, "contoso", props(a));
  new DirectoryManagerFlow(stack, "fabrikam", props(b));
  return synthStack(stack);
}

/** The resources of a type; for azapi_resource, the function apps (Microsoft.Web/sites) only. */
const resourcesOf = (json: SynthJson, type: string) =>
  ofType(json, type).filter(([, r]) => type !== "azapi_resource" || String(r.type).startsWith("Microsoft.Web/sites@"));

/** Every name of one resource type, with plan-time suffixes evaluated for SUBSCRIPTION. */
const names = (json: SynthJson, type: string, attribute = "name") =>
  resourcesOf(json, type).map(([, r]) =>
    String(r[attribute]).includes("${substr(sha1(")
      ? withSuffixFor(String(r[attribute]), SUBSCRIPTION)
      : String(r[attribute]),
  );

const GLOBAL_AND_GROUP_NAMES = [
  "azurerm_key_vault",
  "azurerm_storage_account",
  "azapi_resource", // the function apps
  "azurerm_service_plan",
  "azurerm_user_assigned_identity",
  "azurerm_application_insights",
  "azurerm_log_analytics_workspace",
  "azurerm_virtual_network",
  "azurerm_network_security_group",
];

describe("two composites in one stack, default props", () => {
  const json = twoComposites();

  test("no shared Terraform variable: each composite's are named for its path", () => {
    expect(Object.keys(json.variable!).sort()).toEqual(
      ["contoso", "fabrikam"]
        .flatMap((c) => [
          `${c}_flow_request_url_create_user`,
          ...["client_id", "client_secret", "password", "username"].map((v) => `${c}_directory_manager_${v}`),
        ])
        .sort(),
    );
  });

  test.each(GLOBAL_AND_GROUP_NAMES)("no shared %s name, at plan time", (type) => {
    const all = names(json, type);
    expect(all).toHaveLength(2);
    expect(new Set(all.map((n) => n.toLowerCase())).size).toBe(2);
  });

  test("no shared app registration display name", () => {
    expect(names(json, "azuread_application", "display_name").sort()).toEqual([
      "Netwrix Directory Manager (platform/contoso)",
      "Netwrix Directory Manager (platform/fabrikam)",
    ]);
  });
});

describe("two composites in one stack, explicit names", () => {
  test("a known subscription id gives literal, distinct names", () => {
    const json = twoComposites({ subscriptionId: SUBSCRIPTION });
    for (const type of GLOBAL_AND_GROUP_NAMES) {
      const all = resourcesOf(json, type).map(([, r]) => r.name as string);
      expect(all.every((n) => !n.includes("${"))).toBe(true);
      expect(new Set(all).size).toBe(2);
    }
  });

  test.each([
    [
      "keyVaultName",
      { keyVaultName: "shared-kv" },
      'platform/fabrikam/key-vault: name must be a name no other Key Vault in Azure has (platform/contoso/key-vault already uses it), but "shared-kv" was given',
    ],
    [
      "relay.names.storageAccount",
      { relay: { names: { storageAccount: "sharedstore" } } },
      'platform/fabrikam/relay: names.storageAccount must be a name no other storage account in Azure has (platform/contoso/relay already uses it), but "sharedstore" was given',
    ],
    [
      "relay.names.functionApp",
      { relay: { names: { functionApp: "shared-relay" } } },
      'platform/fabrikam/relay: names.functionApp must be a name no other function app in Azure has (platform/contoso/relay already uses it), but "shared-relay" was given',
    ],
    [
      "directoryManagerApp.displayName",
      { directoryManagerApp: { displayName: "Directory Manager" } },
      'platform/fabrikam/directory-manager-app: displayName must be a name no other app registration in this stack has (platform/contoso/directory-manager-app already uses it), but "Directory Manager" was given',
    ],
    [
      "flowEnvironment.variablePrefix",
      { flowEnvironment: { ...props().flowEnvironment!, variablePrefix: "flow_url" } },
      'platform/fabrikam/flow-environment: variablePrefix must be a name no other Terraform variable in this stack has (platform/contoso/flow-environment already uses it), but "flow_url_create_user" was given',
    ],
  ] as const)("the same explicit %s twice fails at synth, naming both construct paths", (_prop, explicit, message) => {
    expect(() => twoComposites(explicit as Partial<DirectoryManagerFlowProps>)).toThrow(message);
  });

  test("two relays creating the privatelink DNS zones in one resource group fail at synth, naming both paths and the fix", () => {
    // One group, given by name and region (a ResourceGroupRef of literals).
    const inGroup = (name: string): Partial<DirectoryManagerFlowProps> => ({
      resourceGroup: { name, location: "westeurope" },
      resourceGroupName: undefined,
      useExistingResourceGroup: undefined,
      relay: { network: { privateEndpoints: true } },
    });
    const privateEndpoints = inGroup("identity-rg");
    expect(() => twoComposites(privateEndpoints)).toThrow(
      "platform/fabrikam/relay: network.privateDnsZoneIds must be given (with subnetId) when another relay creates the privatelink zones in the same resource group (platform/contoso/relay creates privatelink.blob.core.windows.net in identity-rg): pass its zones' ids, or put the relays in different resource groups, but nothing was given",
    );
    // In different resource groups, each relay has zones of its own.
    const json = twoComposites(privateEndpoints, inGroup("identity-rg-2"));
    expect(
      ofType(json, "azurerm_private_dns_zone")
        .map(([, z]) => `${z.resource_group_name} ${z.name}`)
        .filter((z) => z.endsWith("blob.core.windows.net")),
    ).toEqual(["identity-rg privatelink.blob.core.windows.net", "identity-rg-2 privatelink.blob.core.windows.net"]);
  });

  test("the same privatelink zones in the consumer's own group (a reference) are seen too", () => {
    const stack = new TerraformStack(Testing.app(), "platform");
    const group = new ResourceGroup(stack, "platform-rg", { name: "platform-rg", location: "westeurope" });
    const mine = {
      resourceGroup: group,
      resourceGroupName: undefined,
      useExistingResourceGroup: undefined,
      relay: { network: { privateEndpoints: true } },
    };
    new DirectoryManagerFlow(stack, "contoso", props(mine));
    expect(() => new DirectoryManagerFlow(stack, "fabrikam", props(mine))).toThrow(
      /^platform\/fabrikam\/relay: network\.privateDnsZoneIds must be given .*\(platform\/contoso\/relay creates privatelink\.blob\.core\.windows\.net in it\)/,
    );
  });

  test("two composites creating the same resource group fail at synth, naming both paths", () => {
    const created = { useExistingResourceGroup: false };
    expect(() => twoComposites(created)).toThrow(
      'platform/fabrikam: resourceGroupName must be a group no other construct in this stack creates (platform/contoso creates it): pass that group as resourceGroup, or set useExistingResourceGroup, but "identity-rg" was given',
    );
    expect(() => twoComposites(created, { useExistingResourceGroup: true })).not.toThrow();
  });

  test("vaults of two stacks in one app are compared too (vault names are unique in all of Azure)", () => {
    const app = Testing.app();
    new DirectoryManagerFlow(new TerraformStack(app, "dev"), "dm", props({ keyVaultName: "corp-kv" }));
    expect(
      () => new DirectoryManagerFlow(new TerraformStack(app, "prod"), "dm", props({ keyVaultName: "Corp-KV" })),
    ).toThrow(
      /prod\/dm\/key-vault: name must be a name no other Key Vault in Azure has \(dev\/dm\/key-vault already uses it\)/,
    );
  });
});
