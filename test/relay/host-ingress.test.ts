/**
 * The deployable bundle behind its @azure/functions registrations: built by scripts/build/relay.js,
 * loaded as the Functions worker loads it, and invoked through the library's programming model with
 * the host's RPC messages (support/functions-host.ts), against Azurite and the loopback fakes. The
 * bundle uses the default https agent, so for this file that agent trusts the test CA only and
 * resolves only the test hosts.
 */
import https from "node:https";
import { rmSync } from "node:fs";
import { RELAY_QUEUES } from "../../contract/relay-settings";
import { queueLength, takeAll } from "./support/azurite";
import { loadFunctionApp, type HostRequest, type LoadedFunctionApp } from "./support/functions-host";
import { DECISIONS, SALES_SITE, startHarness, type Harness } from "./support/relay-harness";
import { testAgent } from "./support/test-tls";
import { relayBundleCopy } from "../support/relay-bundle";

// Building the bundle and starting Azurite take a few seconds on a busy machine.
jest.setTimeout(60_000);

let h: Harness;
let app: LoadedFunctionApp;
let outDir: string;
const defaultAgent = https.globalAgent;
const hostLogs: string[] = [];

beforeAll(async () => {
  outDir = relayBundleCopy("relay-host-");
  h = await startHarness();
  https.globalAgent = testAgent();
  const env = Object.fromEntries(Object.entries(h.env()).filter((e): e is [string, string] => e[1] !== undefined));
  // The start-up line goes to the console (there is no invocation yet); keep it out of the test output.
  const console = jest.spyOn(global.console, "log").mockImplementation(() => undefined);
  try {
    app = loadFunctionApp(outDir, env, (_level, message) => hostLogs.push(message));
  } finally {
    console.mockRestore();
  }
});
beforeEach(async () => {
  hostLogs.length = 0;
  await h.clear();
});
afterAll(async () => {
  https.globalAgent.destroy();
  https.globalAgent = defaultAgent;
  await h?.close();
  rmSync(outDir, { recursive: true, force: true });
});

const event = (body: string | Buffer, headers: Record<string, string> = {}): HostRequest => ({
  method: "POST",
  path: "flows/create-user",
  params: { route: "create-user" },
  headers: { "content-type": "application/json", ...headers },
  body,
});
const errorCode = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;

describe("the bundle's registrations", () => {
  test("four HTTP functions (health alone anonymous) and two queue triggers on the relay's queues", () => {
    const http = (name: string) => Object.values(app.functions.get(name) ?? {}).find((b) => b.type === "httpTrigger");
    expect([...app.functions.keys()]).toEqual([
      "flowEvent",
      "decision",
      "health",
      "healthDetails",
      "flowEventRedelivery",
      "decisionRedelivery",
    ]);
    expect(
      ["flowEvent", "decision", "health", "healthDetails"].map((name) => [
        http(name)?.route,
        http(name)?.authLevel,
        http(name)?.methods,
      ]),
    ).toEqual([
      ["flows/{route}", "function", ["POST"]],
      ["decisions", "function", ["POST"]],
      ["health", "anonymous", ["GET"]],
      ["health/details", "function", ["GET"]],
    ]);
    const queues = ["flowEventRedelivery", "decisionRedelivery"].map(
      (name) => Object.values(app.functions.get(name) ?? {}).find((b) => b.type === "queueTrigger")?.queueName,
    );
    expect(queues).toEqual([RELAY_QUEUES.flowEvents, RELAY_QUEUES.decisions]);
  });
});

