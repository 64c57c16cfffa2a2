import type { App } from "../providers/cdktf";
import { ConfigError, type LoadedEnvironment } from "./config-loader";
import { constructErrorProblem } from "./construct-errors";
import { DirectoryManagerFlowStack } from "./directory-manager-flow-stack";

/**
 * Adds one DirectoryManagerFlowStack per loaded environment. A construct that refuses a value
 * derived from the config is reported like a config problem (file and field), for every
 * environment at once; then nothing should be synthesized. Returns each environment's stack.
 */
export function addEnvironmentStacks(
  app: App,
  environments: readonly LoadedEnvironment[],
): { env: LoadedEnvironment; stack: DirectoryManagerFlowStack }[] {
  const problems: string[] = [];
  const stacks: { env: LoadedEnvironment; stack: DirectoryManagerFlowStack }[] = [];
  for (const env of environments) {
    try {
      stacks.push({
        env,
        stack: new DirectoryManagerFlowStack(app, env.name, { environment: env.name, config: env.config }),
      });
    } catch (e) {
      problems.push(constructErrorProblem(e, env.file, env.name));
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return stacks;
}
