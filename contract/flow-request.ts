/**
 * What the relay hands a route's flow and what the flow sends back to /api/decisions: header and
 * field names, and the JSON schemas of the flow's HTTP trigger. The relay's own constants are
 * checked against these (test/cli/flow-template-contract.test.ts), and `dmflow flow-template`
 * builds the flow from them, so the flow and the relay cannot drift apart.
 */
/** Headers on every request the relay posts to a flow (relay/delivery/flow-forwarder.ts). */
export const FLOW_REQUEST_HEADERS = {
  /** The relay's id of the event, the same on every redelivery (relay/correlation.ts). */
  eventId: "x-relay-event-id",
  /** The correlation id; Power Automate records it as the run's client tracking id. */
  clientTrackingId: "x-ms-client-tracking-id",
  /** Only on workflow requests when decisions are on: the token the flow echoes (relay/decision-token.ts). */
  decisionToken: "x-relay-decision-token",
} as const;

/**
 * The audience of the token a flow's HTTP trigger takes in place of a `sig` when set to accept Entra
 * tokens ("must be exactly", learn.microsoft.com/power-automate/oauth-authentication).
 */
export const FLOW_ENTRA_AUDIENCE = "https://service.flow.microsoft.com/";

/** The top-level member enrichment adds when RELAY_ENRICHMENT_KEY is not set (relay/settings/settings.ts). */
export const DEFAULT_ENRICHMENT_KEY = "sharePointSite";

/** POST /api/decisions (relay/http/decisions.ts): its path, credential header and body fields. */
export const DECISIONS_ENDPOINT = {
  path: "/api/decisions",
  /** The flow's own credential (RELAY_DECISIONS_KEY). */
  keyHeader: "x-relay-decisions-key",
  /** Azure Functions takes the function key in this header as well as in ?code= (function-level auth). */
  functionKeyHeader: "x-functions-key",
  decisions: ["approve", "deny"] as const,
  maxReasonChars: 2000,
} as const;

/** The body of a decision; the relay checks exactly these names. */
export interface DecisionBody {
  readonly identityStoreId: number;
  readonly workflowRequestId: number;
  readonly decision: (typeof DECISIONS_ENDPOINT.decisions)[number];
  readonly reason?: string;
  readonly decisionToken: string;
}

/** The JSON-schema subset the trigger schemas use (draft 4, what Power Automate's trigger takes). */
export interface JsonSchema {
  readonly type?: "object" | "string" | "integer" | "number" | "boolean" | "array" | readonly string[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly pattern?: string;
  readonly minLength?: number;
}

/**
 * The body: Directory Manager's event as it came (any object; its members are Directory Manager's),
 * with the department's site added under the enrichment key when enrichment is on. Named members
 * are the ones the relay reads; the flow's designer shows them as dynamic content. Directory
 * Manager's own members get no type: the relay forwards whatever they hold, so the flow must take
 * it. (An event that already has a member under the enrichment key is forwarded untouched and
 * logged as key_taken; that member is Directory Manager's, not this shape.)
 */
export function flowTriggerBodySchema(enrichmentKey = DEFAULT_ENRICHMENT_KEY): JsonSchema {
  return {
    type: "object",
    properties: {
      workflowRequestId: { description: "Directory Manager's workflow request id (what a decision answers)" },
      department: { description: "the department enrichment matches on" },
      [enrichmentKey]: {
        type: "object",
        description: "added by the relay when the department has a site (absent otherwise)",
        properties: {
          department: { type: "string" },
          siteUrl: { type: "string", pattern: "^https://" },
          groupObjectId: { type: "string", pattern: "^[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$" },
        },
      },
    },
  };
}

/** The headers: the event id and tracking id always, the decision token on workflow requests. */
export function flowTriggerHeadersSchema(): JsonSchema {
  return {
    type: "object",
    properties: {
      [FLOW_REQUEST_HEADERS.eventId]: { type: "string", minLength: 1 },
      [FLOW_REQUEST_HEADERS.clientTrackingId]: { type: "string", minLength: 1 },
      [FLOW_REQUEST_HEADERS.decisionToken]: { type: "string", minLength: 1 },
    },
    required: [FLOW_REQUEST_HEADERS.eventId, FLOW_REQUEST_HEADERS.clientTrackingId],
  };
}
