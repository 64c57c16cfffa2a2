import { existsSync, rmdirSync } from "node:fs";
import { join } from "node:path";
import { App } from "./constructs/providers/cdktf";
import { ConfigError, loadEnvironments } from "./constructs/app/config-loader";
import { addEnvironmentStacks } from "./constructs/app/add-stacks";
import { checkSecurityRules } from "./constructs/app/rule-findings";
import { subscriptionVariableProblem } from "./scripts/app/subscription-variable";

// One stack per config/<environment>.json; DMFLOW_ENVIRONMENTS=dev,prod selects some of them.
const configDir = process.env.DMFLOW_CONFIG_DIR ?? join(process.cwd(), "config");
const selected = process.env.DMFLOW_ENVIRONMENTS?.split(",").map((s) => s.trim());
// cdktf's App creates its output folder and stacks/ in it at once: on failure, the ones this run
// created are removed again (only when empty), so a failed synth leaves nothing behind.
const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
const created = [join(outdir, "stacks"), outdir].filter((dir) => !existsSync(dir));

// An empty ARM_SUBSCRIPTION_ID is the shell's doing, not the config file's: say so first.
const subscriptionProblem = subscriptionVariableProblem(process.env);
if (subscriptionProblem) {
  console.error(subscriptionProblem);
  process.exit(1);
}

try {
  // Every config is validated, and checked against the others, before any stack is built; a
  // construct that still refuses a value, or a failing security rule, is reported with the config
  // file and field; nothing is written unless every stack was built and passed the rules.
  const environments = loadEnvironments(configDir, selected);
  const app = new App();
  const rules = checkSecurityRules(addEnvironmentStacks(app, environments));
  // npm run security:report synthesizes past failing rules, so it lists all of them. (Not cdktf's
  // CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: the cdktf CLI always sets that one.)
  const continuePastErrors = process.env.DMFLOW_SECURITY_REPORT === "1";
  if (rules.problems.length > 0 && !continuePastErrors)
    throw new ConfigError([...rules.problems], "A security rule failed");
  app.synth();
  console.log(rules.summary);
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  for (const dir of created) if (existsSync(dir)) rmdirSync(dir);
  console.error(e.message);
  process.exit(1);
}
