/**
 * Thin adapters between the Functions host (@azure/functions v4) and the relay's plain functions.
 * Each passes the host's InvocationContext on, so the relay's log lines carry the invocation id.
 */
import type {
  HttpHandler,
  HttpRequest,
  HttpResponseInit,
  InvocationContext,
  StorageQueueHandler,
} from "@azure/functions";
import type { RelayResponse } from "./http/relay-response";
import type { Relay } from "./relay-app";

export interface RelayHandlers {
  readonly flowEvent: HttpHandler;
  readonly decision: HttpHandler;
  readonly health: HttpHandler;
  readonly healthDetails: HttpHandler;
  readonly queuedMessage: StorageQueueHandler;
}

function toHttpResponse(response: RelayResponse): HttpResponseInit {
  return { status: response.status, headers: { ...response.headers }, body: response.body };
}

export function relayHandlers(relay: Relay): RelayHandlers {
  return {
    flowEvent: async (request: HttpRequest, context: InvocationContext) =>
      toHttpResponse(await relay.flowEvent(request.params.route ?? "", request, context)),
    decision: async (request: HttpRequest, context: InvocationContext) =>
      toHttpResponse(await relay.decision(request, context)),
    health: async () => toHttpResponse(relay.health()),
    healthDetails: async () => toHttpResponse(relay.healthDetails()),
    queuedMessage: async (message: unknown, context: InvocationContext) => {
      await relay.queuedMessage(message, context);
    },
  };
}
