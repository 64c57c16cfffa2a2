import { join } from "node:path";
import { Testing, TerraformStack } from "../constructs/providers/cdktf";
import { DataAzurermKeyVault, KeyVault, ResourceGroup } from "../constructs/providers/azurerm";
import { DirectoryManagerApp } from "../constructs/directory-manager-app";
import { DirectoryManagerFlow, DirectoryManagerFlowProps } from "../constructs/directory-manager-flow";
import { ofType, onlyOfType, ref, synthStack } from "./support/synth";

const FIXTURE_BUNDLE = join(__dirname, "fixtures", "relay-bundle");

/** A platform team's own group and vault, as plain azurerm resources. */
function ownStack() {
  const stack = new TerraformStack(Testing.app(), "platform");
  const group = new ResourceGroup(stack, "platform-rg", { name: "platform-rg", location: "northeurope", tags: { team: "platform" } });
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
    expect(onlyOfType(json, "azurerm_key_vault_secret")[1].key_vault_id).toBe(ref("azurerm_key_vault", vaultId, "id", "data"));
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
    relay: { codePath: FIXTURE_BUNDLE },
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
    expect(account).toMatchObject({ resource_group_name: ref("azurerm_resource_group", groupId, "name"), location: ref("azurerm_resource_group", groupId, "location") });
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
    const reads = ofType(json, "azurerm_role_assignment").filter(([, r]) => r.role_definition_name === "Key Vault Secrets User");
    expect(reads.map(([, r]) => r.scope)).toContain(ref("azurerm_key_vault_secret", flowSecretId, "resource_versionless_id"));
  });

  test("a group both given and named, or neither, is an error naming the prop", () => {
    const { stack, group } = ownStack();
    expect(() => new DirectoryManagerFlow(stack, "both", props({ resourceGroup: group, resourceGroupName: "rg" }))).toThrow(
      'platform/both: resourceGroupName must be left out when resourceGroup is given (the group\'s own name is used), but "rg" was given',
    );
    expect(() => new DirectoryManagerFlow(stack, "neither", props({ location: "westeurope" }))).toThrow(
      /^platform\/neither: resourceGroupName must be given when resourceGroup is not .*, but nothing was given/,
    );
    expect(() => new DirectoryManagerFlow(stack, "nowhere", props({ resourceGroupName: "rg" }))).toThrow(/^platform\/nowhere: location must be given when resourceGroup is not/);
  });
});
