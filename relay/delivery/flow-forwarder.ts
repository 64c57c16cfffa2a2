/**
 * One try at posting an event to a route's flow: its exact text, the correlation id as the run's
 * tracking id, and the relay's event id (the same on every redelivery of this event).
 */
import type { Clock } from "../clock";
import type { RelayRoute } from "../settings/routes";
import { CORRELATION_HEADER, EVENT_ID_HEADER } from "../correlation";
import { outcomeOfAnswer, outcomeOfFailure, type DeliveryOutcome } from "./delivery-outcome";
import type { HttpClient } from "./http-client";
import { DECISION_TOKEN_HEADER } from "../decision-token";
import { FLOW_TOKEN_SCOPE, type FlowTokenSource } from "./flow-token";

export interface FlowDelivery {
  readonly body: string;
  readonly correlationId: string;
  readonly eventId: string;
  /** Sent as x-relay-decision-token when the event is a workflow request the flow may decide. */
  readonly decisionToken?: string;
}

export async function forwardToFlow(
  route: RelayRoute,
  delivery: FlowDelivery,
  timeoutMs: number,
  http: HttpClient,
  clock: Clock,
  /** Entra mode only: where the bearer token comes from. */
  flowToken?: FlowTokenSource,
): Promise<DeliveryOutcome> {
  let bearer: Record<string, string> = {};
  if (route.auth === "entra") {
    if (!flowToken) return { kind: "transient", error: "the flow: no token source for Entra mode" };
    try {
      bearer = { authorization: `Bearer ${await flowToken(FLOW_TOKEN_SCOPE)}` };
    } catch (error) {
      // Retried like an unreachable flow: the identity endpoint may be briefly unavailable.
      return { kind: "transient", error: `the flow: no Entra token (${(error as Error).message?.split("\n")[0]})` };
    }
  }
  try {
    const answer = await http({
      url: route.flowUrl,
      method: "POST",
      headers: {
        ...bearer,
        ...(delivery.decisionToken ? { [DECISION_TOKEN_HEADER]: delivery.decisionToken } : {}),
        "content-type": "application/json; charset=utf-8",
        [CORRELATION_HEADER]: delivery.correlationId,
        [EVENT_ID_HEADER]: delivery.eventId,
      },
      body: delivery.body,
      timeoutMs,
    });
    return outcomeOfAnswer(answer, "the flow", clock.now());
  } catch (error) {
    return outcomeOfFailure(error, "the flow");
  }
}
