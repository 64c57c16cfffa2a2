#!/usr/bin/env node
// Lets the deploy runner through the firewalls of an approved, synthesized stack: adds its public
// address to the ip_rules of every Key Vault (and every storage account that denies by default) in
// cdk.tf.json, in place. The deploy applies the approved code plus this one rule, so an apply
// never removes the runner, as drift, before it has written the secrets; plan-json.js compare
// allows exactly this difference and nothing else.
// Usage: npm run pipeline:runner-firewall -- <cdk.tf.json> --allow-ip <IPv4>
const { readFileSync, writeFileSync } = require("node:fs");
const { parseArgsOrExit } = require("../args");
const { runnerRange } = require("./config");
const { FIREWALLS, ruleHolder } = require("./firewall-rules");

/** Adds the runner's address to every firewall in a synthesized stack; returns "type.id" of each one changed. */
function allowRunner(stackJson, ip) {
  const address = runnerRange(ip).replace(/\/32$/, "");
  const changed = [];
  for (const [type, firewall] of Object.entries(FIREWALLS)) {
    for (const [id, resource] of Object.entries(stackJson.resource?.[type] ?? {})) {
      const holder = ruleHolder(type, resource);
      // An open storage account (default Allow) needs no rule; a vault's firewall always gets one.
      if (!holder || (type !== "azurerm_key_vault" && holder.default_action !== "Deny")) continue;
      const rules = holder.ip_rules ?? [];
      if (!Array.isArray(rules))
        throw new Error(
          `${type}.${id}: ip_rules is computed at apply time (${JSON.stringify(rules)}); the runner's address cannot be added`,
        );
      const rule = firewall.form(address);
      if (!rules.includes(rule)) holder.ip_rules = [...rules, rule];
      changed.push(`${type}.${id}`);
    }
  }
  return changed;
}

module.exports = { allowRunner };

if (require.main === module) {
  const usage = "usage: npm run pipeline:runner-firewall -- <cdk.tf.json> --allow-ip <IPv4>";
  const { positionals, values } = parseArgsOrExit(usage, { "allow-ip": { type: "string" } }, { positionals: [1, 1] });
  const [file] = positionals;
  if (!values["allow-ip"]) {
    console.error(`--allow-ip is required\n${usage}`);
    process.exit(2);
  }
  try {
    const stack = JSON.parse(readFileSync(file, "utf8"));
    const changed = allowRunner(stack, values["allow-ip"]);
    writeFileSync(file, `${JSON.stringify(stack, null, 2)}\n`);
    console.log(
      `${file}: ${changed.length > 0 ? changed.join(", ") : "no firewall"} allow ${values["allow-ip"]} for this run`,
    );
  } catch (e) {
    console.error(`${file}: ${e.message}`);
    process.exit(1);
  }
}
