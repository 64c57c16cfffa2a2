/**
 * What happens to a message after a failed delivery: back on its queue with exponential backoff
 * (or the Retry-After the other side asked for, if longer), or, after maxAttempts tries or a
 * permanent refusal, onto the poison queue with its last error. It is never dropped: the new copy
 * is written before the old one is deleted, so a crash in between yields a duplicate, not a loss.
 */
import { RELAY_QUEUES } from "../../contract/relay-settings";
import type { DeliveryOutcome } from "./delivery-outcome";
import type { QueuedMessage } from "../storage/messages";
import type { RelayQueues } from "../storage/relay-queues";

export interface RedeliveryPolicy {
  readonly maxAttempts: number;
  /** Delay before the first queued try; doubled after each failed try. */
  readonly baseDelaySeconds: number;
  /** Backoff ceiling (a longer Retry-After is still honoured, up to maxRetryAfterSeconds). */
  readonly maxDelaySeconds: number;
  /** Longest Retry-After honoured (RELAY_MAX_RETRY_AFTER_SECONDS); a longer one is cut to this. */
  readonly maxRetryAfterSeconds: number;
}

/** 30 s, 1, 2, 4, 8, 16, 32 min, then hourly: eight tries span about 2 hours. */
export const DEFAULT_BACKOFF = { baseDelaySeconds: 30, maxDelaySeconds: 3600 } as const;

export function backoffSeconds(attempts: number, retryAfterMs: number | undefined, policy: RedeliveryPolicy): number {
  const exponential = Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** Math.max(0, attempts));
  const asked = Math.min(policy.maxRetryAfterSeconds, Math.ceil((retryAfterMs ?? 0) / 1000));
  return Math.max(exponential, asked);
}

export function queuesFor(message: QueuedMessage): { retry: string; poison: string } {
  return message.kind === "flow-event"
    ? { retry: RELAY_QUEUES.flowEvents, poison: RELAY_QUEUES.flowEventsPoison }
    : { retry: RELAY_QUEUES.decisions, poison: RELAY_QUEUES.decisionsPoison };
}

export type Settlement =
  | { readonly result: "delivered" }
  | { readonly result: "queued"; readonly queue: string; readonly delaySeconds: number }
  | { readonly result: "poisoned"; readonly queue: string };

/**
 * Settles a message whose `attempts` already counts the try that produced `outcome`
 * (0 when the tries were synchronous, before the message was ever queued).
 */
export async function settle(
  message: QueuedMessage,
  outcome: DeliveryOutcome,
  queues: RelayQueues,
  policy: RedeliveryPolicy,
  now: Date,
  abortSignal?: AbortSignal,
): Promise<Settlement> {
  if (outcome.kind === "delivered") return { result: "delivered" };
  const names = queuesFor(message);
  const failed = {
    ...message,
    lastError: outcome.error,
    ...(outcome.status !== undefined ? { lastStatus: outcome.status } : {}),
  };
  if (outcome.kind === "permanent" || message.attempts >= policy.maxAttempts) {
    await queues.send(names.poison, { ...failed, poisonedAt: now.toISOString() }, 0, { abortSignal });
    return { result: "poisoned", queue: names.poison };
  }
  const delaySeconds = backoffSeconds(
    message.attempts,
    outcome.kind === "transient" ? outcome.retryAfterMs : undefined,
    policy,
  );
  await queues.send(names.retry, failed, delaySeconds, { abortSignal });
  return { result: "queued", queue: names.retry, delaySeconds };
}
