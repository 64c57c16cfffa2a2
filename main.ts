import { join } from "node:path";
import { App } from "./constructs/providers/cdktf";
import { ConfigError, loadEnvironments } from "./constructs/app/config-loader";
import { DirectoryManagerFlowStack } from "./constructs/app/directory-manager-flow-stack";

// One stack per config/<environment>.json; DMFLOW_ENVIRONMENTS=dev,prod selects some of them.
const configDir = process.env.DMFLOW_CONFIG_DIR ?? join(process.cwd(), "config");
const selected = process.env.DMFLOW_ENVIRONMENTS?.split(",").map((s) => s.trim());

try {
  // Every config is validated before any stack is built, so a bad one writes nothing.
  const environments = loadEnvironments(configDir, selected);
  const app = new App();
  for (const env of environments) {
    try {
      new DirectoryManagerFlowStack(app, env.name, { environment: env.name, config: env.config });
    } catch (e) {
      // A construct rejected a value the schema let through: name the file it came from.
      throw new ConfigError([`${env.file}: ${(e as Error).message}`]);
    }
  }
  app.synth();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
