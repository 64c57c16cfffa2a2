/**
 * Hostile request bodies (issue findings 1, 2 and 5): each is refused with a 4xx error code, nothing
 * reaches the flow or a queue, and every log line stays short. An unexpected failure inside a
 * handler is a logged 500 with an error code and the correlation id, never an empty answer.
 */
import { RELAY_QUEUES, RELAY_SETTINGS } from "../../../contract/relay-settings";
import { queueLength } from "../support/azurite";
import { DECISIONS, jsonRequest, parsedLogs, useHarness, type Harness } from "../support/relay-harness";

let h: Harness;
useHarness((started) => (h = started));

/** Nothing was forwarded or queued. */
async function expectNothingSent(): Promise<void> {
  expect(h.flow.received).toHaveLength(0);
  for (const queue of Object.values(RELAY_QUEUES)) expect(await queueLength(h.storage.queue(queue))).toBe(0);
}

const errorOf = (body: string) => (JSON.parse(body) as { error: { code: string; message: string } }).error;

describe("deeply nested JSON", () => {
  test("a 10 KB body nesting 5000 levels is refused with 400 json_too_deep and logged, not a 500", async () => {
    const body = `{"a":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    const res = await h.relay().flowEvent("create-user", jsonRequest(body, { "x-ms-client-tracking-id": "deep-1" }));
    expect(res.status).toBe(400);
    expect(errorOf(res.body)).toEqual({ code: "json_too_deep", message: expect.stringContaining("32 levels") });
    await expectNothingSent();
    expect(parsedLogs(h.logs)).toContainEqual(
      expect.objectContaining({
        event: "flow_event.rejected",
        correlationId: "deep-1",
        outcome: "json_too_deep",
        status: 400,
      }),
    );
  });

  test("the limit is RELAY_MAX_JSON_DEPTH: the top-level object is level 1; brackets inside strings do not count", async () => {
    const relay = h.relay({ [RELAY_SETTINGS.maxJsonDepth]: "4" });
    const atLimit = '{"a":{"b":[{"c":"[[[{{{"}]}}';
    expect((await relay.flowEvent("create-user", jsonRequest(atLimit))).status).toBe(202);
    const over = '{"a":{"b":[{"c":["x"]}]}}';
    expect(errorOf((await relay.flowEvent("create-user", jsonRequest(over))).body).code).toBe("json_too_deep");
    expect(h.flow.received.map((r) => r.text)).toEqual([atLimit]);
  });

  test("the decisions endpoint refuses it the same way", async () => {
    const body = `{"identityStoreId":${"[".repeat(3000)}${"]".repeat(3000)}}`;
    const res = await h.relay().decision(jsonRequest(body, { "x-relay-decisions-key": DECISIONS.decisionsKey }));
    expect([res.status, errorOf(res.body).code]).toEqual([400, "json_too_deep"]);
    expect(h.dm.calls).toHaveLength(0);
  });

  test("a depth outside the contract's bounds is a configuration problem naming the setting", () => {
    const health = JSON.parse(h.relay({ [RELAY_SETTINGS.maxJsonDepth]: "100000" }).healthDetails().body);
    expect(health.problems).toEqual([{ setting: "RELAY_MAX_JSON_DEPTH", message: expect.stringContaining("256") }]);
  });
});

describe("bodies that are not UTF-8", () => {
  const latin1 = Buffer.from('{"displayName":"M\u00fcller"}', "latin1");

  test("a charset other than utf-8 is refused with 415 unsupported_charset", async () => {
    const res = await h
      .relay()
      .flowEvent("create-user", jsonRequest(latin1, { "content-type": "application/json; charset=iso-8859-1" }));
    expect([res.status, errorOf(res.body).code]).toEqual([415, "unsupported_charset"]);
    await expectNothingSent();
  });

  test.each([
    ["Latin-1 bytes", latin1],
    ["an overlong encoding", Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')])],
    ["a lone continuation byte", Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0x80]), Buffer.from('"}')])],
    ["a truncated sequence", Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xe2, 0x82]), Buffer.from('"}')])],
    [
      "an encoded surrogate",
      Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]),
    ],
  ])("%s: refused with 400 invalid_utf8, never forwarded with U+FFFD", async (_name, body) => {
    const res = await h
      .relay()
      .flowEvent("create-user", jsonRequest(body, { "content-type": "application/json; charset=UTF-8" }));
    expect([res.status, errorOf(res.body).code]).toEqual([400, "invalid_utf8"]);
    await expectNothingSent();
  });

  test("UTF-8 with charset=utf-8, a quoted charset or none at all is accepted and arrives unchanged", async () => {
    const body = '{"displayName":"M\u00fcller \u{1F600}"}';
    for (const contentType of [
      "application/json",
      "application/json; charset=utf-8",
      'application/json;charset="UTF-8"',
    ]) {
      expect(
        (await h.relay().flowEvent("create-user", jsonRequest(body, { "content-type": contentType }))).status,
      ).toBe(202);
    }
    expect(h.flow.received.map((r) => r.text)).toEqual([body, body, body]);
  });
});

describe("unexpected failures", () => {
  test("an exception inside the handler is a logged 500 with an error code and the correlation id", async () => {
    const broken = {
      headers: jsonRequest("{}", { "x-ms-client-tracking-id": "boom-1" }).headers,
      arrayBuffer: () => Promise.reject(new TypeError("the request stream broke")),
    };
    const res = await h.relay().flowEvent("create-user", broken);
    expect(res.status).toBe(500);
    expect(errorOf(res.body)).toEqual({ code: "internal_error", message: expect.stringContaining("boom-1") });
    expect(res.headers["x-ms-client-tracking-id"]).toBe("boom-1");
    expect(parsedLogs(h.logs)).toContainEqual(
      expect.objectContaining({
        event: "flow_event.failed",
        level: "error",
        correlationId: "boom-1",
        outcome: "internal_error",
        status: 500,
        error: "TypeError: the request stream broke",
      }),
    );
    await expectNothingSent();
  });
});

describe("log lines", () => {
  test("a 200 KB department value is cut in the log; every line stays short", async () => {
    const department = "D".repeat(200_000);
    const res = await h.relay().flowEvent("create-user", jsonRequest(JSON.stringify({ department })));
    expect(res.status).toBe(202);
    const notEnriched = parsedLogs(h.logs).find((l) => l.event === "flow_event.not_enriched");
    expect(notEnriched?.department).toMatch(/^D{1000}…\[199000 more characters\]$/);
    for (const line of h.logs) expect(line.length).toBeLessThan(3000);
  });
});
