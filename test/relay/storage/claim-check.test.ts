import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { RELAY_QUEUES, RELAY_SETTINGS } from "../../../contract/relay-settings";
import { decodeMessage, MAX_QUEUE_MESSAGE_CHARS } from "../../../relay/storage/messages";
import type { PayloadStore } from "../../../relay/storage/payload-store";
import { blobNames, queueLength, takeAll } from "../support/azurite";
import { jsonRequest, parsedLogs, useHarness, type Harness } from "../support/relay-harness";

let h: Harness;
useHarness((started) => (h = started));

/** About 600 KiB of JSON that stays far over a queue message gzipped: random bytes barely compress. */
function largeEvent(): Record<string, unknown> {
  return {
    kind: "group-members-changed",
    note: "Zoë, Łódź, 名前",
    blob: randomBytes(450 * 1024).toString("base64"),
    members: [{ upn: "ann@contoso.test" }],
  };
}

/** The queue's visible messages, decoded from their base64 text, with that text's length. */
async function peek(queueName: string): Promise<{ text: string; message: Record<string, unknown> }[]> {
  const { peekedMessageItems } = await h.storage.queue(queueName).peekMessages({ numberOfMessages: 32 });
  return peekedMessageItems.map((m) => ({
    text: m.messageText,
    message: JSON.parse(Buffer.from(m.messageText, "base64").toString("utf8")),
  }));
}

