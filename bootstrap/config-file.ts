/**
 * Which bootstrap config to synthesize: DMFLOW_BOOTSTRAP_CONFIG when given, else bootstrap.json.
 * The example is never taken silently: it trusts a GitHub repository the administrator does not
 * control, so without bootstrap.json the run stops and says how to go on.
 */
import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";

export class BootstrapConfigFileError extends Error {}

export function bootstrapConfigFile(dir: string, env: Readonly<Record<string, string | undefined>>): string {
  const given = env.DMFLOW_BOOTSTRAP_CONFIG;
  if (given !== undefined && given !== "") return isAbsolute(given) ? given : join(dir, given);
  const own = join(dir, "bootstrap.json");
  if (existsSync(own)) return own;
  throw new BootstrapConfigFileError(
    `${own} does not exist: copy bootstrap.example.json to bootstrap.json and set your own location, state storage account and github.repository or azureDevOps (docs/bootstrap.md); the example trusts a repository you do not control. To synthesize the example as it is (a dry run), set DMFLOW_BOOTSTRAP_CONFIG=bootstrap.example.json`,
  );
}
