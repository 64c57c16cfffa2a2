/**
 * The contract between the relay function (relay/) and its hosting (FlowRelay): the app setting
 * names the relay reads, the queues it uses, and the shape of its JSON settings. Both sides import
 * this file, so they cannot drift apart. Limits are in relay-limits.ts, flow hosts in flow-hosts.ts.
 */

/** Storage queues the relay uses; FlowRelay creates them, the relay reads and writes them. */
export const RELAY_QUEUES = {
  /** Flow events that could not be forwarded synchronously. */
  flowEvents: "flow-events",
  /** Flow events that failed maxAttempts times, with their last error. */
  flowEventsPoison: "flow-events-poison",
  /** Approve/deny decisions waiting for Directory Manager. */
  decisions: "decisions",
  /** Decisions that failed maxAttempts times, with their last error. */
  decisionsPoison: "decisions-poison",
} as const;

/**
 * Blob container for events too large for a queue message even compressed (the claim check): the
 * relay stores the gzipped event there and queues a small message naming the blob. FlowRelay
 * creates it (private); the relay deletes a blob only after its event was delivered.
 */
export const RELAY_PAYLOAD_CONTAINER = "relay-payloads";

/**
 * Blob container of the first-decision records: one blob per (identity store, workflow request),
 * created with If-None-Match: * before a decision is queued or relayed, so the first decision wins.
 * FlowRelay creates it (private).
 */
export const RELAY_DECISION_CONTAINER = "relay-decisions";

/**
 * The relay's function names (its registrations). Each HTTP function has its own function-level
 * keys: Directory Manager holds flowEvent's, the flows hold decision's, dmflow lists healthDetails'.
 */
export const RELAY_FUNCTIONS = {
  flowEvent: "flowEvent",
  decision: "decision",
  health: "health",
  healthDetails: "healthDetails",
} as const;

/** App setting (environment variable) names the relay reads. */
export const RELAY_SETTINGS = {
  /** JSON: Record<routeKey, RelayRouteSetting>. Required. */
  routes: "RELAY_ROUTES",
  /** JSON: Record<department, RelayDepartmentSetting>. Optional; enrichment is on when set and non-empty. */
  departments: "RELAY_DEPARTMENTS",
  /** JSON pointer (RFC 6901) to the department in the event body. Optional; default: a top-level property named "department", any case. */
  departmentPointer: "RELAY_DEPARTMENT_POINTER",
  /** Top-level key the SharePoint site is added under. Default "sharePointSite". */
  enrichmentKey: "RELAY_ENRICHMENT_KEY",
  /** Largest accepted request body in bytes; see RELAY_LIMITS.maxBodyBytes. */
  maxBodyBytes: "RELAY_MAX_BODY_BYTES",
  /** Deepest JSON nesting accepted in a request body; see RELAY_LIMITS.maxJsonDepth. */
  maxJsonDepth: "RELAY_MAX_JSON_DEPTH",
  /** Deadline of the synchronous forward, in milliseconds; see RELAY_LIMITS.forwardDeadlineMs. */
  forwardDeadlineMs: "RELAY_FORWARD_DEADLINE_MS",
  /** Deliveries tried before a message goes to the poison queue; see RELAY_LIMITS.maxAttempts. */
  maxAttempts: "RELAY_MAX_ATTEMPTS",
  /** Longest Retry-After honoured, in seconds; see RELAY_LIMITS.maxRetryAfterSeconds. */
  maxRetryAfterSeconds: "RELAY_MAX_RETRY_AFTER_SECONDS",
  /** Comma-separated host suffixes a flow URL may point at. Default: the public cloud's hosts (FLOW_HOST_SUFFIXES.public). */
  allowedFlowHostSuffixes: "RELAY_ALLOWED_FLOW_HOST_SUFFIXES",
  /** "true" when the decisions endpoint is configured. */
  decisionsEnabled: "RELAY_DECISIONS_ENABLED",
  /** Directory Manager base URL, e.g. https://dm.example.com (Data Service is under /GroupIDDataService). */
  directoryManagerUrl: "DIRECTORY_MANAGER_URL",
  /** Token endpoint. Default: <DIRECTORY_MANAGER_URL host>:4443/GroupIDSecurityService/connect/token. */
  directoryManagerTokenUrl: "DIRECTORY_MANAGER_TOKEN_URL",
  /** Directory Manager API credentials: Key Vault references in Azure. */
  directoryManagerUsername: "DIRECTORY_MANAGER_USERNAME",
  directoryManagerPassword: "DIRECTORY_MANAGER_PASSWORD",
  directoryManagerClientId: "DIRECTORY_MANAGER_CLIENT_ID",
  directoryManagerClientSecret: "DIRECTORY_MANAGER_CLIENT_SECRET",
  /** The only identity store decisions are accepted for (a positive whole number); required with decisions. */
  directoryManagerIdentityStoreId: "DIRECTORY_MANAGER_IDENTITY_STORE_ID",
  /** HMAC key of the decision tokens (a Key Vault reference, at least 32 characters); required with decisions. */
  decisionTokenKey: "RELAY_DECISION_TOKEN_KEY",
  /** The key before the last rotation, still accepted for tokens already handed out. Optional. */
  decisionTokenPreviousKey: "RELAY_DECISION_TOKEN_PREVIOUS_KEY",
  /** The credential the flow sends as x-relay-decisions-key (a Key Vault reference, at least 32 characters), distinct from the function key Directory Manager holds; required with decisions. */
  decisionsKey: "RELAY_DECISIONS_KEY",
  /**
   * The decision keys' generations, "<token key>.<decisions key>", written by the hosting. The relay
   * does not read it: its change at a rotation restarts the app, which then reads the rotated keys'
   * Key Vault references at once (App Service otherwise refreshes them within 24 hours).
   */
  decisionKeysVersion: "RELAY_DECISION_KEYS_VERSION",
  /** JSON pointer to the workflow request id in an event. Optional; default: a top-level "workflowRequestId", any case. */
  workflowRequestPointer: "RELAY_WORKFLOW_REQUEST_POINTER",
  /** Version reported by /api/health. */
  version: "RELAY_VERSION",
} as const;

/** One route in RELAY_ROUTES. */
export interface RelayRouteSetting {
  /** The workflow route's name in Directory Manager, e.g. "Create User". */
  readonly displayName: string;
  /** Name of the app setting holding the route's flow URL (a Key Vault reference in Azure). */
  readonly flowUrlSetting: string;
  /**
   * How the relay proves itself to the flow: "sig" (default), the URL's signature; "entra", a
   * managed-identity token for FLOW_ENTRA_AUDIENCE, to a trigger set to "Specific users" (the URL
   * then has no sig). Unverified against a real tenant (docs/flow.md, "Entra mode").
   */
  readonly auth?: "sig" | "entra";
}

/** One department in RELAY_DEPARTMENTS. */
export interface RelayDepartmentSetting {
  /** The department's SharePoint site, https://<tenant>.sharepoint.com/sites/<name>. */
  readonly siteUrl: string;
  /** Entra security group that grants access to the site. */
  readonly groupObjectId?: string;
}

/** The app setting that holds a route's flow URL: FLOW_URL_<ROUTE_KEY in upper snake case>. */
export function flowUrlSettingName(routeKey: string): string {
  return `FLOW_URL_${routeKey.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}
