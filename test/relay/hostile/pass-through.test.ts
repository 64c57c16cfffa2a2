/**
 * Byte-exact pass-through (issue finding 4) and the stable event id (finding 7): the flow receives
 * exactly the text Directory Manager sent, plus only the documented enrichment member, on the first
 * delivery and on every redelivery from the queue, each carrying the same x-relay-event-id.
 */
import { RELAY_QUEUES } from "../../../contract/relay-settings";
import type { FlowEventMessage } from "../../../relay/storage/messages";
import { takeAll } from "../support/azurite";
import { jsonRequest, parsedLogs, SALES_SITE, useHarness, type Harness } from "../support/relay-harness";

let h: Harness;
useHarness((started) => (h = started));

/** Bodies a parse-and-serialise round trip would change. */
const TRICKY_BODIES: Record<string, string> = {
  "integers above 2^53": '{"objectId":9007199254740993,"big":123456789012345678901234567890}',
  "a number beyond double range": '{"x":1e400,"y":-1e400}',
  "number spellings": '{"a":1.0,"b":1E2,"c":-0,"d":0.1000000000000000055511151231257827}',
  "key order with integer-like keys": '{"b":1,"2":"two","a":2,"1":"one"}',
  "whitespace and newlines": '{\n  "a" :  [ 1 ,\t2 ] ,\r\n  "b":{ }\n}\n',
  "unicode escapes": '{"name":"M\\u00fcller","emoji":"\\ud83d\\ude00","slash":"a\\/b"}',
  "a lone escaped surrogate": '{"s":"\\ud800"}',
  "duplicate keys": '{"a":1,"a":2}',
  "an empty object": "{}",
  "an empty object with space": "{ \n}",
};

describe("the flow receives the body byte for byte", () => {
  test.each(Object.entries(TRICKY_BODIES))("%s: unchanged", async (_name, body) => {
    expect((await h.relay().flowEvent("create-user", jsonRequest(body))).status).toBe(202);
    expect(h.flow.received.map((r) => r.text)).toEqual([body]);
  });

  test.each(Object.entries(TRICKY_BODIES))(
    "%s, with a department: only the enrichment member is added, before the closing brace",
    async (_name, tricky) => {
      const body = tricky.replace(/^(\s*)\{/, '$1{"department":"Sales",').replace(/,(\s*)\}(\s*)$/, "$1}$2");
      expect((await h.relay().flowEvent("create-user", jsonRequest(body))).status).toBe(202);
      const close = body.lastIndexOf("}");
      const site = JSON.stringify({ department: "Sales", ...SALES_SITE });
      expect(h.flow.received.map((r) => r.text)).toEqual([
        `${body.slice(0, close)},"sharePointSite":${site}${body.slice(close)}`,
      ]);
    },
  );

  test("a queued event is redelivered byte for byte, with the same event id as its first try", async () => {
    const body = TRICKY_BODIES["integers above 2^53"];
    h.flow.next({ status: 503 }, { status: 503 }, { status: 503 });
    const relay = h.relay();
    const res = await relay.flowEvent("create-user", jsonRequest(body));
    expect(res.status).toBe(202);
    await h.trigger(relay, RELAY_QUEUES.flowEvents);
    const texts = h.flow.received.map((r) => r.text);
    const ids = h.flow.received.map((r) => r.headers["x-relay-event-id"]);
    expect(texts).toEqual([body, body, body, body]);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers["x-relay-event-id"]).toBe(ids[0]);
    expect(
      parsedLogs(h.logs)
        .filter((l) => l.eventId === ids[0])
        .map((l) => l.outcome),
    ).toEqual(["queued", "delivered"]);
  });

  test("a poison entry carries the event id and the exact body", async () => {
    h.flow.next({ status: 404 });
    const body = TRICKY_BODIES["a number beyond double range"];
    const res = await h.relay().flowEvent("create-user", jsonRequest(body));
    expect(res.status).toBe(502);
    const [poison] = await takeAll<FlowEventMessage>(h.storage.queue(RELAY_QUEUES.flowEventsPoison));
    expect(poison).toMatchObject({ eventId: h.flow.received[0].headers["x-relay-event-id"], body });
  });

  test("two events get different event ids, even with the same correlation id", async () => {
    const relay = h.relay();
    await relay.flowEvent("create-user", jsonRequest("{}", { "x-ms-client-tracking-id": "same" }));
    await relay.flowEvent("create-user", jsonRequest("{}", { "x-ms-client-tracking-id": "same" }));
    const [a, b] = h.flow.received.map((r) => r.headers["x-relay-event-id"]);
    expect(a).not.toBe(b);
  });
});
