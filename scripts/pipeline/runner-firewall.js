#!/usr/bin/env node
// Lets the deploy runner through the firewalls of an approved, synthesized stack: adds its public
// address to the ip_rules of every Key Vault (and every storage account that denies by default) in
// cdk.tf.json, in place. The deploy applies the approved code plus this one rule, so an apply
// never removes the runner, as drift, before it has written the secrets; plan-json.js compare
// allows exactly this difference and nothing else.
// The relay's SCM site (where `dmflow deploy-code` pushes the code) denies every caller; after the
// apply the deploy opens it to the runner with one named access restriction and closes it again.
// `--scm-site` prints the function app's resource group and name from `terraform output -json`.
// Usage: npm run pipeline:runner-firewall -- <cdk.tf.json> --allow-ip <IPv4>
//        terraform output -json | npm run pipeline:runner-firewall -- - --scm-site
const { readFileSync, writeFileSync } = require("node:fs");
const { parseArgsOrExit } = require("../args");
const { runnerRange } = require("./config");
const { FIREWALLS, ruleHolder } = require("./firewall-rules");
const { deployReachesDataPlane } = require("./storage-accounts");

/** Adds the runner's address to every firewall in a synthesized stack; returns "type.id" of each one changed. */
function allowRunner(stackJson, ip) {
  const address = runnerRange(ip).replace(/\/32$/, "");
  const changed = [];
  for (const [type, firewall] of Object.entries(FIREWALLS)) {
    for (const [id, resource] of Object.entries(stackJson.resource?.[type] ?? {})) {
      const holder = ruleHolder(type, resource);
      // An open storage account (default Allow) needs no rule, nor one whose data plane the deploy
      // never reaches; a vault's firewall always gets one.
      if (!holder || (type !== "azurerm_key_vault" && holder.default_action !== "Deny")) continue;
      if (type === "azurerm_storage_account" && !deployReachesDataPlane(stackJson, id)) continue;
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

/** The stack output naming the relay's function app (contract/stack-outputs.ts, relayFunctionAppId). */
const FUNCTION_APP_OUTPUT = "relay_function_app_id";
/** The access restriction's name on the SCM site: added for deploy-code, removed right after. */
const SCM_RULE_NAME = "dmflow-deploy-runner";
const SITE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Web\/sites\/([^/]+)$/i;

/** { resourceGroup, name } of the relay's function app from `terraform output -json`, or undefined (no relay). */
function scmSite(outputs) {
  const id = outputs?.[FUNCTION_APP_OUTPUT]?.value;
  if (id === undefined || id === null) return undefined;
  const match = SITE_ID.exec(String(id));
  if (!match)
    throw new Error(`output ${FUNCTION_APP_OUTPUT}: got ${JSON.stringify(id)}; expected a function app's resource id`);
  return { resourceGroup: match[1], name: match[2] };
}

module.exports = { allowRunner, scmSite, SCM_RULE_NAME };

if (require.main === module) {
  const usage =
    "usage: npm run pipeline:runner-firewall -- <cdk.tf.json> --allow-ip <IPv4>\n       terraform output -json | npm run pipeline:runner-firewall -- - --scm-site";
  const { positionals, values } = parseArgsOrExit(
    usage,
    { "allow-ip": { type: "string" }, "scm-site": { type: "boolean" } },
    { positionals: [1, 1] },
  );
  const [file] = positionals;
  if (values["scm-site"]) {
    try {
      // "-": read stdin, so `terraform output -json` is piped, never written to a file.
      const site = scmSite(JSON.parse(readFileSync(file === "-" ? 0 : file, "utf8")));
      // Nothing printed: the stack has no relay, so there is no code to deploy.
      if (site) console.log(`${site.resourceGroup} ${site.name}`);
      process.exit(0);
    } catch (e) {
      console.error(`${file}: ${e.message}`);
      process.exit(1);
    }
  }
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
