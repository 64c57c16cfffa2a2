/**
 * The generated flow against the relay itself: the events the relay forwards (the built bundle,
 * with and without enrichment; the relay's redelivery of a claim-checked event) match the flow's
 * trigger schemas, which refuse what the relay never sends; and the decision the flow renders for
 * each approval outcome is accepted by the bundle's /api/decisions and reaches (fake) Directory
 * Manager as Approve or Deny. Names in contract/flow-request.ts are checked against the relay's.
 */
import https from "node:https";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import {
  DECISIONS_ENDPOINT,
  DEFAULT_ENRICHMENT_KEY,
  FLOW_REQUEST_HEADERS,
  flowTriggerBodySchema,
  flowTriggerHeadersSchema,
} from "../../contract/flow-request";
import { RELAY_QUEUES } from "../../contract/relay-settings";
import { ACTION, APPROVAL_TIMEOUT_DAYS, flowClientData, TRIGGER } from "../../cli/flow-template/flow-definition";
import type { HttpAction } from "../../cli/flow-template/workflow-model";
import { CORRELATION_HEADER, EVENT_ID_HEADER } from "../../relay/correlation";
import { DECISION_TOKEN_HEADER, DECISION_TOKEN_TTL_SECONDS } from "../../relay/decision-token";
import { DECISIONS_KEY_HEADER } from "../../relay/http/decisions";
import { SETTING_DEFAULTS } from "../../relay/settings/settings";
import { loadFunctionApp, type LoadedFunctionApp } from "../relay/support/functions-host";
import { DECISIONS, SALES_SITE, jsonRequest, startHarness, type Harness } from "../relay/support/relay-harness";
import type { ReceivedRequest } from "../relay/support/fake-flow";
import { testAgent } from "../relay/support/test-tls";
import { evaluate } from "./support/flow-expressions";
import { schemaProblems } from "./support/json-schema-check";
import { relayBundleCopy } from "../support/relay-bundle";

// Building the bundle and starting Azurite take a few seconds on a busy machine.
jest.setTimeout(60_000);

const route = { key: "create-user", displayName: "Create User", auth: "sig" } as const;
const flow = flowClientData(
  {
    environment: "test",
    identityStoreId: DECISIONS.identityStoreId,
    enrichmentKey: DEFAULT_ENRICHMENT_KEY,
    routes: [route],
  },
  route,
).properties.definition;
const trigger = flow.triggers[TRIGGER].inputs;

let h: Harness;
let app: LoadedFunctionApp;
let outDir: string;
const defaultAgent = https.globalAgent;

beforeAll(async () => {
  outDir = relayBundleCopy("flow-template-relay-");
  h = await startHarness();
  https.globalAgent = testAgent();
  const env = Object.fromEntries(Object.entries(h.env()).filter((e): e is [string, string] => e[1] !== undefined));
  const console = jest.spyOn(global.console, "log").mockImplementation(() => undefined);
  try {
    app = loadFunctionApp(outDir, env, () => undefined);
  } finally {
    console.mockRestore();
  }
});
beforeEach(() => h.clear());
afterAll(async () => {
  https.globalAgent.destroy();
  https.globalAgent = defaultAgent;
  await h?.close();
  rmSync(outDir, { recursive: true, force: true });
});

/** Posts an event through the bundle's flowEvent registration and returns what the flow received. */
async function forwarded(event: unknown): Promise<ReceivedRequest> {
  const res = await app.invokeHttp("flowEvent", {
    method: "POST",
    path: "flows/create-user",
    params: { route: "create-user" },
    headers: { "content-type": "application/json" },
    body: JSON.stringify(event),
  });
  expect(res.status).toBe(202);
  expect(h.flow.received).toHaveLength(1);
  return h.flow.received[0];
}

const headersOf = (request: ReceivedRequest) =>
  Object.fromEntries(Object.entries(request.headers).filter((e): e is [string, string] => typeof e[1] === "string"));

const accepted = (request: ReceivedRequest) => [
  ...schemaProblems(trigger.schema, request.body),
  ...schemaProblems(trigger.headersSchema ?? {}, headersOf(request)),
];

