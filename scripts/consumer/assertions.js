// What the consumer example's synthesized stack must show (examples/consumer/main.ts): one block
// per provider, DirectoryManagerApp's secret in the platform's own vault with no lookup, and two
// installations that share no Terraform variable and no Azure-global name.
const PROVIDERS = ["azurerm", "azuread", "time", "azapi"];

const entries = (json, kind, type) => Object.entries(json[kind]?.[type] ?? {});
const ref = (type, id, attribute) => `\${${type}.${id}.${attribute}}`;

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Names of one resource type: all literal (known at synth) and none repeated. */
function distinctNames(json, type, kind = "resource", pick = (config) => config.name) {
  const names = entries(json, kind, type)
    .map(([, config]) => pick(config))
    .filter((name) => name !== undefined);
  for (const name of names)
    expect(
      typeof name === "string" && !name.includes("${"),
      `${type}: name ${JSON.stringify(name)} is not known at synth`,
    );
  expect(
    new Set(names.map((n) => n.toLowerCase())).size === names.length,
    `${type}: names repeat: ${names.join(", ")}`,
  );
  return names;
}

/** Throws on the first broken expectation; returns a one-line summary of what was checked. */
function checkConsumerStack(json) {
  for (const provider of PROVIDERS) {
    const blocks = json.provider?.[provider] ?? [];
    expect(blocks.length === 1, `provider "${provider}": expected one block, found ${blocks.length}`);
  }
  expect(
    entries(json, "data", "azurerm_key_vault").length === 0,
    "a Key Vault is looked up (data azurerm_key_vault); the consumer passed its own",
  );
  expect(
    entries(json, "data", "azurerm_resource_group").length === 0,
    "a resource group is looked up (data azurerm_resource_group); the consumer passed its own",
  );

  const [platformVault] =
    entries(json, "resource", "azurerm_key_vault").find(([id]) => id.startsWith("platform-kv")) ?? [];
  expect(platformVault, "the platform's own azurerm_key_vault (platform-kv) is missing");
  const clientSecrets = entries(json, "resource", "azurerm_key_vault_secret").filter(
    ([, s]) => s.name === "directory-manager-client-secret",
  );
  expect(clientSecrets.length === 1, `expected one client secret, found ${clientSecrets.length}`);
  const [, clientSecret] = clientSecrets[0];
  expect(
    clientSecret.key_vault_id === ref("azurerm_key_vault", platformVault, "id"),
    `the client secret goes to ${clientSecret.key_vault_id}, not the platform's vault`,
  );
  expect(
    /^\$\{azuread_application_password\.[^}]+\.value\}$/.test(clientSecret.value_wo),
    "the client secret's write-only value is not the app password's",
  );

  const flowVariables = Object.keys(json.variable ?? {}).filter((name) => name.includes("flow_request_url"));
  expect(
    flowVariables.length === 2,
    `expected a flow URL variable per installation (2), found ${flowVariables.join(", ") || "none"}`,
  );
  const flowSecrets = entries(json, "resource", "azurerm_key_vault_secret").filter(
    ([, s]) => s.name === "flow-url-create-user",
  );
  expect(flowSecrets.length === 2, `expected two flow URL secrets, found ${flowSecrets.length}`);
  const usedVariables = flowSecrets.map(([, s]) => s.value_wo);
  expect(
    new Set(usedVariables).size === 2 &&
      usedVariables.every((v) => flowVariables.some((name) => v === `\${var.${name}}`)),
    `the flow URL secrets share or miss a variable: ${usedVariables.join(", ")}`,
  );
  const vaultsOfFlowSecrets = new Set(flowSecrets.map(([, s]) => s.key_vault_id));
  expect(vaultsOfFlowSecrets.size === 2, "both installations write their flow URL to one vault");

  const vaults = distinctNames(json, "azurerm_key_vault");
  const accounts = distinctNames(json, "azurerm_storage_account");
  expect(accounts.length === 2, `expected a relay storage account per installation, found ${accounts.length}`);
  const sites = entries(json, "resource", "azapi_resource").filter(([, r]) =>
    String(r.type).startsWith("Microsoft.Web/sites@"),
  );
  expect(sites.length === 2, `expected a relay function app per installation, found ${sites.length}`);
  expect(
    new Set(sites.map(([, r]) => r.name)).size === 2,
    `the function apps share a name: ${sites.map(([, r]) => r.name).join(", ")}`,
  );
  distinctNames(json, "azuread_application", "resource", (c) => c.display_name);
  return `one block per provider; client secret in the platform's vault, no lookup; 2 installations, distinct variables ${flowVariables.join(", ")}, vaults ${vaults.join(", ")}, storage ${accounts.join(", ")}`;
}

/** The relay's contract loads from its own subpath (package.json "exports") and is not in the main entry. */
function checkContractEntry({ contract, inMain }) {
  const names = ["RELAY_LIMITS", "RELAY_QUEUES", "RELAY_SETTINGS"];
  expect(
    names.every((n) => contract.includes(n)),
    `directory-manager-flow/contract exports ${contract.join(", ")}; expected ${names.join(", ")}`,
  );
  expect(inMain.length === 0, `the main entry still exports ${inMain.join(", ")}; expected them only in /contract`);
  return `directory-manager-flow/contract exports ${names.join(", ")}, the main entry none of them`;
}

module.exports = { checkConsumerStack, checkContractEntry };
