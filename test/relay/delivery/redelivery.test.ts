import { RELAY_QUEUES, RELAY_SETTINGS } from "../../../contract/relay-settings";
import type { FlowEventMessage } from "../../../relay/storage/messages";
import { backoffSeconds, DEFAULT_BACKOFF } from "../../../relay/delivery/redelivery";
import { queueLength, takeAll } from "../support/azurite";
import { jsonRequest, parsedLogs, useHarness, type Harness } from "../support/relay-harness";

let h: Harness;
useHarness((started) => (h = started));

describe("queue processor (redelivery)", () => {
  test("flow down → queued → redelivered once the flow recovers, with the same correlation id and event", async () => {
    const relay = h.relay();
    h.flow.otherwise({ status: 500 });
    const res = await relay.flowEvent(
      "create-user",
      jsonRequest('{"department":"Unknown","n":1}', { "x-ms-client-tracking-id": "ev-1" }),
    );
    expect(res.status).toBe(202);

    // Still down: one queued try fails and the message goes back with attempts 1.
    expect(await h.trigger(relay, RELAY_QUEUES.flowEvents, 1)).toBe(1);
    const { peekedMessageItems } = await h.storage.queue(RELAY_QUEUES.flowEvents).peekMessages();
    expect(peekedMessageItems.map((m) => JSON.parse(Buffer.from(m.messageText, "base64").toString()))).toEqual([
      expect.objectContaining({ correlationId: "ev-1", attempts: 1, lastStatus: 500 }),
    ]);

    h.flow.otherwise({ status: 202 });
    h.flow.received.length = 0;
    expect(await h.trigger(relay, RELAY_QUEUES.flowEvents)).toBe(1);
    expect(h.flow.received).toHaveLength(1);
    expect(h.flow.received[0].body).toEqual({ department: "Unknown", n: 1 });
    expect(h.flow.received[0].headers["x-ms-client-tracking-id"]).toBe("ev-1");
    expect(await queueLength(h.storage.queue(RELAY_QUEUES.flowEvents))).toBe(0);
    expect(await queueLength(h.storage.queue(RELAY_QUEUES.flowEventsPoison))).toBe(0);
    expect(parsedLogs(h.logs)).toContainEqual(
      expect.objectContaining({
        event: "flow_event.redelivery",
        correlationId: "ev-1",
        outcome: "delivered",
        attempts: 2,
        status: 202,
      }),
    );
  });

  test("a failed queued try is put back with the default exponential backoff as its visibility timeout", async () => {
    const relay = h.relay({}, { backoff: DEFAULT_BACKOFF });
    h.flow.otherwise({ status: 500 });
    await relay.flowEvent("create-user", jsonRequest("{}"));
    const queue = h.storage.queue(RELAY_QUEUES.flowEvents);
    expect((await queue.receiveMessages()).receivedMessageItems).toHaveLength(0); // held back 30 s
    expect(await queueLength(queue)).toBe(1);
    expect(
      [0, 1, 2, 3, 10].map((n) =>
        backoffSeconds(n, undefined, { ...DEFAULT_BACKOFF, maxAttempts: 8, maxRetryAfterSeconds: 3600 }),
      ),
    ).toEqual([30, 60, 120, 240, 3600]);
  });

  test("a Retry-After from the flow on a queued try sets how long the message is held back", async () => {
    const relay = h.relay();
    h.flow.otherwise({ status: 500 });
    await relay.flowEvent("create-user", jsonRequest("{}", { "x-ms-client-tracking-id": "ra-1" }));
    h.flow.otherwise({ status: 429, headers: { "retry-after": "600" } });
    expect(await h.trigger(relay, RELAY_QUEUES.flowEvents, 1)).toBe(1);
    // Back on the queue, invisible for the 600 s the flow asked for (the test backoff alone is 0 s).
    const queue = h.storage.queue(RELAY_QUEUES.flowEvents);
    expect((await queue.receiveMessages()).receivedMessageItems).toHaveLength(0);
    expect(await queueLength(queue)).toBe(1);
    expect(parsedLogs(h.logs)).toContainEqual(
      expect.objectContaining({
        event: "flow_event.redelivery",
        correlationId: "ra-1",
        outcome: "queued",
        status: 429,
        delaySeconds: 600,
      }),
    );
  });

  test("after maxAttempts queued tries the message goes to the poison queue with its last error and attempt count", async () => {
    const relay = h.relay({ [RELAY_SETTINGS.maxAttempts]: "3" });
    h.flow.next({ status: 500 }).otherwise({ reset: true });
    await relay.flowEvent("create-user", jsonRequest('{"x":"keep me"}', { "x-ms-client-tracking-id": "ev-poison" }));
    h.flow.received.length = 0;
    // Requeued with no delay in tests, so the trigger keeps taking it until it is poisoned.
    expect(await h.trigger(relay, RELAY_QUEUES.flowEvents)).toBe(3);
    expect(h.flow.received).toHaveLength(3);
    expect(await queueLength(h.storage.queue(RELAY_QUEUES.flowEvents))).toBe(0);
    const poison = await takeAll<FlowEventMessage>(h.storage.queue(RELAY_QUEUES.flowEventsPoison));
    expect(poison).toEqual([
      expect.objectContaining({
        correlationId: "ev-poison",
        attempts: 3,
        body: JSON.stringify({ x: "keep me" }),
        lastError: expect.stringMatching(/the flow: connection/),
        poisonedAt: expect.any(String),
      }),
    ]);
    expect(parsedLogs(h.logs)).toContainEqual(
      expect.objectContaining({ event: "flow_event.redelivery", outcome: "poisoned", attempts: 3, level: "error" }),
    );
  });

  test("a queued event whose route was removed is kept (retried, then poisoned), not dropped", async () => {
    h.flow.otherwise({ status: 500 });
    await h.relay().flowEvent("create-user", jsonRequest("{}", { "x-ms-client-tracking-id": "orphan" }));
    const otherRoutes = JSON.stringify({
      "delete-user": { displayName: "Delete User", flowUrlSetting: "FLOW_URL_DELETE_USER" },
    });
    const relay = h.relay({
      [RELAY_SETTINGS.routes]: otherRoutes,
      FLOW_URL_DELETE_USER: h.flow.url,
      [RELAY_SETTINGS.maxAttempts]: "2",
    });
    await h.trigger(relay, RELAY_QUEUES.flowEvents);
    const poison = await takeAll<FlowEventMessage>(h.storage.queue(RELAY_QUEUES.flowEventsPoison));
    expect(poison).toEqual([
      expect.objectContaining({
        correlationId: "orphan",
        lastError: 'route "create-user" is no longer configured',
        attempts: 2,
      }),
    ]);
  });

  test("an event too large for a queue message as plain JSON is queued compressed and redelivered intact", async () => {
    const relay = h.relay();
    const members = Array.from({ length: 3000 }, (_, i) => ({
      userPrincipalName: `user${i}@contoso.test`,
      department: i % 2 ? "Sales" : "Finance",
      enabled: true,
    }));
    const event = { group: "All staff", members };
    expect(JSON.stringify(event).length).toBeGreaterThan(200_000);
    h.flow.otherwise({ status: 503 });
    expect((await relay.flowEvent("create-user", jsonRequest(JSON.stringify(event)))).status).toBe(202);
    const { peekedMessageItems } = await h.storage.queue(RELAY_QUEUES.flowEvents).peekMessages();
    expect(Buffer.from(peekedMessageItems[0].messageText, "base64").toString()).toContain('"bodyGzip":');
    h.flow.otherwise({ status: 202 });
    await h.trigger(relay, RELAY_QUEUES.flowEvents);
    expect(h.flow.received.at(-1)).toMatchObject({ accepted: true, body: event });
  });

  test("a malformed message makes the trigger fail, so the host keeps it (and poisons it itself), never dropping it", async () => {
    const relay = h.relay();
    await expect(relay.queuedMessage("bm90IGpzb24=")).rejects.toThrow(/not JSON/);
    await expect(relay.queuedMessage({ kind: "flow-event" })).rejects.toThrow(/lacks correlationId/);
  });
});
