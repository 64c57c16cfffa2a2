import { HttpRequest, InvocationContext } from "@azure/functions";
import { RELAY_QUEUES, RELAY_SETTINGS } from "../../contract/relay-settings";
import { relayHandlers } from "../../relay/functions";
import { hostSink } from "../../relay/logging";
import { FLOW_SIG } from "./support/fake-flow";
import { issueDecisionToken } from "../../relay/decision-token";
import { DECISIONS, useHarness, type Harness } from "./support/relay-harness";

let h: Harness;
useHarness((started) => (h = started));

const context = () => new InvocationContext({ functionName: "test", logHandler: () => undefined });
const post = (path: string, body: string, params: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  new HttpRequest({
    method: "POST",
    url: `https://relay-fn.azurewebsites.net/api/${path}?code=FUNCTIONKEY-abcdef123456`,
    body: { string: body },
    headers: { "content-type": "application/json", "x-ms-client-tracking-id": "adapter-1", ...headers },
    params,
  });

describe("the @azure/functions handlers", () => {
  test("flows/{route}: the HttpRequest reaches the flow and the flow's answer comes back as the HttpResponse", async () => {
    h.flow.next({ status: 200, body: '{"ok":true}' });
    const res = await relayHandlers(h.relay()).flowEvent(
      post("flows/create-user", '{"department":"Sales"}', { route: "create-user" }),
      context(),
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe('{"ok":true}');
    expect(res.headers).toMatchObject({ "x-ms-client-tracking-id": "adapter-1", "content-type": "application/json" });
    expect(h.flow.received.at(-1)?.body).toMatchObject({
      department: "Sales",
      sharePointSite: { department: "Sales" },
    });
  });

  test("flows/{route}: an unknown route param is a 404 JSON error", async () => {
    const res = await relayHandlers(h.relay()).flowEvent(post("flows/nope", "{}", { route: "nope" }), context());
    expect(res.status).toBe(404);
    expect(JSON.parse(String(res.body)).error.code).toBe("route_not_found");
  });

  test("decisions: approve through the HttpRequest type", async () => {
    const decisionToken = issueDecisionToken(
      DECISIONS.tokenKey,
      { route: "create-user", eventId: "event-77", identityStoreId: 2, workflowRequestId: 77 },
      Date.now(),
    );
    const body = JSON.stringify({ identityStoreId: 2, workflowRequestId: 77, decision: "approve", decisionToken });
    const res = await relayHandlers(h.relay()).decision(
      post("decisions", body, {}, { "x-relay-decisions-key": DECISIONS.decisionsKey }),
      context(),
    );
    expect(res.status).toBe(200);
    expect(h.dm.calls.at(-1)).toMatchObject({ identityStoreId: 2, action: "Approve", body: { workflowRequestID: 77 } });
  });

  test("health: anonymous GET says only up; the keyed details report version and configuration, no secret", async () => {
    const get = new HttpRequest({ method: "GET", url: "https://relay-fn.azurewebsites.net/api/health" });
    const handlers = relayHandlers(h.relay());
    const res = await handlers.health(get, context());
    expect(res.status).toBe(200);
    expect(JSON.parse(String(res.body))).toEqual({ status: "up" });
    const details = await handlers.healthDetails(
      new HttpRequest({ method: "GET", url: "https://relay-fn.azurewebsites.net/api/health/details" }),
      context(),
    );
    expect(JSON.parse(String(details.body))).toEqual({
      status: "up",
      version: "1.2.3-test",
      configured: true,
      routes: ["create-user"],
      enrichment: true,
      decisions: true,
    });
    expect(String(details.body)).not.toMatch(/sig|SECRET|dmtoken/);
  });

  test("health: a broken configuration is 503 with the bad settings named, values withheld", async () => {
    const relay = h.relay({
      FLOW_URL_CREATE_USER: h.flow.url.replace("https:", "http:"),
      [RELAY_SETTINGS.directoryManagerPassword]: undefined,
    });
    const anonymous = await relayHandlers(relay).health(
      new HttpRequest({ method: "GET", url: "https://x/api/health" }),
      context(),
    );
    expect([anonymous.status, JSON.parse(String(anonymous.body))]).toEqual([503, { status: "down" }]);
    const res = await relayHandlers(relay).healthDetails(
      new HttpRequest({ method: "GET", url: "https://x/api/health/details" }),
      context(),
    );
    expect(res.status).toBe(503);
    const body = JSON.parse(String(res.body));
    expect(body).toMatchObject({ status: "down", configured: false, version: "1.2.3-test" });
    // The decision settings' problems do not switch the relay off; only the flow URL's does.
    expect(body.problems.map((p: { setting: string }) => p.setting)).toEqual(["FLOW_URL_CREATE_USER"]);
    expect(String(res.body)).not.toContain("sig=");
    const flowRes = await relayHandlers(relay).flowEvent(
      post("flows/create-user", "{}", { route: "create-user" }),
      context(),
    );
    expect(flowRes.status).toBe(503);
    expect(JSON.parse(String(flowRes.body)).error.code).toBe("configuration_invalid");
  });

  test("every line logged during an invocation carries its invocation id and goes through its context at the line's level", async () => {
    const records: { level: string; line: string }[] = [];
    const invocation = (invocationId: string) =>
      new InvocationContext({
        invocationId,
        functionName: "flowEvent",
        logHandler: (level, ...args) => records.push({ level, line: String(args[0]) }),
      });
    // The relay's default sink for lines inside an invocation; start-up lines (no invocation) are dropped here.
    const relay = h.relay({}, { logSink: (line, level, inv) => inv && hostSink(line, level, inv) });
    const handlers = relayHandlers(relay);
    h.flow.next({ status: 202 }, { status: 404 });
    await handlers.flowEvent(post("flows/create-user", "{}", { route: "create-user" }), invocation("inv-delivered"));
    await handlers.flowEvent(post("flows/create-user", "{}", { route: "create-user" }), invocation("inv-refused"));
    expect(records.map((r) => ({ hostLevel: r.level, line: JSON.parse(r.line) }))).toEqual([
      {
        hostLevel: "information",
        line: expect.objectContaining({
          invocationId: "inv-delivered",
          event: "flow_event.received",
          outcome: "delivered",
          level: "info",
        }),
      },
      {
        hostLevel: "error",
        line: expect.objectContaining({
          invocationId: "inv-refused",
          event: "flow_event.received",
          outcome: "poisoned",
          level: "error",
        }),
      },
    ]);
    expect(records.map((r) => r.line).join("\n")).not.toContain(FLOW_SIG);
  });

  test("queue trigger: the host's decoded message is redelivered", async () => {
    const message = {
      kind: "flow-event",
      correlationId: "from-queue",
      route: "create-user",
      event: { q: 1 },
      attempts: 1,
      syncAttempts: 3,
      firstSeenAt: new Date().toISOString(),
    };
    h.flow.next({ status: 202 });
    await relayHandlers(h.relay()).queuedMessage(message, context());
    expect(h.flow.received.at(-1)).toMatchObject({ body: { q: 1 }, accepted: true });
    expect(h.flow.received.at(-1)?.headers["x-ms-client-tracking-id"]).toBe("from-queue");
    expect((await h.storage.queue(RELAY_QUEUES.flowEvents).getProperties()).approximateMessagesCount).toBe(0);
  });
});
