import { join } from "node:path";
import { App } from "./constructs/providers/cdktf";
import { ConfigError, loadEnvironments } from "./constructs/app/config-loader";
import { addEnvironmentStacks } from "./constructs/app/add-stacks";
import { subscriptionVariableProblem } from "./scripts/app/subscription-variable";

// One stack per config/<environment>.json; DMFLOW_ENVIRONMENTS=dev,prod selects some of them.
const configDir = process.env.DMFLOW_CONFIG_DIR ?? join(process.cwd(), "config");
const selected = process.env.DMFLOW_ENVIRONMENTS?.split(",").map((s) => s.trim());

// An empty ARM_SUBSCRIPTION_ID is the shell's doing, not the config file's: say so first.
const subscriptionProblem = subscriptionVariableProblem(process.env);
if (subscriptionProblem) {
  console.error(subscriptionProblem);
  process.exit(1);
}

try {
  // Every config is validated, and checked against the others, before any stack is built; a
  // construct that still refuses a value is reported with the config file and field; nothing is
  // written unless every stack was built.
  const app = new App();
  addEnvironmentStacks(app, loadEnvironments(configDir, selected));
  app.synth();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
