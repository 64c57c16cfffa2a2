/**
 * A verify check: one question about the deployment, answered pass, fail (with the fix) or skip
 * (the stack has no such part). A check that cannot even ask (unreachable, denied) fails with that
 * one-line reason instead of stopping the other checks.
 */
import { CliError, clip } from "../cli-error";
import type { CheckResult, CheckStatus } from "../report";
import type { RunContext } from "../run-context";

export interface VerifyOptions {
  /** Secrets must stay valid at least this many days. */
  readonly expiryDays: number;
  /** A visible message older than this is stuck: nothing takes it off the queue. */
  readonly stuckMinutes: number;
  /** The version the relay must report. */
  readonly expectVersion: string;
  /** Route key to send one marked test event through. */
  readonly sendTestEvent?: string;
  /** Fetch the callback URL trusting only public roots (callback-url.ts). */
  readonly checkCallbackUrl?: boolean;
  /** Check ids left out (reported as skipped). */
  readonly skip: readonly string[];
}

export interface Finding {
  readonly status: CheckStatus;
  readonly evidence: readonly string[];
  readonly fix?: string;
}

export interface Check {
  readonly id: string;
  readonly title: string;
  run(ctx: RunContext, options: VerifyOptions): Promise<Finding>;
}

export const pass = (evidence: readonly string[]): Finding => ({ status: "pass", evidence });
export const fail = (evidence: readonly string[], fix: string): Finding => ({ status: "fail", evidence, fix });
export const skip = (reason: string): Finding => ({ status: "skip", evidence: [reason] });

export async function runCheck(check: Check, ctx: RunContext, options: VerifyOptions): Promise<CheckResult> {
  ctx.output.progress(`checking ${check.title}`);
  try {
    return { id: check.id, title: check.title, ...(await check.run(ctx, options)) };
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    // Masked, then clipped: a secret the message echoes is never cut into a printable prefix.
    return { id: check.id, title: check.title, status: "fail", evidence: [clip(ctx.masker.mask(error.message))] };
  }
}

/** Whole days from now until `date` (negative once past). */
export function daysUntil(date: Date, now: number): number {
  return Math.floor((date.getTime() - now) / 86_400_000);
}
