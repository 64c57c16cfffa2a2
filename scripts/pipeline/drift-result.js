#!/usr/bin/env node
// Decides a drift check from its saved refresh-only plan (`terraform show -json <plan>` on stdin):
// prints "drift" when `resource_drift` names a resource changed outside Terraform, else "clean", and
// each drifted resource on stderr. The exit code of `plan -refresh-only -detailed-exitcode` alone
// cannot decide: it is 2 for an applyable plan even when nothing drifted (hashicorp/terraform#36403,
// #37406; seen here with Terraform 1.11.4, test/fixtures/terraform-refresh-only/README.md).
// Usage: terraform show -json drift.tfplan | npm run --silent pipeline:drift-result
const { readFileSync } = require("node:fs");
const { parseArgsOrExit } = require("../args");

/** "<actions> <address>" of each resource the plan says changed outside Terraform. */
function driftedResources(plan) {
  return (plan.resource_drift ?? [])
    .filter((rc) => !(rc.change?.actions ?? []).every((a) => a === "no-op"))
    .map((rc) => `${rc.change.actions.join("+")} ${rc.address}`);
}

module.exports = { driftedResources };

if (require.main === module) {
  parseArgsOrExit("usage: terraform show -json drift.tfplan | npm run --silent pipeline:drift-result");
  const drifted = driftedResources(JSON.parse(readFileSync(0, "utf8")));
  for (const line of drifted) console.error(`changed outside Terraform: ${line}`);
  console.log(drifted.length > 0 ? "drift" : "clean");
}
