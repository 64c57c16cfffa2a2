/**
 * `dmflow dm-settings --env <env> [--apply]`: Directory Manager's Power Automate settings and
 * workflow routes against the stack, field by field and route by route. Nothing changes without
 * --apply; with it, what differs is written, read back and shown again. Only what the read-back
 * shows is called confirmed: exit 3 when a field the stack names cannot be seen through the API.
 */
import { applySettings } from "../directory-manager/apply-settings";
import { readAgain, readDirectoryManagerState } from "../directory-manager/directory-manager-state";
import { DOCS_REVISION, manualSteps } from "../directory-manager/manual-steps";
import { diffJson, diffLines } from "../report";
import type { RunContext } from "../run-context";
import { inSync, pendingWrites, unconfirmed, type SettingsDiff } from "../directory-manager/settings-diff";

export interface DmSettingsOptions {
  readonly apply: boolean;
}

/** Exit statuses (docs/cli.md): 3 = no difference the API shows, but fields it cannot confirm. */
export const EXIT = { inSync: 0, differs: 1, unconfirmed: 3 } as const;

function summary(diff: SettingsDiff): string {
  const pending = pendingWrites(diff);
  const parts = [
    pending.fields.length > 0 ? `${pending.fields.length} setting${pending.fields.length === 1 ? "" : "s"}` : "",
    pending.routes.length > 0 ? `${pending.routes.length} route${pending.routes.length === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  const count = pending.fields.length + pending.routes.length;
  return parts.length > 0 ? `${parts.join(" and ")} ${count === 1 ? "differs" : "differ"}` : "no writable difference";
}

function verdict(diff: SettingsDiff): { code: number; line: string } {
  const cannot = unconfirmed(diff).map((f) => f.label);
  if (!inSync(diff)) return { code: EXIT.differs, line: `✗ ${summary(diff)}` };
  if (cannot.length > 0)
    return {
      code: EXIT.unconfirmed,
      line: `? ${cannot.join(", ")}: cannot be confirmed (not in Directory Manager's answer); check in Admin Center (exit 3)`,
    };
  return { code: EXIT.inSync, line: "✓ Directory Manager matches the stack in every field its API shows" };
}

export async function dmSettings(ctx: RunContext, options: DmSettingsOptions): Promise<number> {
  const { output } = ctx;
  const before = await readDirectoryManagerState(ctx);
  const identityStoreId = before.desired.identityStoreId;
  let after = before;
  let written: string[] = [];
  if (options.apply) {
    written = await applySettings(before, output);
    if (written.length > 0) after = await readAgain(ctx, before.api, before.desired);
  }
  const relayed = before.desired.routes.some((r) => r.requestUrl !== undefined);
  const result = verdict(after.diff);
  const steps = manualSteps(after.diff, relayed);
  if (ctx.options.json) {
    output.json({
      command: "dm-settings",
      environment: ctx.options.environment,
      identityStoreId,
      ok: result.code === EXIT.inSync,
      exitCode: result.code,
      applied: options.apply,
      before: diffJson(before.diff),
      written,
      ...(written.length > 0 ? { after: diffJson(after.diff) } : {}),
      unconfirmed: unconfirmed(after.diff).map((f) => f.field),
      manualSteps: steps,
      docsRevision: DOCS_REVISION,
    });
    return result.code;
  }
  for (const line of diffLines(before.diff, identityStoreId)) output.line(line);
  output.line();
  if (!options.apply) {
    output.line(
      result.code === EXIT.differs
        ? `${result.line}. Nothing was changed: run again with --apply to write them.`
        : `${result.line}.`,
    );
  } else if (written.length === 0) {
    output.line(
      result.code === EXIT.differs
        ? `${result.line}; nothing could be written (see the ! lines).`
        : `${result.line}; nothing written.`,
    );
  } else {
    output.line(`Written: ${written.join(", ")}. Read back:`);
    for (const line of diffLines(after.diff, identityStoreId)) output.line(line);
    output.line();
    output.line(
      result.code === EXIT.differs
        ? `${result.line} on read-back; run again, and check Directory Manager's logs if it persists.`
        : result.code === EXIT.unconfirmed
          ? `Applied with unconfirmed fields: ${result.line.slice(2)}.`
          : `${result.line} (read back).`,
    );
  }
  if (steps.length > 0) {
    output.line(`Manual steps left (${DOCS_REVISION}):`);
    for (const step of steps) output.line(`  - ${step}`);
  }
  return result.code;
}
