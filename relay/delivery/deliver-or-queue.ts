/**
 * The durable front door shared by flow events and decisions: try synchronously within the
 * deadline; if that fails for a reason worth retrying, queue the message; if the other side refused
 * it for good, keep it on the poison queue for an operator to replay. One log line per request.
 */
import { statusOf, type DeliveryOutcome } from "./delivery-outcome";
import type { HttpAnswer } from "./http-client";
import type { QueuedMessage } from "../storage/messages";
import { settle } from "./redelivery";
import type { RelayDeps } from "../relay-deps";
import { errorResponse, jsonResponse, type RelayResponse } from "../http/relay-response";
import { deliverWithinDeadline } from "./sync-delivery";

export type FrontDoorResult =
  | { readonly kind: "delivered"; readonly answer: HttpAnswer }
  | { readonly kind: "queued" }
  | { readonly kind: "poisoned"; readonly queue: string; readonly error: string }
  | { readonly kind: "not_queued"; readonly error: string };

export async function deliverOrQueue(
  message: QueuedMessage,
  attempt: (timeoutMs: number) => Promise<DeliveryOutcome>,
  deps: RelayDeps,
  logFields: { event: string; route?: string },
): Promise<FrontDoorResult> {
  const started = deps.clock.now();
  const { outcome, attempts } = await deliverWithinDeadline(attempt, deps.config.forwardDeadlineMs, deps.clock);
  const log = (outcomeName: string, extra: Record<string, unknown>) =>
    deps.logger.log({
      ...logFields,
      correlationId: message.correlationId,
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
  try {
    const settlement = await settle({ ...message, syncAttempts: attempts }, outcome, deps.queues, deps.redelivery, new Date(deps.clock.now()));
    if (settlement.result === "poisoned") {
      log("poisoned", { level: "error", error: outcome.error, queue: settlement.queue });
      return { kind: "poisoned", queue: settlement.queue, error: outcome.error };
    }
    log("queued", { level: "warn", error: outcome.error, delaySeconds: settlement.result === "queued" ? settlement.delaySeconds : 0 });
    return { kind: "queued" };
  } catch (error) {
    // Storage is down (the queue, or the payload blob of a large event): the caller must know it was not kept.
    const reason = (error as Error).message;
    log("not_queued", { level: "error", error: `${outcome.error}; queueing failed: ${reason}` });
    return { kind: "not_queued", error: reason };
  }
}

/** The answer for anything but a synchronous delivery; the same for flow events and decisions. */
export function notDeliveredResponse(
  result: Exclude<FrontDoorResult, { kind: "delivered" }>,
  correlationId: string,
  headers: Record<string, string>,
  rejectedCode: string,
): RelayResponse {
  switch (result.kind) {
    case "queued":
      return jsonResponse(202, { status: "queued", correlationId }, headers);
    case "poisoned":
      return errorResponse(502, rejectedCode, `${result.error}; it is kept on the ${result.queue} queue for replay`, headers);
    case "not_queued":
      return errorResponse(503, "not_queued", `delivery failed and queueing failed too (${result.error}); send it again later`, { ...headers, "retry-after": "60" });
  }
}