describe("contract/flow-request.ts names what the relay uses", () => {
  test("header names, the decisions key header, the default enrichment key, the decisions path", () => {
    expect(FLOW_REQUEST_HEADERS).toEqual({
      eventId: EVENT_ID_HEADER,
      clientTrackingId: CORRELATION_HEADER,
      decisionToken: DECISION_TOKEN_HEADER,
    });
    expect(DECISIONS_ENDPOINT.keyHeader).toBe(DECISIONS_KEY_HEADER);
    expect(DEFAULT_ENRICHMENT_KEY).toBe(SETTING_DEFAULTS.enrichmentKey);
    const http = Object.values(app.functions.get("decision") ?? {}).find((b) => b.type === "httpTrigger");
    expect(`/api/${http?.route}`).toBe(DECISIONS_ENDPOINT.path);
    // The flow's trigger carries the contract's schemas, built for the configured enrichment key.
    expect(trigger.schema).toEqual(flowTriggerBodySchema(DEFAULT_ENRICHMENT_KEY));
    expect(trigger.headersSchema).toEqual(flowTriggerHeadersSchema());
  });

  test("the approval gives up before the decision token expires", () => {
    expect(APPROVAL_TIMEOUT_DAYS * 24 * 3600).toBeLessThan(DECISION_TOKEN_TTL_SECONDS);
    expect(flow.actions[ACTION.approval].limit).toEqual({ timeout: `P${APPROVAL_TIMEOUT_DAYS}D` });
  });
});

describe("the trigger schemas accept what the relay forwards", () => {
  test.each([
    ["enriched, with a workflow request (decision token)", { department: "sales", workflowRequestId: 41 }, true],
    ["no department (not enriched), request id as digits", { workflowRequestId: "42", objectName: "ann" }, true],
    ["an unknown department", { department: "Nowhere", workflowRequestId: 43 }, true],
    ["no workflow request (no token)", { eventType: "UserCreated" }, false],
    [
      "Directory Manager's members of other types, forwarded as they are",
      { department: 7, workflowRequestId: null },
      false,
    ],
  ])("%s", async (_name, event, token) => {
    const request = await forwarded(event);
    expect(accepted(request)).toEqual([]);
    const body = request.body as Record<string, unknown>;
    if ("department" in event && event.department === "sales")
      expect(body[DEFAULT_ENRICHMENT_KEY]).toEqual({ department: "Sales", ...SALES_SITE });
    expect(request.headers[DECISION_TOKEN_HEADER] !== undefined).toBe(token);
  });

  test("a claim-checked event, redelivered from its payload blob by the relay's queue trigger", async () => {
    h.flow.otherwise({ status: 503 });
    const relay = h.relay();
    const event = { department: "Sales", workflowRequestId: 44, pad: randomBytes(450 * 1024).toString("base64") };
    const res = await relay.flowEvent("create-user", jsonRequest(JSON.stringify(event)));
    expect([res.status, JSON.parse(res.body).status]).toEqual([202, "queued"]);
    // Queued by claim check: the message names a payload blob instead of carrying the event.
    const { peekedMessageItems } = await h.storage.queue(RELAY_QUEUES.flowEvents).peekMessages();
    const queued = JSON.parse(Buffer.from(peekedMessageItems[0].messageText, "base64").toString("utf8"));
    expect([queued.payloadBlob, queued.body]).toEqual([expect.any(String), undefined]);
    h.flow.otherwise({ status: 202 });
    expect(await h.trigger(relay, RELAY_QUEUES.flowEvents)).toBe(1);
    const delivered = h.flow.received.filter((r) => r.accepted);
    expect(delivered).toHaveLength(1);
    expect(accepted(delivered[0])).toEqual([]);
    expect((delivered[0].body as Record<string, unknown>)[DEFAULT_ENRICHMENT_KEY]).toMatchObject({
      siteUrl: SALES_SITE.siteUrl,
    });
  });
});

describe("the trigger schemas refuse what the relay never sends", () => {
  const headers = { [EVENT_ID_HEADER]: "e", [CORRELATION_HEADER]: "c" };
  test.each([
    ["a body that is not an object", [{ a: 1 }], headers],
    ["a text body", "hello", headers],
    ["an enrichment with a site that is not https", { sharePointSite: { siteUrl: "http://x" } }, headers],
    ["an enrichment with a group id that is not a GUID", { sharePointSite: { groupObjectId: "admins" } }, headers],
    ["no event id header", { a: 1 }, { [CORRELATION_HEADER]: "c" }],
    ["an empty decision token", { a: 1 }, { ...headers, [DECISION_TOKEN_HEADER]: "" }],
  ])("%s", (_name, body, sent) => {
    expect([...schemaProblems(trigger.schema, body), ...schemaProblems(trigger.headersSchema ?? {}, sent)]).not.toEqual(
      [],
    );
    // The same headers and body with the fault removed pass: the refusal is for that fault.
    expect(schemaProblems(trigger.headersSchema ?? {}, headers)).toEqual([]);
  });
});

