import { RELAY_QUEUES, RELAY_SETTINGS } from "../../../contract/relay-settings";
import type { DecisionMessage } from "../../../relay/storage/messages";
import { systemClock } from "../../../relay/clock";
import { queueLength, takeAll } from "../support/azurite";
import { createHttpsClient } from "../../../relay/delivery/http-client";
import { DirectoryManagerClient } from "../../../relay/delivery/directory-manager-client";
import { createLogger } from "../../../relay/logging";
import { readDecisions } from "../../../relay/settings/decision-settings";
import { decisionRequest, parsedLogs, useHarness, type Harness } from "../support/relay-harness";

let h: Harness;
useHarness((started) => (h = started));

const decide = (body: Record<string, unknown>, headers: Record<string, string> = {}) => decisionRequest(body, headers);

describe("POST /api/decisions", () => {
  test("approve calls Workflows/Approve with the workflow request id and answers 200 delivered", async () => {
    const res = await h
      .relay()
      .decision(
        decide(
          { identityStoreId: 2, workflowRequestId: 3, decision: "approve" },
          { "x-ms-client-tracking-id": "run-9" },
        ),
      );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      status: "delivered",
      correlationId: "run-9",
      decisionId: expect.any(String),
      directoryManagerStatus: 200,
    });
    expect(h.dm.calls).toEqual([
      { identityStoreId: 2, action: "Approve", body: { workflowRequestID: 3 }, trackingId: "run-9" },
    ]);
  });

  test("deny calls Workflows/Deny with the reason", async () => {
    const res = await h
      .relay()
      .decision(decide({ identityStoreId: 2, workflowRequestId: 4, decision: "Deny", reason: "not in HR" }));
    expect(res.status).toBe(200);
    expect(h.dm.calls).toEqual([
      expect.objectContaining({
        identityStoreId: 2,
        action: "Deny",
        body: { workflowRequestID: 4, reason: "not in HR" },
      }),
    ]);
  });

  test("the token is fetched once and reused while it is fresh", async () => {
    const relay = h.relay();
    await relay.decision(decide({ identityStoreId: 2, workflowRequestId: 5, decision: "approve" }));
    await relay.decision(decide({ identityStoreId: 2, workflowRequestId: 6, decision: "approve" }));
    expect(h.dm.calls).toHaveLength(2);
    expect(h.dm.issuedTokens).toHaveLength(1);
  });

  test("a token near expiry is renewed before use", async () => {
    let now = Date.now();
    const relay = h.relay({}, { clock: { ...systemClock, now: () => now, sleep: async () => undefined } });
    await relay.decision(decide({ identityStoreId: 2, workflowRequestId: 5, decision: "approve" }));
    now += 1_150_000; // 1150 s of a 1200 s token: inside the renewal margin
    await relay.decision(decide({ identityStoreId: 2, workflowRequestId: 6, decision: "approve" }));
    expect(h.dm.issuedTokens).toHaveLength(2);
    expect(h.dm.calls).toHaveLength(2);
  });

  test("renewed tokens replace the old one in redaction: after many renewals its state is the size it had after one", async () => {
    let now = Date.now();
    const clock = { ...systemClock, now: () => now, sleep: async () => undefined };
    const logger = createLogger(() => undefined);
    const settings = readDecisions(h.env(), () => undefined);
    if (!settings) throw new Error("the harness's decision settings are valid");
    const client = new DirectoryManagerClient(settings, createHttpsClient(h.agent), clock, logger);
    const decision = { identityStoreId: 2, workflowRequestId: 9, decision: "approve" } as const;
    await client.deliver(decision, "c0", 5000);
    const afterOne = logger.secretCount();
    for (let i = 1; i <= 30; i++) {
      now += 1_200_000; // each call finds the token expired
      await client.deliver(decision, `c${i}`, 5000);
    }
    expect(h.dm.issuedTokens).toHaveLength(31);
    expect(logger.secretCount()).toBe(afterOne);
  });

  test("a 401 on a cached token fetches a new token once and retries", async () => {
    const relay = h.relay();
    await relay.decision(decide({ identityStoreId: 2, workflowRequestId: 7, decision: "approve" }));
    h.dm.revokeTokens();
    const res = await relay.decision(decide({ identityStoreId: 2, workflowRequestId: 8, decision: "approve" }));
    expect(res.status).toBe(200);
    expect(h.dm.issuedTokens).toHaveLength(2);
    expect(h.dm.calls.map((c) => c.body.workflowRequestID)).toEqual([7, 8]);
  });

  test("Directory Manager down → 202 queued → delivered by the queue processor once it is back", async () => {
    h.dm.down = true;
    const relay = h.relay();
    const res = await relay.decision(
      decide(
        { identityStoreId: 2, workflowRequestId: 11, decision: "deny", reason: "late" },
        { "x-ms-client-tracking-id": "dec-11" },
      ),
    );
    expect(res.status).toBe(202);
    expect(JSON.parse(res.body)).toEqual({ status: "queued", correlationId: "dec-11" });
    expect(h.dm.calls).toHaveLength(0);

    await h.trigger(relay, RELAY_QUEUES.decisions, 1); // still down: back on the queue
    expect(await queueLength(h.storage.queue(RELAY_QUEUES.decisions))).toBe(1);

    h.dm.down = false;
    await h.trigger(relay, RELAY_QUEUES.decisions);
    expect(h.dm.calls).toEqual([
      { identityStoreId: 2, action: "Deny", body: { workflowRequestID: 11, reason: "late" }, trackingId: "dec-11" },
    ]);
    expect(await queueLength(h.storage.queue(RELAY_QUEUES.decisions))).toBe(0);
    expect(parsedLogs(h.logs)).toContainEqual(
      expect.objectContaining({ event: "decision.redelivery", outcome: "delivered", attempts: 2 }),
    );
  });

  test("a decision that keeps failing ends on the decisions poison queue with its last error", async () => {
    h.dm.down = true;
    const relay = h.relay({ [RELAY_SETTINGS.maxAttempts]: "2" });
    await relay.decision(decide({ identityStoreId: 2, workflowRequestId: 12, decision: "approve" }));
    await h.trigger(relay, RELAY_QUEUES.decisions);
    const poison = await takeAll<DecisionMessage>(h.storage.queue(RELAY_QUEUES.decisionsPoison));
    expect(poison).toEqual([
      expect.objectContaining({
        kind: "decision",
        attempts: 2,
        decision: { identityStoreId: 2, workflowRequestId: 12, decision: "approve" },
        lastError: expect.stringMatching(/Directory Manager: connection/),
      }),
    ]);
  });

  test("wrong credentials are kept queued (the token failure is retried, not dropped)", async () => {
    const relay = h.relay({ [RELAY_SETTINGS.directoryManagerPassword]: "wrong-password" });
    const res = await relay.decision(decide({ identityStoreId: 2, workflowRequestId: 13, decision: "approve" }));
    expect(res.status).toBe(202);
    const [queued] = await takeAll<DecisionMessage>(h.storage.queue(RELAY_QUEUES.decisions));
    expect(queued.lastError).toBe("Directory Manager's token endpoint answered 400");
  });

  test.each([
    [{ workflowRequestId: 3, decision: "approve" }, /identityStoreId/],
    [{ identityStoreId: "2", workflowRequestId: 3, decision: "approve" }, /identityStoreId/],
    [{ identityStoreId: 2, workflowRequestId: 0, decision: "approve" }, /workflowRequestId/],
    [{ identityStoreId: 2, workflowRequestId: 3, decision: "maybe" }, /"approve" or "deny"/],
    [{ identityStoreId: 2, workflowRequestId: 3, decision: "deny", reason: 42 }, /reason/],
  ])("rejects %j with 400 invalid_decision naming the field, and calls nothing", async (body, message) => {
    const res = await h.relay().decision(decide(body));
    expect(res.status).toBe(400);
    const { error } = JSON.parse(res.body) as { error: { code: string; message: string } };
    expect(error.code).toBe("invalid_decision");
    expect(error.message).toMatch(message);
    expect(h.dm.issuedTokens).toHaveLength(0);
    expect(h.dm.calls).toHaveLength(0);
  });

  test("answers 404 decisions_disabled when decisions are not enabled", async () => {
    const res = await h
      .relay({ [RELAY_SETTINGS.decisionsEnabled]: "false" })
      .decision(decide({ identityStoreId: 2, workflowRequestId: 3, decision: "approve" }));
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body).error.code).toBe("decisions_disabled");
    expect(h.dm.calls).toHaveLength(0);
  });
});
