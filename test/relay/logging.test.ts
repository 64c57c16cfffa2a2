import { RELAY_QUEUES, RELAY_SETTINGS } from "../../contract/relay-settings";
import { createLogger, type Invocation, type LogLevel } from "../../relay/logging";
import { DM_CREDENTIALS } from "./support/fake-directory-manager";
import { FLOW_SIG } from "./support/fake-flow";
import { decisionRequest, jsonRequest, parsedLogs, useHarness, type Harness } from "./support/relay-harness";

let h: Harness;
useHarness((started) => (h = started));

const FUNCTION_KEY = "FnKey-0123456789-SECRET";

describe("logs", () => {
  test("across every outcome, no line holds a flow URL query, sig, token, password, client secret or function key", async () => {
    const relay = h.relay({ [RELAY_SETTINGS.maxAttempts]: "2" });
    const withKey = (body: string) =>
      jsonRequest(body, { "x-functions-key": FUNCTION_KEY, "x-ms-client-tracking-id": "log-1" });
    h.flow
      .next({ status: 202 }, { status: 500 }, { status: 404 }, { reset: true })
      .otherwise({ status: 429, headers: { "retry-after": "0" } });
    // Quick retries do not wait in tests, so each request takes up to three behaviours in turn.
    await relay.flowEvent("create-user", withKey('{"department":"Sales"}')); // 202: delivered
    await relay.flowEvent("create-user", withKey('{"department":"HR"}')); // unknown department; 500, then 404: poison
    await relay.flowEvent("create-user", withKey("{}")); // reset, then 429 twice: queued
    await relay.flowEvent("create-user", withKey("[1]")); // rejected
    await h.trigger(relay, RELAY_QUEUES.flowEvents); // redelivery until poisoned
    await relay.decision(
      decisionRequest(
        { identityStoreId: 2, workflowRequestId: 1, decision: "approve" },
        { "x-functions-key": FUNCTION_KEY, "x-ms-client-tracking-id": "log-1" },
      ),
    );
    h.dm.revokeTokens();
    await relay.decision(
      decisionRequest(
        { identityStoreId: 2, workflowRequestId: 2, decision: "deny" },
        { "x-functions-key": FUNCTION_KEY, "x-ms-client-tracking-id": "log-1" },
      ),
    );
    h.dm.down = true;
    await relay.decision(
      decisionRequest(
        { identityStoreId: 2, workflowRequestId: 3, decision: "deny" },
        { "x-functions-key": FUNCTION_KEY, "x-ms-client-tracking-id": "log-1" },
      ),
    );
    h.dm.down = false;
    // A bad configuration logs at start-up, naming the settings only.
    h.relay({ FLOW_URL_CREATE_USER: h.flow.url.replace("https:", "http:") });

    const all = h.logs.join("\n");
    const secrets = [
      FLOW_SIG,
      h.flow.url.split("?")[1],
      "api-version=1&sp=",
      DM_CREDENTIALS.password,
      DM_CREDENTIALS.clientSecret,
      FUNCTION_KEY,
      h.storage.connectionString,
      "AccountKey",
      ...h.dm.issuedTokens,
    ];
    expect(h.dm.issuedTokens.length).toBeGreaterThanOrEqual(2);
    for (const secret of secrets) expect(all).not.toContain(secret);

    const lines = parsedLogs(h.logs);
    const events = new Set(lines.map((l) => `${l.event}:${l.outcome ?? ""}`));
    for (const expected of [
      "flow_event.received:delivered",
      "flow_event.received:queued",
      "flow_event.received:poisoned",
      "flow_event.rejected:body_not_object",
      "flow_event.redelivery:poisoned",
      "decision.received:delivered",
      "decision.received:queued",
      "relay.config_invalid:",
    ]) {
      expect(events).toContain(expected);
    }
    // One line per event with the fields an operator needs.
    const delivered = lines.find((l) => l.event === "flow_event.received" && l.outcome === "delivered");
    expect(delivered).toEqual(
      expect.objectContaining({
        correlationId: "log-1",
        route: "create-user",
        status: 202,
        attempts: 1,
        durationMs: expect.any(Number),
        time: expect.any(String),
        level: "info",
      }),
    );
  });

  test("redaction masks registered secrets and URL query strings that slip into messages", () => {
    const lines: string[] = [];
    const logger = createLogger((l) => lines.push(l));
    logger.addSecret("s3cr3t-password");
    logger.log({
      event: "x",
      error:
        "login with s3cr3t-password failed calling https://a.logic.azure.com/workflows/1?sv=1.0&sig=abc123 (Bearer eyJhbGciOi.x.y)",
    });
    expect(lines[0]).not.toMatch(/s3cr3t|sig=abc|sv=1\.0|eyJhbGciOi/);
    expect(lines[0]).toContain("https://a.logic.azure.com/workflows/1?[redacted]");
  });

  test("an invocation's logger stamps its invocation id, hands the invocation to the sink, and redacts secrets registered on any logger", () => {
    const written: { line: Record<string, unknown>; level: LogLevel; invocationId?: string }[] = [];
    const logger = createLogger((line, level, invocation) =>
      written.push({ line: JSON.parse(line), level, invocationId: invocation?.invocationId }),
    );
    const noop = () => undefined;
    const invocation: Invocation = { invocationId: "inv-42", info: noop, warn: noop, error: noop };
    const scoped = logger.forInvocation(invocation);
    scoped.addSecret("token-from-one-call");
    logger.addSecret("password-at-start-up");
    scoped.log({ event: "a", level: "warn", error: "password-at-start-up and token-from-one-call" });
    logger.log({ event: "b" });
    expect(written).toEqual([
      {
        line: expect.objectContaining({
          event: "a",
          level: "warn",
          invocationId: "inv-42",
          error: "[redacted] and [redacted]",
        }),
        level: "warn",
        invocationId: "inv-42",
      },
      {
        line: expect.not.objectContaining({ invocationId: expect.anything() }),
        level: "info",
        invocationId: undefined,
      },
    ]);
  });

  test("redaction state holds only live tokens: a month of renewed tokens leaves it the size it had at start", () => {
    const lines: string[] = [];
    const logger = createLogger((l) => lines.push(l));
    logger.addSecret("password-at-start-up");
    logger.replaceSecret("directory-manager-token:2", "token-number-0");
    const atStart = logger.secretCount();
    // A token every 19 minutes for 30 days: about 2,300 renewals.
    for (let i = 1; i <= 2300; i++) logger.replaceSecret("directory-manager-token:2", `token-number-${i}`);
    expect(logger.secretCount()).toBe(atStart);
    logger.log({ event: "x", error: "token-number-2300 and password-at-start-up" });
    expect(JSON.parse(lines[0]).error).toBe("[redacted] and [redacted]");
  });
});