describe("the decision the flow renders passes the bundle's /api/decisions", () => {
  const parameters = (decisionsKey: string) =>
    Object.fromEntries(
      Object.entries(flow.parameters).map(([name, p]) => [
        name,
        p.metadata?.schemaName === "dmflow_RelayDecisionsKey"
          ? decisionsKey
          : p.metadata?.schemaName === "dmflow_RelayDecisionsUrl"
            ? "https://dmflow-test-relay.azurewebsites.net/api/decisions"
            : p.metadata?.schemaName === "dmflow_RelayFunctionKey"
              ? "function-key-SECRET"
              : p.defaultValue,
      ]),
    );

  test.each([
    ["approved", ACTION.sendDecision, { outcome: "Approve", responses: [{ comments: "fine" }] }, "Approve", "fine"],
    [
      "rejected without a comment",
      ACTION.sendDecision,
      { outcome: "Reject", responses: [{ comments: null }] },
      "Deny",
      "",
    ],
    [
      "rejected with a long comment",
      ACTION.sendDecision,
      { outcome: "Reject", responses: [{ comments: "x".repeat(5000) }] },
      "Deny",
      "x".repeat(2000),
    ],
    [
      "nobody answered in time",
      ACTION.denyUnanswered,
      undefined,
      "Deny",
      `Nobody answered the approval within ${APPROVAL_TIMEOUT_DAYS} days.`,
    ],
  ])("%s", async (_name, actionName, approval, dmAction, reason) => {
    const request = await forwarded({ department: "Sales", workflowRequestId: 41 });
    const action = flow.actions[actionName] as HttpAction;
    const inputs = evaluate(action.inputs, {
      triggerBody: request.body,
      triggerHeaders: headersOf(request),
      bodies: approval === undefined ? {} : { [ACTION.approval]: approval },
      parameters: parameters(DECISIONS.decisionsKey),
    }) as { uri: string; headers: Record<string, string>; body: Record<string, unknown> };
    expect(new URL(inputs.uri).pathname).toBe(DECISIONS_ENDPOINT.path);
    expect(inputs.headers[DECISIONS_ENDPOINT.functionKeyHeader]).toBe("function-key-SECRET");
    const res = await app.invokeHttp("decision", {
      method: "POST",
      path: "decisions",
      headers: inputs.headers,
      body: JSON.stringify(inputs.body),
    });
    expect([res.status, JSON.parse(res.body).status]).toEqual([200, "delivered"]);
    expect(h.dm.calls).toEqual([
      expect.objectContaining({
        identityStoreId: DECISIONS.identityStoreId,
        action: dmAction,
        body: expect.objectContaining({ workflowRequestID: 41 }),
      }),
    ]);
    expect(inputs.body.reason).toBe(reason);
  });

  test("a rendered decision with the wrong decisions key, or for another request's token, is refused", async () => {
    const request = await forwarded({ department: "Sales", workflowRequestId: 41 });
    const render = (key: string, body: unknown) =>
      evaluate((flow.actions[ACTION.sendDecision] as HttpAction).inputs, {
        triggerBody: body,
        triggerHeaders: headersOf(request),
        bodies: { [ACTION.approval]: { outcome: "Approve", responses: [] } },
        parameters: parameters(key),
      }) as { headers: Record<string, string>; body: unknown };
    const send = (r: { headers: Record<string, string>; body: unknown }) =>
      app.invokeHttp("decision", {
        method: "POST",
        path: "decisions",
        headers: r.headers,
        body: JSON.stringify(r.body),
      });
    expect((await send(render("wrong-key-0123456789abcdef0123456789", request.body))).status).toBe(401);
    expect((await send(render(DECISIONS.decisionsKey, { workflowRequestId: 99 }))).status).toBe(403);
    expect(h.dm.calls).toEqual([]);
  });
});
