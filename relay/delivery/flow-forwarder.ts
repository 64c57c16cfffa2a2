/** One try at posting an event to a route's flow, with the correlation id as the run's tracking id. */
import type { Clock } from "../clock";
import type { RelayRoute } from "../settings/routes";
import { CORRELATION_HEADER } from "../correlation";
import { outcomeOfAnswer, outcomeOfFailure, type DeliveryOutcome } from "./delivery-outcome";
import type { HttpClient } from "./http-client";

export async function forwardToFlow(
  route: RelayRoute,
  event: Record<string, unknown>,
  correlationId: string,
  timeoutMs: number,
  http: HttpClient,
  clock: Clock,
): Promise<DeliveryOutcome> {
  try {
    const answer = await http({
      url: route.flowUrl,
      method: "POST",
      headers: { "content-type": "application/json", [CORRELATION_HEADER]: correlationId },
      body: JSON.stringify(event),
      timeoutMs,
    });
    return outcomeOfAnswer(answer, "the flow", clock.now());
  } catch (error) {
    return outcomeOfFailure(error, "the flow");
  }
}
