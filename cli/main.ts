/**
 * `dmflow`: parses the command line, runs one command, and turns every failure into one masked
 * line on stderr (never a stack trace) and an exit status: 0 ok, 1 differences or failed checks,
 * 2 the command could not run, 3 dm-settings: fields the API cannot confirm.
 */
import { CliError, clip, firstLine } from "./cli-error";
import { deployCode } from "./commands/deploy-code";
import { dmSettings } from "./commands/dm-settings";
import { flowTemplate } from "./commands/flow-template";
import { verify } from "./commands/verify";
import type { CliDeps } from "./deps";
import { Masker } from "./mask";
import { parseCommandLine, usage } from "./options";
import { RunContext } from "./run-context";

export async function run(argv: readonly string[], deps: CliDeps): Promise<number> {
  let ctx: RunContext | undefined;
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.kind === "help") {
      deps.stdout(`${usage(deps.packageVersion, parsed.command)}\n`);
      return 0;
    }
    if (parsed.kind === "version") {
      deps.stdout(`${deps.packageVersion}\n`);
      return 0;
    }
    ctx = new RunContext(deps, parsed.common);
    if (parsed.kind === "dm-settings") return await dmSettings(ctx, parsed.options);
    if (parsed.kind === "flow-template") return await flowTemplate(ctx, parsed.options);
    if (parsed.kind === "deploy-code") return await deployCode(ctx, parsed.options);
    return await verify(ctx, { ...parsed.options, expectVersion: parsed.options.expectVersion ?? deps.packageVersion });
  } catch (error) {
    const masker = ctx?.masker ?? new Masker();
    const message =
      error instanceof CliError
        ? error.message
        : `unexpected error: ${firstLine(error instanceof Error ? error.message : String(error))}; run again, and report it if it persists`;
    // Masked first, then clipped: a secret the message echoes is never cut into a printable prefix.
    const shown = clip(masker.mask(message));
    const details = error instanceof CliError ? error.details : undefined;
    if (ctx?.options.json)
      deps.stdout(`${masker.mask(JSON.stringify({ ok: false, error: shown, ...details }, null, 2))}\n`);
    deps.stderr(`dmflow: ${shown}\n`);
    return error instanceof CliError ? error.exitCode : 2;
  } finally {
    ctx?.close();
  }
}
