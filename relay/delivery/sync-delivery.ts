/**
 * The synchronous part of a delivery: a few quick tries within the caller's deadline. A Retry-After
 * longer than the time left ends the attempt early, so the event goes to the queue at once.
 */
import type { Clock } from "../clock";
import type { DeliveryOutcome } from "./delivery-outcome";

export interface SyncResult {
  readonly outcome: DeliveryOutcome;
  readonly attempts: number;
}

/** Quick retries: 200 ms, 400 ms, ... between tries; at most this many tries per request. */
const QUICK_TRIES = 3;
const QUICK_BASE_MS = 200;
/** A try with less time than this left is not worth starting. */
const MIN_TRY_MS = 100;

export async function deliverWithinDeadline(
  attempt: (timeoutMs: number) => Promise<DeliveryOutcome>,
  deadlineMs: number,
  clock: Clock,
): Promise<SyncResult> {
  const end = clock.now() + deadlineMs;
  let attempts = 0;
  for (;;) {
    attempts += 1;
    const outcome = await attempt(Math.max(1, end - clock.now()));
    if (outcome.kind !== "transient" || attempts >= QUICK_TRIES) return { outcome, attempts };
    const wait = Math.max(outcome.retryAfterMs ?? 0, QUICK_BASE_MS * 2 ** (attempts - 1));
    if (clock.now() + wait + MIN_TRY_MS > end) return { outcome, attempts };
    await clock.sleep(wait);
  }
}
