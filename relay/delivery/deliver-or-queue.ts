/**
 * The durable front door shared by flow events and decisions: try synchronously within the
 * deadline; if that fails for a reason worth retrying, queue the message; if the other side refused
 * it for good, keep it on the poison queue for an operator to replay. One log line per request.
 * The HTTP answer for each result is http/relay-response.ts's notDeliveredResponse.
 */
import { statusOf, type DeliveryOutcome } from "./delivery-outcome";
import type { HttpAnswer } from "./http-client";
import type { QueuedMessage } from "../storage/messages";
import { settle } from "./redelivery";
import type { DeliveryDeps } from "./delivery-deps";
import { deliverWithinDeadline } from "./sync-delivery";

/**
 * Time Storage gets to keep a message after the synchronous tries: what is left of the deadline, plus
 * this. So with Storage down the caller has its 503 within the deadline plus about a second.
 */
export const QUEUEING_GRACE_MS = 1000;

export type FrontDoorResult =
  | { readonly kind: "delivered"; readonly answer: HttpAnswer }
  | { readonly kind: "queued" }
  | { readonly kind: "poisoned"; readonly queue: string; readonly error: string }
  | { readonly kind: "not_queued"; readonly error: string };

export async function deliverOrQueue(
  message: QueuedMessage,
  attempt: (timeoutMs: number) => Promise<DeliveryOutcome>,
  deps: DeliveryDeps,
  logFields: { event: string; route?: string },
): Promise<FrontDoorResult> {
  const started = deps.clock.now();
  const { outcome, attempts } = await deliverWithinDeadline(attempt, deps.settings.forwardDeadlineMs, deps.clock);
  const log = (outcomeName: string, extra: Record<string, unknown>) =>
    deps.logger.log({
      ...logFields,
      correlationId: message.correlationId,
      eventId: message.eventId,
      outcome: outcomeName,
      attempts,
      durationMs: deps.clock.now() - started,
      status: statusOf(outcome),
      ...extra,
    });
  if (outcome.kind === "delivered") {
    log("delivered", {});
    return { kind: "delivered", answer: outcome.answer };
  }
  const budgetMs = Math.max(0, started + deps.settings.forwardDeadlineMs - deps.clock.now()) + QUEUEING_GRACE_MS;
  const abortSignal = deps.clock.deadline(budgetMs);
  try {
    const settlement = await settle(
      { ...message, syncAttempts: attempts },
      outcome,
      deps.queues,
      deps.redelivery,
      new Date(deps.clock.now()),
      abortSignal,
    );
    if (settlement.result === "poisoned") {
      log("poisoned", { level: "error", error: outcome.error, queue: settlement.queue });
      return { kind: "poisoned", queue: settlement.queue, error: outcome.error };
    }
    log("queued", {
      level: "warn",
      error: outcome.error,
      delaySeconds: settlement.result === "queued" ? settlement.delaySeconds : 0,
    });
    return { kind: "queued" };
  } catch (error) {
    // Storage is down (the queue, or the payload blob of a large event): the caller must know it was not kept.
    const reason = abortSignal.aborted ? `Storage did not answer within ${budgetMs} ms` : (error as Error).message;
    log("not_queued", { level: "error", error: `${outcome.error}; queueing failed: ${reason}` });
    return { kind: "not_queued", error: reason };
  }
}
