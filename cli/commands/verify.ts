/**
 * `dmflow verify --env <env>`: the vendor article's validation checklist and what it implies, one
 * ✓/✗ line per check with the evidence and, when it fails, the fix. Exit 0 only when all pass.
 */
import { adminConsent } from "../checks/admin-consent";
import { runCheck, type Check, type VerifyOptions } from "../checks/check";
import { callbackUrl } from "../checks/callback-url";
import { directoryManagerSettings } from "../checks/directory-manager-settings";
import { keyVaultSecrets } from "../checks/key-vault-secrets";
import { queues } from "../checks/queues";
import { relayCode } from "../checks/relay-code";
import { relayHealth } from "../checks/relay-health";
import { testEvent } from "../checks/test-event";
import { CliError } from "../cli-error";
import { checkLines, type CheckResult } from "../report";
import type { RunContext } from "../run-context";

/** In the order a person would look: is it up, are its secrets good, is it allowed, is it wired, is it flowing. */
export const CHECKS: readonly Check[] = [
  relayHealth,
  relayCode,
  keyVaultSecrets,
  adminConsent,
  directoryManagerSettings,
  callbackUrl,
  queues,
  testEvent,
];

export async function verify(ctx: RunContext, options: VerifyOptions): Promise<number> {
  const unknown = options.skip.filter((id) => !CHECKS.some((c) => c.id === id));
  if (unknown.length > 0)
    throw new CliError(`--skip ${unknown[0]}: no such check; expected one of ${CHECKS.map((c) => c.id).join(", ")}`);
  // Without the stack's outputs no check can ask anything: that stops the command (exit 2).
  await ctx.outputs();
  const results: CheckResult[] = [];
  for (const check of CHECKS) {
    if (check === testEvent && options.sendTestEvent === undefined) continue;
    if (check === callbackUrl && !options.checkCallbackUrl) continue;
    const result: CheckResult = options.skip.includes(check.id)
      ? { id: check.id, title: check.title, status: "skip", evidence: ["left out with --skip"] }
      : await runCheck(check, ctx, options);
    results.push(result);
    if (!ctx.options.json) for (const line of checkLines(result)) ctx.output.line(line);
  }
  const failed = results.filter((r) => r.status === "fail").length;
  const ok = failed === 0;
  if (ctx.options.json) {
    ctx.output.json({
      command: "verify",
      environment: ctx.options.environment,
      ok,
      passed: results.filter((r) => r.status === "pass").length,
      failed,
      checks: results,
    });
  } else {
    ctx.output.line();
    ctx.output.line(
      ok
        ? `✓ all ${results.length - results.filter((r) => r.status === "skip").length} checks passed`
        : `✗ ${failed} of ${results.length} checks failed`,
    );
  }
  return ok ? 0 : 1;
}
