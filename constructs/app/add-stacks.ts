import type { App } from "../providers/cdktf";
import { ConfigError, type LoadedEnvironment } from "./config-loader";
import { constructErrorProblem } from "./construct-errors";
import { DirectoryManagerFlowStack } from "./directory-manager-flow-stack";

/**
 * Adds one DirectoryManagerFlowStack per loaded environment. A construct that refuses a value
 * derived from the config is reported like a config problem (file and field), for every
 * environment at once; then nothing should be synthesized.
 */
export function addEnvironmentStacks(app: App, environments: readonly LoadedEnvironment[]): void {
  const problems: string[] = [];
  for (const env of environments) {
    try {
      new DirectoryManagerFlowStack(app, env.name, { environment: env.name, config: env.config });
    } catch (e) {
      problems.push(constructErrorProblem(e, env.file, env.name));
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
