/**
 * A decision taken off the queue is checked again before it reaches Directory Manager: its token
 * must not have expired meanwhile, and it must be the request's first decision. A decision queued
 * by an earlier version (no record yet) claims the record now, so the first one delivered wins.
 */
import type { DecisionMessage } from "../storage/messages";
import type { DeliveryDeps } from "./delivery-deps";

/** Why the decision must not be delivered, or undefined when it may be. */
export async function refusalOnDelivery(message: DecisionMessage, deps: DeliveryDeps): Promise<string | undefined> {
  if (message.expires !== undefined && message.expires * 1000 <= deps.clock.now())
    return "the decision token expired while the decision waited on the queue; decide the request in Directory Manager";
  const claim = await deps.decisionRecords.claim({
    identityStoreId: message.decision.identityStoreId,
    workflowRequestId: message.decision.workflowRequestId,
    decision: message.decision.decision,
    route: message.route ?? "",
    tokenEventId: message.tokenEventId ?? "",
    decisionId: message.eventId,
    correlationId: message.correlationId,
    decidedAt: message.firstSeenAt,
  });
  if (claim.kind === "first" || claim.record.decisionId === message.eventId) return undefined;
  return `workflow request ${message.decision.workflowRequestId} was first decided "${claim.record.decision}" (decision ${claim.record.decisionId}); this later decision is not delivered`;
}
