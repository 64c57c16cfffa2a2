/**
 * Thin adapters between the Functions host (@azure/functions v4) and the relay's plain functions.
 */
import type { HttpHandler, HttpRequest, HttpResponseInit, StorageQueueHandler } from "@azure/functions";
import type { Relay } from "./relay-app";
import type { RelayResponse } from "./http/relay-response";

export interface RelayHandlers {
  readonly flowEvent: HttpHandler;
  readonly decision: HttpHandler;
  readonly health: HttpHandler;
  readonly queuedMessage: StorageQueueHandler;
}

function toHttpResponse(response: RelayResponse): HttpResponseInit {
  return { status: response.status, headers: { ...response.headers }, body: response.body };
}

export function relayHandlers(relay: Relay): RelayHandlers {
  return {
    flowEvent: async (request: HttpRequest) => toHttpResponse(await relay.flowEvent(request.params.route ?? "", request)),
    decision: async (request: HttpRequest) => toHttpResponse(await relay.decision(request)),
    health: async () => toHttpResponse(relay.health()),
    queuedMessage: async (message: unknown) => {
      await relay.queuedMessage(message);
    },
  };
}
