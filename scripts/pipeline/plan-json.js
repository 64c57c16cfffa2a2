#!/usr/bin/env node
// The approved plan, and the check that a deploy applies nothing else.
//
// `redact` turns `terraform show -json <planfile>` (which holds the prior state, the variables and
// every sensitive value in clear) into the resource changes only, each sensitive value replaced by
// "(sensitive)": safe to keep as a build artifact next to the plan's summary.
//
// `compare` reads the deploy job's own plan (same synthesized code, the environment's secrets, the
// runner's address in the firewalls) and refuses it unless it makes the same changes as the
// approved one. Two differences are allowed, and only these:
// - the deploy runner's own address in a firewall's ip_rules (Key Vault, storage), which the
//   deploy adds for the length of the run, and runner addresses left in the state by earlier runs;
// - a change to sensitive values only (plans never see the environment's secrets: they run with
//   placeholders, so the approved plan may show a secret "updated" that the deploy leaves alone,
//   or the reverse). The values written are the environment's secrets at deploy time.
// Usage:
//   terraform show -json tfplan | npm run --silent pipeline:plan-json -- redact > approved-plan.json
//   terraform show -json tfplan | npm run --silent pipeline:plan-json -- compare approved-plan.json --runner-ip 203.0.113.7
//   npm run --silent pipeline:plan-json -- check-approval approved-for.json --commit <sha> --environment <name>
const { readFileSync } = require("node:fs");
const { parseArgsOrExit } = require("../args");
const { FIREWALLS, forms, ruleHolder } = require("./firewall-rules");

const SENSITIVE = "(sensitive)";

/** A value with every part its sensitivity marks replaced by "(sensitive)" (Terraform's JSON plan format). */
function maskSensitive(value, sensitivity) {
  if (sensitivity === true) return value === null || value === undefined ? value : SENSITIVE;
  if (Array.isArray(value))
    return value.map((v, i) => maskSensitive(v, Array.isArray(sensitivity) ? sensitivity[i] : undefined));
  if (value !== null && typeof value === "object") {
    const nested = sensitivity !== null && typeof sensitivity === "object" ? sensitivity : {};
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSensitive(v, nested[k])]));
  }
  return value;
}

/** The resource changes of a `terraform show -json` plan with every sensitive value masked; nothing else. */
function redactPlan(plan) {
  if (!plan || !Array.isArray(plan.resource_changes ?? []))
    throw new Error("not a Terraform JSON plan (no resource_changes)");
  return {
    format_version: plan.format_version,
    terraform_version: plan.terraform_version,
    resource_changes: (plan.resource_changes ?? []).map((rc) => ({
      address: rc.address,
      ...(rc.deposed ? { deposed: rc.deposed } : {}),
      mode: rc.mode,
      type: rc.type,
      name: rc.name,
      change: {
        actions: rc.change.actions,
        before: maskSensitive(rc.change.before, rc.change.before_sensitive),
        after: maskSensitive(rc.change.after, rc.change.after_sensitive),
        after_unknown: rc.change.after_unknown,
        ...(rc.change.replace_paths ? { replace_paths: rc.change.replace_paths } : {}),
      },
    })),
  };
}

/** A copy of a firewall resource's values with its ip_rules filtered. */
function withRules(type, values, keep) {
  const copy = structuredClone(values);
  const holder = ruleHolder(type, copy);
  if (holder && Array.isArray(holder.ip_rules)) holder.ip_rules = holder.ip_rules.filter(keep).sort();
  return copy;
}

/** What one change does, comparable across the two plans; a change that does nothing is only "no-op". */
function effect(rc, configured, runnerIps) {
  let { before, after } = rc.change;
  let actions = rc.change.actions;
  if (FIREWALLS[rc.type]) {
    // The approved configuration's own ranges stay; the deploy runner's address goes.
    const runner = new Set(runnerIps.flatMap(forms));
    after = withRules(rc.type, after, (rule) => !runner.has(rule));
    // Rules outside the approved configuration (runner addresses left by earlier runs) only go:
    // an update that only removes them, or only adds this runner, changes nothing that was approved.
    before = withRules(rc.type, before, (rule) => configured.has(rule));
    if (actions.join() === "update" && same(before, after)) actions = ["no-op"];
  }
  if (actions.join() === "update" && same(before, after)) actions = ["no-op"]; // sensitive values only
  // What a no-op leaves in place is not applied, so its values (refreshed or not) do not matter.
  if (actions.join() === "no-op") return { actions };
  return {
    actions,
    after,
    after_unknown: rc.change.after_unknown ?? null,
    replace_paths: rc.change.replace_paths ?? null,
  };
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Paths where two JSON values differ, e.g. "after.tags.owner" (at most a few). */
function differingPaths(a, b, path = "", out = []) {
  if (out.length >= 5 || same(a, b)) return out;
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
      differingPaths(a[k], b[k], path ? `${path}.${k}` : k, out);
  } else {
    out.push(path || "(value)");
  }
  return out;
}