describe("HTTP ingress through the flowEvent registration", () => {
  test("the flow receives the body byte for byte plus the enrichment member, with the event id the caller gets back", async () => {
    const body = '{"department":"Sales","objectId":9007199254740993,"x":1e400, "name":"M\\u00fcller"}';
    const res = await app.invokeHttp("flowEvent", event(body));
    expect(res.status).toBe(202);
    const site = JSON.stringify({ department: "Sales", ...SALES_SITE });
    expect(h.flow.received.map((r) => r.text)).toEqual([`${body.slice(0, -1)},"sharePointSite":${site}}`]);
    const eventId = h.flow.received[0].headers["x-relay-event-id"];
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers["x-relay-event-id"]).toBe(eventId);
    // The invocation's log line went through the host's context, with no flow signature in it.
    expect(hostLogs.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ event: "flow_event.received", outcome: "delivered", eventId }),
    ]);
    expect(hostLogs.join("\n")).not.toContain("sig=");
  });

  test("hostile bodies are answered 4xx with an error code and reach neither the flow nor a queue", async () => {
    const deep = `{"a":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    const latin1 = Buffer.from('{"name":"M\xfcller"}', "latin1");
    const answers = [
      await app.invokeHttp("flowEvent", event(deep)),
      await app.invokeHttp("flowEvent", event(latin1)),
      await app.invokeHttp("flowEvent", event('{"a":1}', { "content-type": "application/json; charset=iso-8859-1" })),
    ];
    expect(answers.map((r) => [r.status, errorCode(r.body)])).toEqual([
      [400, "json_too_deep"],
      [400, "invalid_utf8"],
      [415, "unsupported_charset"],
    ]);
    expect(h.flow.received).toEqual([]);
    expect(await takeAll(h.storage.queue(RELAY_QUEUES.flowEvents))).toEqual([]);
  });

  test("a throttled flow: the event is kept in Azurite's queue with the event id the caller got, and the answer is 202 queued", async () => {
    h.flow.next({ status: 429, headers: { "retry-after": "3600" } });
    const body = '{"department":"Sales","big":123456789012345678901234567890}';
    const res = await app.invokeHttp("flowEvent", event(body));
    expect([res.status, JSON.parse(res.body).status]).toEqual([202, "queued"]);
    // Held back until the flow's Retry-After, so counted rather than read.
    expect(await queueLength(h.storage.queue(RELAY_QUEUES.flowEvents))).toBe(1);
    expect(hostLogs.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ outcome: "queued", status: 429, eventId: res.headers["x-relay-event-id"] }),
    ]);
  });

  test("anonymous health says up and nothing else", async () => {
    const res = await app.invokeHttp("health", { method: "GET", path: "health" });
    expect([res.status, JSON.parse(res.body)]).toEqual([200, { status: "up" }]);
  });
});

describe("decisions through the decision registration", () => {
  test("the token the flow got with an event decides that request; a forged decision decides nothing", async () => {
    await app.invokeHttp("flowEvent", event('{"department":"Sales","workflowRequestId":4711}'));
    const decisionToken = h.flow.received[0].headers["x-relay-decision-token"];
    expect(decisionToken).toMatch(/^v2\.create-user\./);
    const decide = (body: Record<string, unknown>, key: string = DECISIONS.decisionsKey) =>
      app.invokeHttp("decision", {
        method: "POST",
        path: "decisions",
        headers: { "content-type": "application/json", "x-relay-decisions-key": key },
        body: JSON.stringify(body),
      });

    const forged = [
      await decide(
        { identityStoreId: 9, workflowRequestId: 424242, decision: "approve" },
        "the-ingress-function-key-is-not-this-one",
      ),
      await decide({ identityStoreId: 9, workflowRequestId: 4711, decision: "approve", decisionToken }),
      await decide({
        identityStoreId: DECISIONS.identityStoreId,
        workflowRequestId: 424242,
        decision: "approve",
        decisionToken,
      }),
    ];
    expect(forged.map((r) => [r.status, errorCode(r.body)])).toEqual([
      [401, "decisions_key_invalid"],
      [403, "identity_store_not_allowed"],
      [403, "invalid_decision_token"],
    ]);
    expect(h.dm.calls).toEqual([]);

    const res = await decide({
      identityStoreId: DECISIONS.identityStoreId,
      workflowRequestId: 4711,
      decision: "approve",
      decisionToken,
    });
    expect(res.status).toBe(200);
    expect(h.dm.calls).toEqual([
      expect.objectContaining({
        identityStoreId: DECISIONS.identityStoreId,
        action: "Approve",
        body: expect.objectContaining({ workflowRequestID: 4711 }),
      }),
    ]);
  });
});
