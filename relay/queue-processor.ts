/**
 * The queue-triggered redelivery of flow events and decisions. Each run makes one try; a failure
 * puts a new copy back with backoff (or on the poison queue) before this copy is acknowledged.
 * It throws only when it cannot write to a queue: the Functions host then retries this copy and,
 * after host.json's maxDequeueCount, moves it to "<queue>-poison" itself, so nothing is dropped.
 */
import { statusOf, type DeliveryOutcome } from "./delivery-outcome";
import { forwardToFlow } from "./flow-forwarder";
import { decodeMessage, MalformedMessageError, type QueuedMessage } from "./messages";
import { settle, type Settlement } from "./redelivery";
import type { RelayDeps } from "./relay-deps";

export async function processQueuedMessage(raw: unknown, deps: RelayDeps): Promise<Settlement> {
  let message: QueuedMessage;
  try {
    message = decodeMessage(raw);
  } catch (error) {
    if (error instanceof MalformedMessageError) deps.logger.log({ event: "queue.malformed", level: "error", error: error.message });
    throw error;
  }
  const started = deps.clock.now();
  const tried = { ...message, attempts: message.attempts + 1 };
  const outcome = await tryOnce(tried, deps);
  const settlement = await settle(tried, outcome, deps.queues, deps.redelivery, new Date(deps.clock.now()));
  deps.logger.log({
    event: message.kind === "flow-event" ? "flow_event.redelivery" : "decision.redelivery",
    level: settlement.result === "delivered" ? "info" : settlement.result === "queued" ? "warn" : "error",
    correlationId: message.correlationId,
    ...(message.kind === "flow-event" ? { route: message.route } : {}),
    outcome: settlement.result,
    status: statusOf(outcome),
    attempts: tried.attempts,
    durationMs: deps.clock.now() - started,
    ...(outcome.kind !== "delivered" ? { error: outcome.error } : {}),
    ...(settlement.result === "queued" ? { delaySeconds: settlement.delaySeconds } : {}),
  });
  return settlement;
}

function tryOnce(message: QueuedMessage, deps: RelayDeps): Promise<DeliveryOutcome> | DeliveryOutcome {
  const timeoutMs = deps.config.forwardDeadlineMs;
  if (message.kind === "flow-event") {
    const route = deps.config.routes.get(message.route);
    // A route removed since the event was queued may come back; keep the event until maxAttempts.
    if (!route) return { kind: "transient", error: `route "${message.route}" is no longer configured` };
    return forwardToFlow(route, message.event, message.correlationId, timeoutMs, deps.http, deps.clock);
  }
  if (!deps.directoryManager) return { kind: "transient", error: "decisions are no longer enabled (RELAY_DECISIONS_ENABLED)" };
  return deps.directoryManager.deliver(message.decision, message.correlationId, timeoutMs);
}