describe("claim check: events too large for a queue message even compressed", () => {
  test("a 600 KiB event sent while the flow is down is queued (202): a small reference on the queue, the gzipped event in a payload blob", async () => {
    h.flow.otherwise({ status: 503 });
    const event = largeEvent();
    const body = JSON.stringify(event);
    expect(body.length).toBeGreaterThan(600 * 1024);
    const res = await h.relay().flowEvent("create-user", jsonRequest(body, { "x-ms-client-tracking-id": "big-1" }));
    expect(res.status).toBe(202);
    expect(JSON.parse(res.body)).toEqual({ status: "queued", correlationId: "big-1" });

    const [queued, ...others] = await peek(RELAY_QUEUES.flowEvents);
    expect(others).toEqual([]);
    expect(queued.text.length).toBeLessThan(1024);
    expect(queued.message).toEqual({
      kind: "flow-event",
      correlationId: "big-1",
      eventId: expect.any(String),
      route: "create-user",
      attempts: 0,
      syncAttempts: expect.any(Number),
      firstSeenAt: expect.any(String),
      lastError: "the flow answered 503",
      lastStatus: 503,
      payloadBlob: expect.stringMatching(/^big-1\.[0-9a-f-]{36}\.json\.gz$/),
    });
    expect(await blobNames(h.storage.payloads)).toEqual([queued.message.payloadBlob]);
    const blob = h.storage.payloads.getBlobClient(String(queued.message.payloadBlob));
    const properties = await blob.getProperties();
    expect(properties).toMatchObject({
      contentType: "application/json",
      contentEncoding: "gzip",
      metadata: { correlationid: "big-1", route: "create-user" },
    });
    expect(JSON.parse(gunzipSync(await blob.downloadToBuffer()).toString("utf8"))).toEqual(event);
  });

  test("once the flow recovers, the queue processor delivers the exact original body and only then deletes the blob", async () => {
    h.flow.otherwise({ status: 500 });
    const body = JSON.stringify(largeEvent());
    const relay = h.relay();
    expect(
      (await relay.flowEvent("create-user", jsonRequest(body, { "x-ms-client-tracking-id": "big-2" }))).status,
    ).toBe(202);
    const [first] = await peek(RELAY_QUEUES.flowEvents);

    // Still down: the retry carries the same reference; the blob stays.
    expect(await h.trigger(relay, RELAY_QUEUES.flowEvents, 1)).toBe(1);
    expect(h.flow.received.at(-1)?.text).toBe(body);
    const [retry] = await peek(RELAY_QUEUES.flowEvents);
    expect(retry.message).toMatchObject({ attempts: 1, lastStatus: 500, payloadBlob: first.message.payloadBlob });
    expect(retry.message.event).toBeUndefined();
    expect(await blobNames(h.storage.payloads)).toEqual([first.message.payloadBlob]);

    h.flow.otherwise({ status: 202 });
    h.flow.received.length = 0;
    expect(await h.trigger(relay, RELAY_QUEUES.flowEvents)).toBe(1);
    expect(h.flow.received).toHaveLength(1);
    expect(h.flow.received[0]).toMatchObject({ accepted: true, text: body });
    expect(h.flow.received[0].headers["x-ms-client-tracking-id"]).toBe("big-2");
    expect(await queueLength(h.storage.queue(RELAY_QUEUES.flowEvents))).toBe(0);
    expect(await blobNames(h.storage.payloads)).toEqual([]);
    expect(parsedLogs(h.logs)).toContainEqual(
      expect.objectContaining({
        event: "flow_event.redelivery",
        correlationId: "big-2",
        outcome: "delivered",
        attempts: 2,
        payloadBlob: first.message.payloadBlob,
      }),
    );

    // A duplicate copy (a crash between the next copy and the acknowledgement) finds no blob: the run
    // fails, so the host keeps that copy on its poison queue instead of dropping it unseen.
    await expect(relay.queuedMessage(first.text)).rejects.toThrow(
      /payload blob relay-payloads\/big-2\..* does not exist/,
    );
    expect(parsedLogs(h.logs)).toContainEqual(expect.objectContaining({ event: "queue.malformed", level: "error" }));
  });

  test("a large event that exhausts its attempts lands on the poison queue with its reference, and the blob is kept", async () => {
    const relay = h.relay({ [RELAY_SETTINGS.maxAttempts]: "2" });
    h.flow.otherwise({ reset: true });
    const event = largeEvent();
    expect(
      (await relay.flowEvent("create-user", jsonRequest(JSON.stringify(event), { "x-ms-client-tracking-id": "big-3" })))
        .status,
    ).toBe(202);
    expect(await h.trigger(relay, RELAY_QUEUES.flowEvents)).toBe(2);
    expect(await queueLength(h.storage.queue(RELAY_QUEUES.flowEvents))).toBe(0);

    const poison = await takeAll(h.storage.queue(RELAY_QUEUES.flowEventsPoison));
    expect(poison).toEqual([
      expect.objectContaining({
        correlationId: "big-3",
        attempts: 2,
        lastError: expect.stringMatching(/the flow: connection/),
        poisonedAt: expect.any(String),
        payloadBlob: expect.stringMatching(/^big-3\./),
      }),
    ]);
    expect(poison[0].event).toBeUndefined();
    // One blob for the event's whole life, still there for the operator (and a replay of the poison entry).
    expect(await blobNames(h.storage.payloads)).toEqual([poison[0].payloadBlob]);
    const kept = await h.storage.payloads.getBlobClient(String(poison[0].payloadBlob)).downloadToBuffer();
    expect(JSON.parse(gunzipSync(kept).toString("utf8"))).toEqual(event);
  });

  test("a large event the flow refuses for good (404) is kept on the poison queue by reference; the caller gets 502", async () => {
    h.flow.next({ status: 404 });
    const res = await h
      .relay()
      .flowEvent("create-user", jsonRequest(JSON.stringify(largeEvent()), { "x-ms-client-tracking-id": "big-4" }));
    expect(res.status).toBe(502);
    const [poisoned] = await peek(RELAY_QUEUES.flowEventsPoison);
    expect(poisoned.message).toMatchObject({
      correlationId: "big-4",
      lastStatus: 404,
      payloadBlob: expect.stringMatching(/^big-4\./),
    });
    expect(await blobNames(h.storage.payloads)).toEqual([poisoned.message.payloadBlob]);
  });

  test("when the payload blob cannot be written either, the caller gets 503 not_queued and the failure is logged", async () => {
    const failing: PayloadStore = {
      put: async () => {
        throw new Error("blob service unavailable");
      },
      get: async () => Buffer.alloc(0),
      delete: async () => undefined,
    };
    h.flow.otherwise({ status: 500 });
    const res = await h
      .relay({}, { payloads: failing })
      .flowEvent("create-user", jsonRequest(JSON.stringify(largeEvent()), { "x-ms-client-tracking-id": "big-5" }));
    expect(res.status).toBe(503);
    expect(res.headers["retry-after"]).toBe("60");
    expect(JSON.parse(res.body).error).toEqual({
      code: "not_queued",
      message: expect.stringContaining("blob service unavailable"),
    });
    expect(await queueLength(h.storage.queue(RELAY_QUEUES.flowEvents))).toBe(0);
    expect(parsedLogs(h.logs)).toContainEqual(
      expect.objectContaining({
        event: "flow_event.received",
        correlationId: "big-5",
        outcome: "not_queued",
        level: "error",
        error: expect.stringContaining("blob service unavailable"),
      }),
    );
  });

  test("a reference message with no route or a blob name outside the relay's pattern is malformed", () => {
    const base = {
      kind: "flow-event",
      correlationId: "c",
      attempts: 0,
      syncAttempts: 0,
      firstSeenAt: "2026-01-01T00:00:00Z",
    };
    expect(decodeMessage({ ...base, route: "create-user", payloadBlob: "c.0.json.gz" })).toMatchObject({
      payloadBlob: "c.0.json.gz",
    });
    expect(() => decodeMessage({ ...base, payloadBlob: "c.0.json.gz" })).toThrow(/payload reference/);
    expect(() => decodeMessage({ ...base, route: "create-user", payloadBlob: "../other/x" })).toThrow(
      /payload reference/,
    );
    expect(MAX_QUEUE_MESSAGE_CHARS).toBe(65_536);
  });
});
