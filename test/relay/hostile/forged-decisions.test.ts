/**
 * Decisions bound to forwarded events (issue finding 3): the flow gets a decision token with each
 * event that names a workflow request, and /api/decisions accepts only that token, for that request,
 * unexpired, for the configured identity store, with the decisions key (not the ingress function key).
 */
import { RELAY_QUEUES, RELAY_SETTINGS } from "../../../contract/relay-settings";
import { issueDecisionToken } from "../../../relay/decision-token";
import { queueLength } from "../support/azurite";
import { DECISIONS, decisionRequest, jsonRequest, tokenFor, useHarness, type Harness } from "../support/relay-harness";

let h: Harness;
useHarness((started) => (h = started));

const errorCode = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;

async function expectNothingDecided(): Promise<void> {
  expect(h.dm.calls).toHaveLength(0);
  expect(await queueLength(h.storage.queue(RELAY_QUEUES.decisions))).toBe(0);
}

describe("forged decisions are refused", () => {
  test("the issue's forgery: another identity store, no token, with the ingress function key → nothing approved", async () => {
    const forged = jsonRequest('{"identityStoreId":9,"workflowRequestId":424242,"decision":"approve"}', {
      "x-functions-key": "the-ingress-key",
    });
    const res = await h.relay().decision(forged);
    expect([res.status, errorCode(res.body)]).toEqual([401, "decisions_key_invalid"]);
    await expectNothingDecided();
  });

  test("with the decisions key but another identity store: 403 identity_store_not_allowed", async () => {
    const res = await h
      .relay()
      .decision(decisionRequest({ identityStoreId: 9, workflowRequestId: 424242, decision: "approve" }));
    expect([res.status, errorCode(res.body)]).toEqual([403, "identity_store_not_allowed"]);
    await expectNothingDecided();
  });

  test("without a token: 400 invalid_decision", async () => {
    const res = await h
      .relay()
      .decision(
        decisionRequest({ identityStoreId: 2, workflowRequestId: 424242, decision: "approve", decisionToken: "" }),
      );
    expect([res.status, errorCode(res.body)]).toEqual([400, "invalid_decision"]);
    await expectNothingDecided();
  });

  test.each([
    ["another request's token", () => tokenFor(424241)],
    [
      "a token made with another key",
      () =>
        issueDecisionToken(
          "another-key-of-enough-length-0123456789",
          { route: "create-user", eventId: "e1", identityStoreId: 2, workflowRequestId: 424242 },
          Date.now(),
        ),
    ],
    [
      "a token with its expiry changed",
      () => tokenFor(424242).replace(/\.(\d+)\.([^.]+)$/, (_m, e: string, mac: string) => `.${Number(e) + 1}.${mac}`),
    ],
    ["garbage", () => "v1.123.abc"],
  ])("%s: 403 invalid_decision_token", async (_name, token) => {
    const res = await h
      .relay()
      .decision(
        decisionRequest({ identityStoreId: 2, workflowRequestId: 424242, decision: "approve", decisionToken: token() }),
      );
    expect([res.status, errorCode(res.body)]).toEqual([403, "invalid_decision_token"]);
    await expectNothingDecided();
  });

  test("an expired token: 403 decision_token_expired", async () => {
    const fifteenDaysAgo = Date.now() - 15 * 24 * 3600 * 1000;
    const res = await h
      .relay()
      .decision(
        decisionRequest({ identityStoreId: 2, workflowRequestId: 424242, decision: "approve" }, {}, fifteenDaysAgo),
      );
    expect([res.status, errorCode(res.body)]).toEqual([403, "decision_token_expired"]);
    await expectNothingDecided();
  });
});

describe("the token travels with the event", () => {
  test("an event naming a workflow request reaches the flow with a token that /api/decisions accepts for it", async () => {
    const relay = h.relay();
    await relay.flowEvent("create-user", jsonRequest('{"workflowRequestID":"77","department":"Sales"}'));
    const token = h.flow.received[0].headers["x-relay-decision-token"] as string;
    expect(token).toMatch(/^v2\.create-user\.[0-9a-f-]{36}\.2\.77\.[1-9]\d+\.[A-Za-z0-9_-]{43}$/);
    const res = await relay.decision(
      decisionRequest({ identityStoreId: 2, workflowRequestId: 77, decision: "approve", decisionToken: token }),
    );
    expect(res.status).toBe(200);
    expect(h.dm.calls).toEqual([
      expect.objectContaining({ identityStoreId: 2, action: "Approve", body: { workflowRequestID: 77 } }),
    ]);
    // The same token does not decide another request.
    const other = await relay.decision(
      decisionRequest({ identityStoreId: 2, workflowRequestId: 78, decision: "approve", decisionToken: token }),
    );
    expect(errorCode(other.body)).toBe("invalid_decision_token");
  });

  test("the previous key still verifies after a rotation; the new key signs", async () => {
    const rotated = h.relay({
      [RELAY_SETTINGS.decisionTokenKey]: "the-new-token-key-0123456789abcdefghij",
      [RELAY_SETTINGS.decisionTokenPreviousKey]: DECISIONS.tokenKey,
    });
    expect(
      (await rotated.decision(decisionRequest({ identityStoreId: 2, workflowRequestId: 5, decision: "deny" }))).status,
    ).toBe(200);
    await rotated.flowEvent("create-user", jsonRequest('{"workflowRequestId":6}'));
    const token = h.flow.received[0].headers["x-relay-decision-token"] as string;
    const withOldOnly = await h
      .relay()
      .decision(decisionRequest({ identityStoreId: 2, workflowRequestId: 6, decision: "deny", decisionToken: token }));
    expect(errorCode(withOldOnly.body)).toBe("invalid_decision_token");
  });

  test("an event without a workflow request id gets no token; a redelivery carries the same token", async () => {
    h.flow.next({ status: 503 }, { status: 503 }, { status: 503 });
    const relay = h.relay();
    await relay.flowEvent("create-user", jsonRequest('{"workflowRequestId":9}'));
    await h.trigger(relay, RELAY_QUEUES.flowEvents);
    await relay.flowEvent("create-user", jsonRequest('{"department":"Sales"}'));
    const tokens = h.flow.received.map((r) => r.headers["x-relay-decision-token"]);
    expect(tokens).toHaveLength(5);
    expect(new Set(tokens.slice(0, 4)).size).toBe(1);
    expect(tokens[4]).toBeUndefined();
  });

  test("decisions need the token key, the decisions key and the identity store: each missing one is named", () => {
    const unset = {
      [RELAY_SETTINGS.decisionTokenKey]: undefined,
      [RELAY_SETTINGS.decisionsKey]: "short",
      [RELAY_SETTINGS.directoryManagerIdentityStoreId]: "x",
    };
    const problems = JSON.parse(h.relay(unset).healthDetails().body).problems.map(
      (p: { setting: string }) => p.setting,
    );
    expect(problems).toEqual([
      "DIRECTORY_MANAGER_IDENTITY_STORE_ID",
      "RELAY_DECISION_TOKEN_KEY",
      "RELAY_DECISIONS_KEY",
    ]);
  });
});
