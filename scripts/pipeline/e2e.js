#!/usr/bin/env node
// The end-to-end run on a sandbox subscription (.github/workflows/e2e.yml, pipelines/e2e.yml): a
// throw-away environment deployed for real, its code deployed and verified, the second plan empty,
// a secret rotated, everything destroyed. The steps that need a decision live here, tested offline:
//   config:          writes <out>/<name>.json from config/example.json for a throw-away environment
//   second-plan:     `terraform show -json <plan>` on stdin; exit 1 naming every resource it changes
//   rotation-target: `terraform state list` on stdin; prints the client secret's rotation address
// Usage:
//   npm run --silent pipeline:e2e -- config --name e2e-1234 --allow-ip 203.0.113.7 --owner <object id> --out <dir> [--location westeurope]
//   terraform show -json tfplan | npm run --silent pipeline:e2e -- second-plan
//   terraform state list | npm run --silent pipeline:e2e -- rotation-target
const { mkdirSync, readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { parseArgsOrExit } = require("../args");
const { runnerRange } = require("./config");

const NAME = /^e2e-[a-z0-9]{1,16}$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * The sample config, made throw-away: the runner in the vault's firewall, the sandbox identity the
 * app's owner, local state in the run's temp folder, tags saying what it is, and nothing that needs
 * a tenant-wide right the sandbox identity should not hold (admin consent, department groups).
 */
function e2eConfig(example, { name, ip, owner, location, statePath }) {
  if (!NAME.test(name)) throw new Error(`--name ${name}: expected "e2e-" and 1-16 lower-case letters or digits`);
  if (!GUID.test(owner)) throw new Error(`--owner ${owner}: expected the sandbox identity's object id (GUID)`);
  const config = structuredClone(example);
  delete config.departments;
  return {
    ...config,
    location: location ?? config.location,
    tags: { ...config.tags, purpose: "dmflow-e2e", "delete-after": "this run" },
    backend: { type: "local", path: statePath },
    keyVault: { ...config.keyVault, allowedIpRanges: [runnerRange(ip)] },
    directoryManagerApp: { ...config.directoryManagerApp, ownerObjectIds: [owner], adminConsent: false },
  };
}

/** Resource changes other than no-op and read: what a second plan must not have. */
function secondPlanChanges(plan) {
  return (plan.resource_changes ?? [])
    .filter((rc) => !(rc.change?.actions ?? []).every((a) => a === "no-op" || a === "read"))
    .map((rc) => `${rc.change.actions.join("+")} ${rc.address}`);
}

/** The address of the client secret's rotation timer in `terraform state list`. */
function rotationTarget(stateList) {
  const found = stateList
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^time_rotating\.[^ ]*client-secret-rotation/.test(l));
  if (found.length !== 1)
    throw new Error(`expected one time_rotating …client-secret-rotation… in the state, found ${found.length}`);
  return found[0];
}

module.exports = { e2eConfig, rotationTarget, secondPlanChanges };

if (require.main === module) {
  const usage =
    "usage: npm run --silent pipeline:e2e -- config --name <e2e-…> --allow-ip <IPv4> --owner <object id> --out <dir> [--location <region>]\n" +
    "       terraform show -json tfplan | npm run --silent pipeline:e2e -- second-plan\n" +
    "       terraform state list | npm run --silent pipeline:e2e -- rotation-target";
  const { positionals, values } = parseArgsOrExit(
    usage,
    {
      name: { type: "string" },
      "allow-ip": { type: "string" },
      owner: { type: "string" },
      out: { type: "string" },
      location: { type: "string" },
    },
    { positionals: [1, 1] },
  );
  try {
    const [command] = positionals;
    if (command === "config") {
      const { name, "allow-ip": ip, owner, out, location } = values;
      if (!name || !ip || !owner || !out)
        throw new Error(`--name, --allow-ip, --owner and --out are required\n${usage}`);
      const example = JSON.parse(readFileSync(join(__dirname, "..", "..", "config", "example.json"), "utf8"));
      const config = e2eConfig(example, { name, ip, owner, location, statePath: join(out, "..", `${name}.tfstate`) });
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, `${name}.json`), `${JSON.stringify(config, null, 2)}\n`);
      console.log(`${join(out, `${name}.json`)}: throw-away environment ${name} in ${config.location}`);
    } else if (command === "second-plan") {
      const changes = secondPlanChanges(JSON.parse(readFileSync(0, "utf8")));
      if (changes.length > 0) {
        console.error(`the second plan is not empty (${changes.length}):\n  ${changes.join("\n  ")}`);
        process.exit(1);
      }
      console.log("the second plan changes nothing");
    } else if (command === "rotation-target") {
      console.log(rotationTarget(readFileSync(0, "utf8")));
    } else throw new Error(`unknown command "${command}"\n${usage}`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