/**
 * The differences between the approved plan and the deploy's own plan (both redacted), beyond the
 * runner's firewall rule and sensitive values; an empty list means the deploy may apply its plan.
 */
function comparePlans(approved, current, { runnerIps = [] } = {}) {
  const key = (rc) => `${rc.address}${rc.deposed ? ` (deposed ${rc.deposed})` : ""}`;
  const approvedChanges = new Map(approved.resource_changes.map((rc) => [key(rc), rc]));
  const currentChanges = new Map(current.resource_changes.map((rc) => [key(rc), rc]));
  const differences = [];
  for (const [address, rc] of currentChanges) {
    const was = approvedChanges.get(address);
    if (!was) {
      differences.push(`${address}: ${rc.change.actions.join(", ")} now, but not in the approved plan`);
      continue;
    }
    // The configured ranges are those of the approved plan's configuration, which has no runner address.
    const configured = new Set(ruleHolder(rc.type, was.change.after)?.ip_rules ?? []);
    const [then, now] = [effect(was, configured, []), effect(rc, configured, runnerIps)];
    if (!same(then, now)) {
      const what =
        then.actions.join() !== now.actions.join()
          ? `approved ${then.actions.join(", ")}, now ${now.actions.join(", ")}`
          : `${then.actions.join(", ")} with other values at ${differingPaths(then, now).join(", ")}`;
      differences.push(`${address}: ${what}`);
    }
  }
  for (const address of approvedChanges.keys()) {
    if (!currentChanges.has(address)) differences.push(`${address}: in the approved plan, but not planned now`);
  }
  return differences;
}

/** Refuses an approved plan made for another commit or environment. */
function checkApproval(approvedFor, { commit, environment }) {
  if (approvedFor.commit !== commit || approvedFor.environment !== environment) {
    throw new Error(
      `the approved plan is for ${approvedFor.environment} at ${approvedFor.commit}, not ${environment} at ${commit}; nothing was applied`,
    );
  }
}

module.exports = { checkApproval, comparePlans, maskSensitive, redactPlan, SENSITIVE };

const USAGE = `usage (the plan JSON on stdin):
  npm run --silent pipeline:plan-json -- redact
  npm run --silent pipeline:plan-json -- compare <approved-plan.json> [--runner-ip <ip>]
  npm run --silent pipeline:plan-json -- check-approval <approved-for.json> --commit <sha> --environment <name>`;

if (require.main === module) {
  const { positionals, values } = parseArgsOrExit(
    USAGE,
    { "runner-ip": { type: "string", multiple: true }, commit: { type: "string" }, environment: { type: "string" } },
    { positionals: [1, 2] },
  );
  const [command, file] = positionals;
  try {
    if (command === "redact") {
      process.stdout.write(`${JSON.stringify(redactPlan(JSON.parse(readFileSync(0, "utf8"))), null, 1)}\n`);
    } else if (command === "compare" && file) {
      const current = redactPlan(JSON.parse(readFileSync(0, "utf8")));
      const differences = comparePlans(JSON.parse(readFileSync(file, "utf8")), current, {
        runnerIps: values["runner-ip"] ?? [],
      });
      if (differences.length > 0) {
        console.log("The plan made now differs from the approved plan; nothing was applied:");
        for (const d of differences) console.log(`- ${d}`);
        console.log(
          'Run the pipeline again to plan and approve the current changes (docs/pipeline.md, "When the deploy refuses").',
        );
        process.exit(1);
      }
      console.log(
        `The plan made now makes the approved changes (${current.resource_changes.length} resources compared).`,
      );
    } else if (command === "check-approval" && file && values.commit && values.environment) {
      checkApproval(JSON.parse(readFileSync(file, "utf8")), { commit: values.commit, environment: values.environment });
      console.log(`approved plan of ${values.environment} at ${values.commit}`);
    } else {
      console.error(USAGE);
      process.exit(2);
    }
  } catch (e) {
    console.error(`plan-json: ${e.message}`);
    process.exit(2);
  }
}
