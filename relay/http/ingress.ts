/**
 * POST /api/flows/{route}: Directory Manager's event for one workflow route, checked, enriched and
 * forwarded to the route's flow (or queued). Bad input gets a 4xx naming the problem and goes nowhere.
 */
import { CORRELATION_HEADER, EVENT_ID_HEADER } from "../correlation";
import { deliverOrQueue } from "../delivery/deliver-or-queue";
import { enrich } from "./enrichment";
import { forwardToFlow } from "../delivery/flow-forwarder";
import type { FlowEventMessage } from "../storage/messages";
import type { RelayDeps } from "../relay-deps";
import { errorResponse, notDeliveredResponse, type RelayResponse } from "./relay-response";
import { readJsonObject, type IncomingRequest } from "./request-body";
import { issueDecisionToken } from "../decision-token";
import { resolvePointer } from "../settings/json-pointer";

export async function receiveFlowEvent(
  routeKey: string,
  request: IncomingRequest,
  deps: RelayDeps,
  correlationId: string,
): Promise<RelayResponse> {
  const headers = { [CORRELATION_HEADER]: correlationId };
  const route = deps.settings.routes.get(routeKey);
  if (!route) {
    deps.logger.log({
      event: "flow_event.rejected",
      level: "warn",
      correlationId,
      outcome: "route_not_found",
      status: 404,
    });
    return errorResponse(404, "route_not_found", `no route named "${routeKey.slice(0, 100)}" is configured`, headers);
  }
  const read = await readJsonObject(request, deps.settings);
  if (!read.ok) {
    deps.logger.log({
      event: "flow_event.rejected",
      level: "warn",
      correlationId,
      route: route.key,
      outcome: read.code,
      status: read.status,
    });
    return errorResponse(read.status, read.code, read.message, headers);
  }
  const eventId = deps.newId();
  const enrichment = enrich(read.text, read.body, deps.settings);
  if (enrichment.outcome === "key_supplied" || enrichment.outcome === "ambiguous_department") {
    const supplied = enrichment.outcome === "key_supplied";
    const code = supplied ? "enrichment_key_supplied" : "ambiguous_department";
    deps.logger.log({
      event: "flow_event.rejected",
      level: "warn",
      correlationId,
      route: route.key,
      outcome: code,
      status: 400,
      keys: enrichment.keys,
    });
    const message = supplied
      ? `the event has its own "${enrichment.keys[0].slice(0, 100)}"; that key is the relay's (RELAY_ENRICHMENT_KEY), so it is refused`
      : `the event has ${enrichment.keys.length} department keys differing only in case; send one`;
    return errorResponse(400, code, message, headers);
  }
  if (enrichment.outcome === "unknown_department") {
    deps.logger.log({
      event: "flow_event.not_enriched",
      level: "warn",
      correlationId,
      eventId,
      route: route.key,
      outcome: enrichment.outcome,
      department: enrichment.department,
    });
  }
  const decisionToken = decisionTokenFor(read.body, route.key, eventId, deps);
  const message: FlowEventMessage = {
    kind: "flow-event",
    correlationId,
    eventId,
    ...(decisionToken ? { decisionToken } : {}),
    route: route.key,
    body: enrichment.text,
    attempts: 0,
    syncAttempts: 0,
    firstSeenAt: new Date(deps.clock.now()).toISOString(),
  };
  const result = await deliverOrQueue(
    message,
    (timeoutMs) => forwardToFlow(route, message, timeoutMs, deps.http, deps.clock, deps.flowToken),
    deps,
    { event: "flow_event.received", route: route.key },
  );
  const answerHeaders = { ...headers, [EVENT_ID_HEADER]: eventId };
  if (result.kind !== "delivered") return notDeliveredResponse(result, correlationId, answerHeaders, "flow_rejected");
  // The flow's own answer, status and body; of its headers only the content type is passed on.
  const contentType = result.answer.headers["content-type"];
  return {
    status: result.answer.status,
    headers: { ...(contentType ? { "content-type": contentType } : {}), ...answerHeaders },
    body: result.answer.body,
  };
}

/** A token for the event's workflow request (RELAY_WORKFLOW_REQUEST_POINTER), when decisions are on and it has one. */
function decisionTokenFor(
  event: Record<string, unknown>,
  route: string,
  eventId: string,
  deps: RelayDeps,
): string | undefined {
  const decisions = deps.settings.decisions;
  if (!decisions) return undefined;
  const pointer = decisions.workflowRequestPointer;
  const key =
    pointer === undefined ? Object.keys(event).find((k) => k.toLowerCase() === "workflowrequestid") : undefined;
  const value = pointer !== undefined ? resolvePointer(event, pointer) : key !== undefined ? event[key] : undefined;
  const id = typeof value === "string" && /^[1-9]\d{0,15}$/.test(value) ? Number(value) : value;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0) return undefined;
  const claims = { route, eventId, identityStoreId: decisions.identityStoreId, workflowRequestId: id };
  return issueDecisionToken(decisions.tokenKeys[0], claims, deps.clock.now());
}
