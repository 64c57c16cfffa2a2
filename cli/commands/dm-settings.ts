/**
 * `dmflow dm-settings --env <env> [--apply]`: Directory Manager's Power Automate settings and
 * workflow routes against the stack, field by field. Nothing changes without --apply; with it,
 * what differs is written, read back and shown again.
 */
import { applySettings } from "../apply-settings";
import { appClientSecret } from "../credentials";
import { readAgain, readDirectoryManagerState } from "../directory-manager-state";
import { diffJson, diffLines } from "../report";
import type { RunContext } from "../run-context";
import { inSync, pendingWrites, type SettingsDiff } from "../settings-diff";

export interface DmSettingsOptions {
  readonly apply: boolean;
  readonly pushClientSecret: boolean;
}

/** What only a person can do in Admin Center (the API has no call for it). */
export function manualSteps(diff: SettingsDiff): string[] {
  const steps = diff.routes
    .filter((r) => r.state === "missing")
    .map(
      (r) =>
        `create the workflow route "${r.displayName}" in Admin Center (Identity Stores → Workflows), then run dm-settings again`,
    );
  if (diff.authenticated !== true) {
    steps.push(
      "click Authenticate: Admin Center → Identity Stores → your store → Workflows → Advanced Workflow Settings → Power Automate Settings (signing in to Power Automate needs a person)",
    );
  }
  return steps;
}

function summary(diff: SettingsDiff): string {
  const pending = pendingWrites(diff);
  const parts = [
    pending.fields.length > 0 ? `${pending.fields.length} setting${pending.fields.length === 1 ? "" : "s"}` : "",
    pending.routes.length > 0 ? `${pending.routes.length} route${pending.routes.length === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  const count = pending.fields.length + pending.routes.length;
  return parts.length > 0 ? `${parts.join(" and ")} ${count === 1 ? "differs" : "differ"}` : "no writable difference";
}

export async function dmSettings(ctx: RunContext, options: DmSettingsOptions): Promise<number> {
  const { output } = ctx;
  const before = await readDirectoryManagerState(ctx);
  const identityStoreId = before.desired.identityStoreId;
  let after = before;
  let written: string[] = [];
  if (options.apply) {
    const outputs = await ctx.outputs();
    written = await applySettings(before, output, {
      pushClientSecret: options.pushClientSecret,
      clientSecret: async () => {
        output.progress("reading the app's client secret");
        return (await appClientSecret(ctx.deps.env, outputs, ctx.vaults(), ctx.masker)).value;
      },
    });
    if (written.length > 0) after = await readAgain(ctx, before.api, before.desired);
  }
  const ok = inSync(after.diff);
  const steps = manualSteps(after.diff);
  if (ctx.options.json) {
    output.json({
      command: "dm-settings",
      environment: ctx.options.environment,
      identityStoreId,
      ok,
      applied: options.apply,
      before: diffJson(before.diff),
      written,
      ...(written.length > 0 ? { after: diffJson(after.diff) } : {}),
      manualSteps: steps,
    });
    return ok ? 0 : 1;
  }
  for (const line of diffLines(before.diff, identityStoreId)) output.line(line);
  output.line();
  if (!options.apply) {
    output.line(
      ok
        ? "✓ Directory Manager matches the stack."
        : `✗ ${summary(before.diff)}. Nothing was changed: run again with --apply to write them.`,
    );
  } else if (written.length === 0) {
    output.line(
      ok
        ? "✓ Directory Manager already matches the stack; nothing written."
        : "✗ nothing could be written (see the ! lines).",
    );
  } else {
    output.line(`Written: ${written.join(", ")}. Read back:`);
    for (const line of diffLines(after.diff, identityStoreId)) output.line(line);
    output.line();
    output.line(
      ok
        ? "✓ Directory Manager now matches the stack."
        : `✗ read back: ${summary(after.diff)}; run again, and check Directory Manager's logs if it persists.`,
    );
  }
  if (steps.length > 0) {
    output.line("Manual steps left:");
    for (const step of steps) output.line(`  - ${step}`);
  }
  return ok ? 0 : 1;
}
