/**
 * The function app's entry point: reads app settings, then registers the relay's functions.
 * Route and queue names come from the contract shared with the hosting construct.
 */
import { app } from "@azure/functions";
import { RELAY_QUEUES } from "../contract/relay-settings";
import { relayHandlers } from "./functions";
import { createRelay } from "./relay-app";

const handlers = relayHandlers(createRelay(process.env));

app.http("flowEvent", {
  route: "flows/{route}",
  methods: ["POST"],
  authLevel: "function",
  handler: handlers.flowEvent,
});
app.http("decision", { route: "decisions", methods: ["POST"], authLevel: "function", handler: handlers.decision });
app.http("health", { route: "health", methods: ["GET"], authLevel: "anonymous", handler: handlers.health });
app.http("healthDetails", {
  route: "health/details",
  methods: ["GET"],
  authLevel: "function",
  handler: handlers.healthDetails,
});
app.storageQueue("flowEventRedelivery", {
  queueName: RELAY_QUEUES.flowEvents,
  connection: "AzureWebJobsStorage",
  handler: handlers.queuedMessage,
});
app.storageQueue("decisionRedelivery", {
  queueName: RELAY_QUEUES.decisions,
  connection: "AzureWebJobsStorage",
  handler: handlers.queuedMessage,
});
