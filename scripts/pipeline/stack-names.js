// Shared by the scripts that print resource names of one synthesized stack for the pipeline's
// firewall steps: the names must be literal, and the stack file must exist.
const { existsSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const { parseArgsOrExit } = require("../args");

/** A resource's name, or an error naming it when the name is known only at plan time. */
function literalName(type, id, name, fix) {
  if (typeof name !== "string" || name.includes("${")) {
    throw new Error(
      `${type}.${id}: its name is computed at plan time (${JSON.stringify(name)}); the pipeline needs a literal name: synthesize with ARM_SUBSCRIPTION_ID set (or config subscriptionId), or ${fix}`,
    );
  }
  return name;
}

/** Runs a script: reads cdktf.out/stacks/<environment>/cdk.tf.json and prints namesOf(stack), one per line. */
function printStackNames(command, namesOf) {
  const { positionals } = parseArgsOrExit(
    `usage: npm run ${command} -- <environment> [outdir]`,
    {},
    { positionals: [1, 2] },
  );
  const [environment, outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out"] = positionals;
  const file = join(outdir, "stacks", environment, "cdk.tf.json");
  if (!existsSync(file)) {
    console.error(`${file} does not exist; run "npm run synth" with DMFLOW_ENVIRONMENTS=${environment} first`);
    process.exit(1);
  }
  try {
    for (const name of namesOf(JSON.parse(readFileSync(file, "utf8")))) console.log(name);
  } catch (e) {
    console.error(`${file}: ${e.message}`);
    process.exit(1);
  }
}

module.exports = { literalName, printStackNames };
