#!/usr/bin/env node
// Placeholder values for the sensitive variables of a synthesized stack, so a plan runs without
// any of the environment's secrets (plans run on pull requests and before approval; the secrets
// reach only the gated deploy job). Each placeholder satisfies the variable's own validation; the
// plan then shows the secret as possibly changed, and the deploy compares plans with sensitive
// values masked (plan-json.js). Written as a -var-file for `terraform plan`, never into the stack
// folder (a *.auto.tfvars file there would override the real values at deploy time).
// Usage: npm run --silent pipeline:placeholders -- <cdk.tf.json>  > placeholders.tfvars.json
const { readFileSync } = require("node:fs");
const { parseArgsOrExit } = require("../args");

/** Candidates tried in order; the first that passes a variable's validation is used. */
const CANDIDATES = [
  "https://placeholder.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/0/triggers/manual/paths/invoke?api-version=1&sig=placeholder",
  "https://placeholder.logic.azure.com/workflows/0/triggers/manual/paths/invoke?api-version=2016-06-01&sig=placeholder",
  "https://placeholder.environment.api.powerplatform.us/powerautomate/automations/direct/workflows/0/triggers/manual/paths/invoke?api-version=1&sig=placeholder",
  "https://placeholder.logic.azure.us/workflows/0/triggers/manual/paths/invoke?api-version=2016-06-01&sig=placeholder",
  "placeholder",
];

/** The regular expressions of `can(regex("…", var.<name>))` validations, as JavaScript RegExps. */
function validationPatterns(name, variable) {
  return (variable.validation ?? []).map((v) => {
    const m = /can\(regex\("((?:[^"\\]|\\.)*)",\s*var\.([\w-]+)\)\)/.exec(String(v.condition));
    if (!m || m[2] !== name)
      throw new Error(
        `variable "${name}": its validation (${v.condition}) is not a can(regex(…)) this script can satisfy; add a placeholder for it here`,
      );
    return new RegExp(JSON.parse(`"${m[1]}"`)); // an HCL string literal unescapes like a JSON one here
  });
}

/** { name: placeholder } for every sensitive variable without a default. */
function placeholders(stackJson) {
  const out = {};
  for (const [name, variable] of Object.entries(stackJson.variable ?? {})) {
    if (!variable.sensitive || "default" in variable) continue;
    const patterns = validationPatterns(name, variable);
    const value = CANDIDATES.find((c) => patterns.every((p) => p.test(c)));
    if (value === undefined)
      throw new Error(`variable "${name}": no placeholder passes its validation; add one to CANDIDATES`);
    out[name] = value;
  }
  return out;
}

module.exports = { placeholders };

if (require.main === module) {
  const [file] = parseArgsOrExit(
    "usage: npm run --silent pipeline:placeholders -- <cdk.tf.json>",
    {},
    { positionals: [1, 1] },
  ).positionals;
  try {
    process.stdout.write(`${JSON.stringify(placeholders(JSON.parse(readFileSync(file, "utf8"))), null, 2)}\n`);
  } catch (e) {
    console.error(`${file}: ${e.message}`);
    process.exit(1);
  }
}
