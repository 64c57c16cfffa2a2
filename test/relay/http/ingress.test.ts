import { randomBytes } from "node:crypto";
import { RELAY_QUEUES, RELAY_SETTINGS } from "../../../contract/relay-settings";
import { createHttpsClient } from "../../../relay/delivery/http-client";
import type { FlowEventMessage } from "../../../relay/storage/messages";
import { queueLength, takeAll } from "../support/azurite";
import { FLOW_SIG } from "../support/fake-flow";
import {
  instantSleepClock,
  jsonRequest,
  parsedLogs,
  SALES_SITE,
  useHarness,
  type Harness,
} from "../support/relay-harness";

let h: Harness;
useHarness((started) => (h = started));

const event = { userPrincipalName: "ann@contoso.test", displayName: "Ann", nested: { keep: [1, 2, 3] } };

describe("POST /api/flows/{route}", () => {
  test("passes the event through to the flow and returns the flow's status and body, with the correlation id both ways", async () => {
    h.flow.next({ status: 200, body: '{"runId":"08585"}' });
    const res = await h
      .relay()
      .flowEvent("create-user", jsonRequest(JSON.stringify(event), { "x-ms-client-tracking-id": "dm-req-42" }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ runId: "08585" });
    expect(res.headers["x-ms-client-tracking-id"]).toBe("dm-req-42");
    expect(h.flow.received).toHaveLength(1);
    const got = h.flow.received[0];
    expect(got.body).toEqual(event);
    expect(got.headers["x-ms-client-tracking-id"]).toBe("dm-req-42");
    expect(got.query.get("sig")).toBe(FLOW_SIG);
  });

  test("generates a correlation id when the caller sends none and returns it", async () => {
    const res = await h.relay().flowEvent("create-user", jsonRequest("{}"));
    const id = res.headers["x-ms-client-tracking-id"];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.flow.received[0].headers["x-ms-client-tracking-id"]).toBe(id);
  });

  test("adds the department's SharePoint site under the enrichment key, matching the department in any case", async () => {
    await h.relay().flowEvent("create-user", jsonRequest(JSON.stringify({ ...event, Department: "sales" })));
    expect(h.flow.received[0].body).toEqual({
      ...event,
      Department: "sales",
      sharePointSite: { department: "Sales", ...SALES_SITE },
    });
  });

  test("finds the department with a configured JSON pointer and key", async () => {
    const relay = h.relay({ [RELAY_SETTINGS.departmentPointer]: "/user/dept", [RELAY_SETTINGS.enrichmentKey]: "site" });
    await relay.flowEvent("create-user", jsonRequest(JSON.stringify({ user: { dept: "Sales" } })));
    expect(h.flow.received[0].body).toEqual({ user: { dept: "Sales" }, site: { department: "Sales", ...SALES_SITE } });
  });

  test("forwards an unknown department unchanged and logs it", async () => {
    const body = { ...event, department: "Finance" };
    const res = await h.relay().flowEvent("create-user", jsonRequest(JSON.stringify(body)));
    expect(res.status).toBe(202);
    expect(h.flow.received[0].body).toEqual(body);
    expect(parsedLogs(h.logs)).toContainEqual(
      expect.objectContaining({
        event: "flow_event.not_enriched",
        outcome: "unknown_department",
        department: "Finance",
      }),
    );
  });

  test.each([
    ["unknown route", "delete-user", jsonRequest("{}"), 404, "route_not_found"],
    [
      "wrong content type",
      "create-user",
      jsonRequest("{}", { "content-type": "text/plain" }),
      415,
      "unsupported_media_type",
    ],
    ["declared too large", "create-user", jsonRequest("{}", { "content-length": "2000" }), 413, "body_too_large"],
    [
      "actually too large",
      "create-user",
      jsonRequest(JSON.stringify({ pad: "x".repeat(1100) })),
      413,
      "body_too_large",
    ],
    ["empty", "create-user", jsonRequest(""), 400, "invalid_json"],
    ["not JSON", "create-user", jsonRequest("{department: Sales"), 400, "invalid_json"],
    ["an array", "create-user", jsonRequest("[1,2]"), 400, "body_not_object"],
    ["a string", "create-user", jsonRequest('"hi"'), 400, "body_not_object"],
  ])("rejects %s with a JSON error naming it and forwards nothing", async (_name, route, request, status, code) => {
    const res = await h.relay({ [RELAY_SETTINGS.maxBodyBytes]: "1024" }).flowEvent(route, request);
    expect(res.status).toBe(status);
    const body = JSON.parse(res.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(10);
    expect(h.flow.received).toHaveLength(0);
    expect(await takeAll(h.storage.queue(RELAY_QUEUES.flowEvents))).toEqual([]);
  });

  test("an endless body without a content-length is cut off at the limit while it streams", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(256).fill(0x20));
      },
    });
    const request = {
      ...jsonRequest("{}"),
      body: endless,
      arrayBuffer: () => Promise.reject(new Error("not read whole")),
    };
    const res = await h.relay({ [RELAY_SETTINGS.maxBodyBytes]: "1024" }).flowEvent("create-user", request);
    expect([res.status, JSON.parse(res.body).error.code]).toEqual([413, "body_too_large"]);
    // 1024 bytes of 256-byte chunks: the fifth crosses the limit; the stream may have one chunk queued ahead.
    expect(pulled).toBeLessThanOrEqual(6);
  });

  test("retries quickly after a 500 and a reset connection within the deadline", async () => {
    h.flow.next({ status: 500 }, { reset: true }, { status: 202 });
    const res = await h.relay().flowEvent("create-user", jsonRequest(JSON.stringify(event)));
    expect(res.status).toBe(202);
    expect(res.body).toBe("");
    expect(h.flow.received).toHaveLength(3);
    expect(parsedLogs(h.logs)).toContainEqual(
      expect.objectContaining({ event: "flow_event.received", outcome: "delivered", attempts: 3, status: 202 }),
    );
  });

  test("honours a short Retry-After before the quick retry", async () => {
    h.flow.next({ status: 429, headers: { "retry-after": "1" } }, { status: 202 });
    const waits: number[] = [];
    await h.relay({}, { clock: instantSleepClock(waits) }).flowEvent("create-user", jsonRequest("{}"));
    expect(h.flow.received).toHaveLength(2);
    // The quick retry waited the flow's 1 s, not the 200 ms it would otherwise wait.
    expect(waits).toEqual([1000]);
  });

  test("queues the event and answers 202 queued when the flow stays down; the message carries the enriched event", async () => {
    h.flow.otherwise({ status: 503 });
    const res = await h
      .relay()
      .flowEvent(
        "create-user",
        jsonRequest(JSON.stringify({ department: "Sales" }), { "x-ms-client-tracking-id": "dm-7" }),
      );
    expect(res.status).toBe(202);
    expect(JSON.parse(res.body)).toEqual({ status: "queued", correlationId: "dm-7" });
    // Queued for good: a message leaves the queue only by delivery or poisoning, never by expiry.
    const [peeked] = (await h.storage.queue(RELAY_QUEUES.flowEvents).peekMessages()).peekedMessageItems;
    expect(peeked.expiresOn.getUTCFullYear()).toBe(9999);
    const queued = await takeAll<FlowEventMessage>(h.storage.queue(RELAY_QUEUES.flowEvents));
    expect(queued).toEqual([
      expect.objectContaining({
        kind: "flow-event",
        correlationId: "dm-7",
        route: "create-user",
        attempts: 0,
        syncAttempts: 3,
        lastStatus: 503,
        body: JSON.stringify({ department: "Sales", sharePointSite: { department: "Sales", ...SALES_SITE } }),
      }),
    ]);
  });

  test("queues at once when Retry-After is longer than the deadline, and holds the message back that long", async () => {
    h.flow.next({ status: 429, headers: { "retry-after": "120" } });
    const waits: number[] = [];
    const res = await h.relay({}, { clock: instantSleepClock(waits) }).flowEvent("create-user", jsonRequest("{}"));
    expect(waits).toEqual([]); // no quick retry: 120 s is past the 10 s deadline
    expect(res.status).toBe(202);
    expect(h.flow.received).toHaveLength(1);
    const queue = h.storage.queue(RELAY_QUEUES.flowEvents);
    expect((await queue.receiveMessages()).receivedMessageItems).toHaveLength(0); // not visible yet
    expect((await queue.getProperties()).approximateMessagesCount).toBe(1);
  });

  test("queues when the flow hangs past the deadline", async () => {
    h.flow.otherwise({ hang: true });
    // Each try's timeout comes from the deadline (what is left of it); the clock ends it after
    // 50 ms, so the test does not wait out the second the relay allows.
    const asked: number[] = [];
    const http = createHttpsClient(h.agent, {
      deadline: (ms) => {
        asked.push(ms);
        return AbortSignal.timeout(50);
      },
    });
    const res = await h
      .relay({ [RELAY_SETTINGS.forwardDeadlineMs]: "1000" }, { http })
      .flowEvent("create-user", jsonRequest("{}"));
    expect(res.status).toBe(202);
    const [queued] = await takeAll<FlowEventMessage>(h.storage.queue(RELAY_QUEUES.flowEvents));
    expect(queued.lastError).toMatch(/timeout/);
    expect(asked[0]).toBeGreaterThan(900);
    expect(asked[0]).toBeLessThanOrEqual(1000);
  });

  test("a permanent refusal (404) keeps the event on the poison queue and answers 502 naming it", async () => {
    h.flow.next({ status: 404, body: '{"error":{"code":"WorkflowNotFound"}}' });
    const res = await h
      .relay()
      .flowEvent("create-user", jsonRequest('{"a":1}', { "x-ms-client-tracking-id": "gone-1" }));
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body).error).toEqual({ code: "flow_rejected", message: expect.stringContaining("404") });
    expect(h.flow.received).toHaveLength(1);
    const poison = await takeAll<FlowEventMessage>(h.storage.queue(RELAY_QUEUES.flowEventsPoison));
    expect(poison).toEqual([
      expect.objectContaining({
        correlationId: "gone-1",
        lastStatus: 404,
        body: '{"a":1}',
        poisonedAt: expect.any(String),
      }),
    ]);
  });

  test("queues an event too large for a queue message even gzipped by claim check (no 503): the queue holds its blob's name", async () => {
    h.flow.otherwise({ status: 500 });
    const relay = h.relay({ [RELAY_SETTINGS.forwardDeadlineMs]: "1000" });
    // Random bytes do not compress: too large for a queue message even gzipped (claim-check.test.ts has the rest).
    const res = await relay.flowEvent(
      "create-user",
      jsonRequest(JSON.stringify({ pad: randomBytes(60_000).toString("base64") }), {
        "x-ms-client-tracking-id": "big-0",
      }),
    );
    expect(res.status).toBe(202);
    const queued = await takeAll<FlowEventMessage>(h.storage.queue(RELAY_QUEUES.flowEvents));
    expect(queued).toEqual([
      expect.objectContaining({ correlationId: "big-0", payloadBlob: expect.stringMatching(/^big-0\./) }),
    ]);
    expect(queued[0].body).toBeUndefined();
    expect(await queueLength(h.storage.queue(RELAY_QUEUES.flowEventsPoison))).toBe(0);
  });
});
