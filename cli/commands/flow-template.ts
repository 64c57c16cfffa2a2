/**
 * `dmflow flow-template`: writes, per route, an unmanaged Power Automate solution (zip) holding
 * the route's flow and a deployment-settings file for its import, offline from config/<env>.json.
 * Nothing is read from Azure; the same config gives the same bytes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CliError } from "../cli-error";
import { readFlowConfig } from "../flow-template/flow-config";
import { routeSolution } from "../flow-template/solution-files";
import { writeZip } from "../flow-template/zip-writer";
import type { RunContext } from "../run-context";

export interface FlowTemplateOptions {
  /** The directory the zips and settings files are written to (created if missing). */
  readonly out: string;
  /** Only this route; default every route in the config. */
  readonly route?: string;
  /** The relay identity's object id, for routes in Entra mode (the trigger's only allowed caller). */
  readonly relayPrincipalId?: string;
}

export interface WrittenSolution {
  readonly route: string;
  readonly solution: string;
  readonly settings: string;
}

/** The files written for one environment: `<UniqueName>_1_0_0_0.zip` and `<UniqueName>.settings.json` per route. */
export async function writeFlowTemplates(
  cwd: string,
  environment: string,
  options: FlowTemplateOptions,
): Promise<WrittenSolution[]> {
  const config = readFlowConfig(cwd, environment);
  const routes = options.route === undefined ? config.routes : config.routes.filter((r) => r.key === options.route);
  if (routes.length === 0)
    throw new CliError(
      `--route ${options.route}: config/${environment}.json has no such route; expected one of: ${config.routes.map((r) => r.key).join(", ")}`,
    );
  const entra = routes.filter((r) => r.auth === "entra").map((r) => r.key);
  if (entra.length > 0 && options.relayPrincipalId === undefined)
    throw new CliError(
      `--relay-principal-id is required: route ${entra.join(", ")} is in Entra mode, and its trigger allows only the relay's identity (terraform output relay_identity_principal_id)`,
    );
  const dir = resolve(cwd, options.out);
  mkdirSync(dir, { recursive: true });
  const written: WrittenSolution[] = [];
  for (const route of routes) {
    const solution = routeSolution(config, route, options.relayPrincipalId);
    const settingsName = `${solution.uniqueName}.settings.json`;
    await writeZip(join(dir, solution.zipName), solution.files);
    writeFileSync(join(dir, settingsName), `${JSON.stringify(solution.settings, null, 2)}\n`);
    written.push({
      route: route.key,
      solution: join(options.out, solution.zipName),
      settings: join(options.out, settingsName),
    });
  }
  return written;
}

export async function flowTemplate(ctx: RunContext, options: FlowTemplateOptions): Promise<number> {
  const written = await writeFlowTemplates(ctx.deps.cwd, ctx.options.environment, options);
  if (ctx.options.json) {
    ctx.output.json({ ok: true, solutions: written });
    return 0;
  }
  for (const w of written) ctx.output.line(`${w.route}: ${w.solution} (settings: ${w.settings})`);
  ctx.output.line("Next: fill in the settings files, import, connect Approvals, turn the flows on (docs/flow.md).");
  return 0;
}
