/**
 * The first decision wins: a decision is recorded (decision-records.ts) before it is queued or
 * relayed. The same decision again is answered as already decided, with no second call to
 * Directory Manager; a different one is refused 409 and logged; a record Storage cannot write is 503.
 */
import type { RelayDeps } from "../relay-deps";
import type { Claim, DecisionRecord } from "../storage/decision-records";
import { errorResponse, jsonResponse, type RelayResponse } from "./relay-response";

/** Undefined when this decision is the first (recorded now); otherwise the answer to give. */
export async function recordFirstDecision(
  record: DecisionRecord,
  deps: RelayDeps,
  headers: Record<string, string>,
): Promise<RelayResponse | undefined> {
  const { correlationId, workflowRequestId } = record;
  let claim: Claim;
  try {
    claim = await deps.decisionRecords.claim(record);
  } catch (error) {
    deps.logger.log({
      event: "decision.not_recorded",
      level: "error",
      correlationId,
      route: record.route,
      outcome: "not_recorded",
      status: 503,
      error: error instanceof Error ? error.message : String(error),
    });
    return errorResponse(503, "not_recorded", "the decision could not be recorded (Storage); send it again later", {
      ...headers,
      "retry-after": "60",
    });
  }
  if (claim.kind === "first") return undefined;
  const first = claim.record;
  const fields = { route: record.route, workflowRequestId, firstDecision: first.decision, firstId: first.decisionId };
  if (first.decision !== record.decision) {
    deps.logger.log({
      event: "decision.rejected",
      level: "warn",
      correlationId,
      outcome: "decision_conflict",
      status: 409,
      ...fields,
    });
    return errorResponse(
      409,
      "decision_conflict",
      `workflow request ${workflowRequestId} was already decided "${first.decision}" (decision ${first.decisionId}); the first decision stands`,
      headers,
    );
  }
  deps.logger.log({ event: "decision.repeated", correlationId, outcome: "already_decided", status: 200, ...fields });
  return jsonResponse(
    200,
    { status: "already_decided", decision: first.decision, decisionId: first.decisionId, correlationId },
    headers,
  );
}
