/**
 * The queue-triggered redelivery of flow events and decisions. Each run makes one try; a failure
 * puts a new copy back with backoff (or on the poison queue) before this copy is acknowledged.
 * A claim check's event is read from its payload blob, which is deleted once the event is delivered.
 * A queued decision is checked again first (decision-revalidation.ts).
 * It throws only when it cannot read the message (or its payload blob) or write to a queue: the
 * Functions host then retries this copy and, after host.json's maxDequeueCount, moves it to
 * "<queue>-poison" itself, so nothing is dropped.
 */
import { readQueuedMessage, releasePayload } from "../storage/claim-check";
import { statusOf, type DeliveryOutcome } from "./delivery-outcome";
import { forwardToFlow } from "./flow-forwarder";
import { MalformedMessageError, type QueuedMessage } from "../storage/messages";
import { queuesFor, settle, type Settlement } from "./redelivery";
import type { DeliveryDeps } from "./delivery-deps";
import { refusalOnDelivery } from "./decision-revalidation";

export async function processQueuedMessage(raw: unknown, deps: DeliveryDeps): Promise<Settlement> {
  let message: QueuedMessage;
  try {
    message = await readQueuedMessage(raw, deps.payloads);
  } catch (error) {
    if (error instanceof MalformedMessageError)
      deps.logger.log({ event: "queue.malformed", level: "error", error: error.message });
    throw error;
  }
  const started = deps.clock.now();
  const tried = { ...message, attempts: message.attempts + 1 };
  const refusal = message.kind === "decision" ? await refusalOnDelivery(message, deps) : undefined;
  if (refusal !== undefined) return refuse(tried, refusal, deps);
  const outcome = await tryOnce(tried, deps);
  const settlement = await settle(tried, outcome, deps.queues, deps.redelivery, new Date(deps.clock.now()));
  // A claim check's blob goes only after delivery; retries and the poison queue keep it.
  const notReleased = settlement.result === "delivered" ? await releasePayload(message, deps.payloads) : undefined;
  const payloadBlob = message.kind === "flow-event" ? message.payloadBlob : undefined;
  deps.logger.log({
    event: message.kind === "flow-event" ? "flow_event.redelivery" : "decision.redelivery",
    level: settlement.result === "delivered" ? "info" : settlement.result === "queued" ? "warn" : "error",
    correlationId: message.correlationId,
    eventId: message.eventId,
    ...(message.kind === "flow-event" ? { route: message.route } : {}),
    outcome: settlement.result,
    status: statusOf(outcome),
    attempts: tried.attempts,
    durationMs: deps.clock.now() - started,
    ...(outcome.kind !== "delivered" ? { error: outcome.error } : {}),
    ...(settlement.result === "queued" ? { delaySeconds: settlement.delaySeconds } : {}),
    ...(payloadBlob !== undefined ? { payloadBlob } : {}),
  });
  if (notReleased !== undefined) {
    deps.logger.log({
      event: "flow_event.payload_not_deleted",
      level: "warn",
      correlationId: message.correlationId,
      eventId: message.eventId,
      payloadBlob,
      error: notReleased,
    });
  }
  return settlement;
}

function tryOnce(message: QueuedMessage, deps: DeliveryDeps): Promise<DeliveryOutcome> | DeliveryOutcome {
  const timeoutMs = deps.settings.forwardDeadlineMs;
  if (message.kind === "flow-event") {
    const route = deps.settings.routes.get(message.route);
    // A route removed since the event was queued may come back; keep the event until maxAttempts.
    if (!route) return { kind: "transient", error: `route "${message.route}" is no longer configured` };
    return forwardToFlow(route, message, timeoutMs, deps.http, deps.clock, deps.flowToken);
  }
  if (!deps.directoryManager)
    return { kind: "transient", error: "decisions are no longer enabled (RELAY_DECISIONS_ENABLED)" };
  return deps.directoryManager.deliver(message.decision, message.correlationId, timeoutMs);
}

/** A queued decision that must not be delivered: kept on the poison queue with the reason, and logged. */
async function refuse(message: QueuedMessage, reason: string, deps: DeliveryDeps): Promise<Settlement> {
  const queue = queuesFor(message).poison;
  const poisonedAt = new Date(deps.clock.now()).toISOString();
  await deps.queues.send(queue, { ...message, lastError: reason, poisonedAt }, 0);
  deps.logger.log({
    event: "decision.refused_on_delivery",
    level: "error",
    correlationId: message.correlationId,
    eventId: message.eventId,
    outcome: "poisoned",
    attempts: message.attempts,
    error: reason,
  });
  return { result: "poisoned", queue };
}
