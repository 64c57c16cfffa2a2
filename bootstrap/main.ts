import { existsSync } from "node:fs";
import { join } from "node:path";
import { App } from "../constructs/providers/cdktf";
import { ConfigError, loadEnvironments } from "../constructs/app/config-loader";
import { loadBootstrapConfig } from "./bootstrap-config";
import { PipelineBootstrapStack } from "./pipeline-bootstrap-stack";

// Run from bootstrap/ (cdktf.json there): bootstrap.json if present, else the example; the
// environments come from ../config/*.json, like the pipeline's.
const here = process.cwd();
const configFile =
  process.env.DMFLOW_BOOTSTRAP_CONFIG ??
  [join(here, "bootstrap.json"), join(here, "bootstrap.example.json")].find((f) => existsSync(f))!;
const configDir = process.env.DMFLOW_CONFIG_DIR ?? join(here, "..", "config");

try {
  const app = new App();
  new PipelineBootstrapStack(app, "bootstrap", {
    config: loadBootstrapConfig(configFile),
    environments: loadEnvironments(configDir),
  });
  app.synth();
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : (e as Error).message);
  process.exit(1);
}
