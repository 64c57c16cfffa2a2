// Where a synthesized stack or a Terraform plan keeps a firewall's allowed addresses, per resource
// type: the pipeline lets its own runner through these for the length of a deploy, and nowhere else.
// Key Vault stores a single address as "a.b.c.d/32"; storage takes the bare address.
const FIREWALLS = {
  azurerm_key_vault: { block: "network_acls", form: (ip) => `${ip}/32` },
  azurerm_storage_account: { block: "network_rules", form: (ip) => ip },
  azurerm_storage_account_network_rules: { block: undefined, form: (ip) => ip },
};

/** The object holding `ip_rules` in one resource's values (synthesized JSON or plan), or undefined. */
function ruleHolder(type, values) {
  const firewall = FIREWALLS[type];
  if (!firewall || values === null || typeof values !== "object") return undefined;
  if (firewall.block === undefined) return values;
  const block = values[firewall.block];
  return Array.isArray(block) ? block[0] : (block ?? undefined);
}

/** A single address as each firewall type may store it: "203.0.113.7" and "203.0.113.7/32". */
function forms(ip) {
  const address = ip.replace(/\/32$/, "");
  return [address, `${address}/32`];
}

module.exports = { FIREWALLS, ruleHolder, forms };
