/**
 * --apply: writes what differs, settings first, then each route, and keeps count. When a write
 * fails, the error says what was written, what was not, and what may have been: a write whose
 * answer never came (a timeout) may have been applied. Running again converges, because it writes
 * only what still differs.
 */
import { CliError } from "../cli-error";
import type { DirectoryManagerState } from "./directory-manager-state";
import type { Output } from "../output";
import { pendingWrites, settingsToWrite } from "./settings-diff";

/** Returns what was written, one entry per write. */
export async function applySettings(state: DirectoryManagerState, output: Output): Promise<string[]> {
  const pending = pendingWrites(state.diff);
  const plan = [
    ...(pending.fields.length > 0
      ? [{ what: `settings (${pending.fields.map((f) => f.label).join(", ")})`, settings: true as const }]
      : []),
    ...pending.routes.map((route) => ({ what: `route "${route.displayName}"`, route })),
  ];
  if (!state.diff.registered && state.desired.settings.groupIDServiceUrl === undefined)
    throw new CliError(
      "identity store has no Power Automate settings yet, and registering them needs the callback URL: set flowEnvironment.groupIDServiceUrl (Netwrix's Proxy Callback URL) and deploy, or Register Client in Admin Center; nothing was written",
      2,
      { written: [], notWritten: plan.map((s) => s.what), unknown: [] },
    );
  const written: string[] = [];
  for (const [index, step] of plan.entries()) {
    output.progress(`writing ${step.what}`);
    try {
      if ("settings" in step)
        await state.api.saveSettings(settingsToWrite(state.desired, state.settings), state.diff.registered);
      else if (step.route.route)
        await state.api.updateRoute({ ...step.route.route, msFlowRequestUrl: step.route.desired });
      written.push(step.what);
    } catch (error) {
      throw partialWrite(
        error,
        written,
        step.what,
        plan.slice(index + 1).map((s) => s.what),
      );
    }
  }
  return written;
}

/** The failed write's error with the three lists, in words and (for --json) as data. */
function partialWrite(error: unknown, written: string[], failed: string, rest: string[]): CliError {
  const reason = error instanceof Error ? error.message : String(error);
  // No answer within the deadline: the server may have applied it; a refusal or an error answer did not.
  const unknown = error instanceof CliError && error.noAnswer === "timeout" ? [failed] : [];
  const notWritten = unknown.length > 0 ? rest : [failed, ...rest];
  const list = (items: string[]) => (items.length > 0 ? items.join(", ") : "nothing");
  return new CliError(
    `${reason} — written: ${list(written)}; ${unknown.length > 0 ? `outcome unknown (sent, no answer): ${list(unknown)}; ` : ""}not written: ${list(notWritten)}; run the same command again: it reads what Directory Manager holds and writes only what still differs`,
    2,
    { written, notWritten, unknown },
  );
}
