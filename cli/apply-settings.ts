/**
 * --apply: writes what differs, settings first, then each route, and keeps count. When a write
 * fails, the error says what was written and what was not; running again converges, because it
 * writes only what still differs.
 */
import { CliError } from "./cli-error";
import type { DirectoryManagerState } from "./directory-manager-state";
import type { Output } from "./output";
import { pendingWrites, settingsToWrite } from "./settings-diff";

export interface ApplyOptions {
  /** The app's client secret; needed only when the settings are written. */
  readonly clientSecret?: () => Promise<string>;
  /** Write the settings even when every readable field matches (hands over a rotated client secret). */
  readonly pushClientSecret: boolean;
}

/** Returns what was written, one entry per write. */
export async function applySettings(
  state: DirectoryManagerState,
  output: Output,
  options: ApplyOptions,
): Promise<string[]> {
  const pending = pendingWrites(state.diff);
  const writeSettings = pending.fields.length > 0 || options.pushClientSecret;
  const plan = [
    ...(writeSettings
      ? [
          {
            what: `settings (${pending.fields.map((f) => f.label).join(", ") || "client secret"}${pending.fields.length > 0 ? ", client secret" : ""})`,
            settings: true as const,
          },
        ]
      : []),
    ...pending.routes.map((route) => ({ what: `route "${route.displayName}"`, route })),
  ];
  const written: string[] = [];
  // Read before the first write, so a missing secret stops the run with nothing changed.
  const clientSecret = writeSettings ? await options.clientSecret?.() : undefined;
  if (writeSettings && clientSecret === undefined)
    throw new CliError("the app's client secret is needed to write the settings");
  for (const [index, step] of plan.entries()) {
    try {
      if ("settings" in step) {
        output.progress(`writing ${step.what}`);
        await state.api.saveSettings(
          settingsToWrite(state.desired, state.settings, clientSecret!),
          state.diff.registered,
        );
      } else {
        output.progress(`writing ${step.what}`);
        await state.api.updateRoute({ ...step.route.route!, msFlowRequestUrl: step.route.desired });
      }
      written.push(step.what);
    } catch (error) {
      const notWritten = plan.slice(index).map((s) => s.what);
      const reason = error instanceof Error ? error.message : String(error);
      throw new CliError(
        `${reason} — written: ${written.length > 0 ? written.join(", ") : "nothing"}; not written: ${notWritten.join(", ")}; run the same command again: it writes only what still differs`,
      );
    }
  }
  return written;
}
