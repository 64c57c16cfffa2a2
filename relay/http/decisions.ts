/**
 * POST /api/decisions: the flow's approve/deny for a Directory Manager workflow request, relayed to
 * Directory Manager (or queued while it is unreachable). Checked like flow events: bad input is
 * answered with a 4xx naming the problem and goes nowhere.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { CORRELATION_HEADER } from "../correlation";
import { deliverOrQueue } from "../delivery/deliver-or-queue";
import type { Decision, DecisionMessage } from "../storage/messages";
import type { RelayDeps } from "../relay-deps";
import { errorResponse, jsonResponse, notDeliveredResponse, type RelayResponse } from "./relay-response";
import { readJsonObject, type IncomingRequest } from "./request-body";
import { checkDecisionToken } from "../decision-token";
import type { DecisionRecord } from "../storage/decision-records";
import { recordFirstDecision } from "./first-decision";

/** The header with the decisions credential (RELAY_DECISIONS_KEY); only flows that decide have it. */
export const DECISIONS_KEY_HEADER = "x-relay-decisions-key";

function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

const MAX_REASON_CHARS = 2000;

export type DecisionCheck = { ok: true; decision: Decision; token: string } | { ok: false; message: string };

export function checkDecision(body: Record<string, unknown>): DecisionCheck {
  const id = (name: string): number | string => {
    const value = body[name];
    return typeof value === "number" && Number.isSafeInteger(value) && value > 0
      ? value
      : `"${name}" must be a positive whole number`;
  };
  const identityStoreId = id("identityStoreId");
  if (typeof identityStoreId === "string") return { ok: false, message: identityStoreId };
  const workflowRequestId = id("workflowRequestId");
  if (typeof workflowRequestId === "string") return { ok: false, message: workflowRequestId };
  const decision = typeof body.decision === "string" ? body.decision.toLowerCase() : undefined;
  if (decision !== "approve" && decision !== "deny")
    return { ok: false, message: '"decision" must be "approve" or "deny"' };
  if (typeof body.decisionToken !== "string" || body.decisionToken === "") {
    return { ok: false, message: '"decisionToken" must be the x-relay-decision-token the relay sent with the event' };
  }
  if (body.reason !== undefined && (typeof body.reason !== "string" || body.reason.length > MAX_REASON_CHARS)) {
    return { ok: false, message: `"reason" must be a string of at most ${MAX_REASON_CHARS} characters` };
  }
  return {
    ok: true,
    token: body.decisionToken,
    decision: {
      identityStoreId,
      workflowRequestId,
      decision,
      ...(typeof body.reason === "string" ? { reason: body.reason } : {}),
    },
  };
}

export async function receiveDecision(
  request: IncomingRequest,
  deps: RelayDeps,
  correlationId: string,
): Promise<RelayResponse> {
  const headers = { [CORRELATION_HEADER]: correlationId };
  const reject = (status: number, code: string, message: string) => {
    deps.logger.log({ event: "decision.rejected", level: "warn", correlationId, outcome: code, status });
    return errorResponse(status, code, message, headers);
  };
  const client = deps.directoryManager;
  const settings = deps.settings.decisions;
  if (deps.settings.decisionProblems.length > 0)
    return reject(
      503,
      "decisions_unavailable",
      "decisions are not available: the relay's decision settings are missing or invalid (GET /api/health/details names them)",
    );
  if (!client || !settings)
    return reject(404, "decisions_disabled", "the decisions endpoint is not enabled (RELAY_DECISIONS_ENABLED)");
  if (!sameSecret(request.headers.get(DECISIONS_KEY_HEADER) ?? "", settings.decisionsKey)) {
    return reject(
      401,
      "decisions_key_invalid",
      `${DECISIONS_KEY_HEADER} is missing or wrong (RELAY_DECISIONS_KEY; not the function key Directory Manager uses)`,
    );
  }
  const read = await readJsonObject(request, deps.settings);
  if (!read.ok) return reject(read.status, read.code, read.message);
  const checked = checkDecision(read.body);
  if (!checked.ok) return reject(400, "invalid_decision", checked.message);
  const { identityStoreId, workflowRequestId } = checked.decision;
  if (identityStoreId !== settings.identityStoreId) {
    return reject(
      403,
      "identity_store_not_allowed",
      `decisions are accepted only for identity store ${settings.identityStoreId}`,
    );
  }
  const token = checkDecisionToken(
    settings.tokenKeys,
    checked.token,
    identityStoreId,
    workflowRequestId,
    deps.clock.now(),
  );
  if (token.result === "expired")
    return reject(
      403,
      "decision_token_expired",
      "the decision token has expired; the request must be decided in Directory Manager",
    );
  if (token.result !== "valid")
    return reject(
      403,
      "invalid_decision_token",
      `"decisionToken" is not the token the relay sent with workflow request ${workflowRequestId}`,
    );
  const { claims } = token;
  const record: DecisionRecord = {
    identityStoreId,
    workflowRequestId,
    decision: checked.decision.decision,
    route: claims.route,
    tokenEventId: claims.eventId,
    decisionId: deps.newId(),
    correlationId,
    decidedAt: new Date(deps.clock.now()).toISOString(),
  };
  // Recorded before anything is queued or relayed: of two decisions, the first recorded wins.
  const repeatOrRefusal = await recordFirstDecision(record, deps, headers);
  if (repeatOrRefusal) return repeatOrRefusal;
  const message: DecisionMessage = {
    kind: "decision",
    correlationId,
    eventId: record.decisionId,
    decision: checked.decision,
    route: claims.route,
    tokenEventId: claims.eventId,
    expires: claims.expires,
    attempts: 0,
    syncAttempts: 0,
    firstSeenAt: record.decidedAt,
  };
  const result = await deliverOrQueue(
    message,
    (timeoutMs) => client.deliver(checked.decision, correlationId, timeoutMs),
    deps,
    { event: "decision.received", route: claims.route },
  );
  // Not kept anywhere: forget the record too, so the flow's retry of this decision is not taken for a repeat.
  if (result.kind === "not_queued") await deps.decisionRecords.release(record).catch(() => undefined);
  if (result.kind !== "delivered")
    return notDeliveredResponse(result, correlationId, headers, "directory_manager_rejected");
  return jsonResponse(
    200,
    {
      status: "delivered",
      correlationId,
      decisionId: record.decisionId,
      directoryManagerStatus: result.answer.status,
    },
    headers,
  );
}
