import { join } from "node:path";
import { App } from "../constructs/providers/cdktf";
import { ConfigError, loadEnvironments } from "../constructs/app/config-loader";
import { subscriptionVariableProblem } from "../scripts/app/subscription-variable";
import { loadBootstrapConfig } from "./bootstrap-config";
import { bootstrapConfigFile } from "./config-file";
import { PipelineBootstrapStack } from "./pipeline-bootstrap-stack";

// Run from bootstrap/ (cdktf.json there): bootstrap.json, or the file DMFLOW_BOOTSTRAP_CONFIG names
// (never the example unless named); the environments come from ../config/*.json, like the pipeline's.
const here = process.cwd();
const configDir = process.env.DMFLOW_CONFIG_DIR ?? join(here, "..", "config");

try {
  const problem = subscriptionVariableProblem(process.env);
  if (problem) throw new Error(problem);
  const configFile = bootstrapConfigFile(here, process.env);
  // The sample config/example.json is never a pipeline environment (scripts/pipeline/environments.js).
  const environments = loadEnvironments(configDir).filter((e) => e.name !== "example");
  if (environments.length === 0)
    throw new Error(
      `${configDir}: only example.json, the sample, which gets no pipeline identity: copy it to config/<name>.json (e.g. dev.json), edit it, then run the bootstrap`,
    );
  const app = new App();
  new PipelineBootstrapStack(app, "bootstrap", {
    config: loadBootstrapConfig(configFile),
    environments,
  });
  app.synth();
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : (e as Error).message);
  process.exit(1);
}
