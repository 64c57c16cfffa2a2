/**
 * Issue 25: a decision token decides one event's request once. Replays reach Directory Manager once,
 * the first decision wins (durably, in a blob created with If-None-Match: *), a queued decision is
 * checked again when delivered, and a token has one spelling and one route.
 */
import { RELAY_QUEUES, RELAY_SETTINGS } from "../../../contract/relay-settings";
import type { DecisionMessage } from "../../../relay/storage/messages";
import { decisionRecordName } from "../../../relay/storage/decision-records";
import { blobNames, queueLength, takeAll } from "../support/azurite";
import {
  decisionRequest,
  instantSleepClock,
  jsonRequest,
  parsedLogs,
  tokenFor,
  useHarness,
  type Harness,
} from "../support/relay-harness";

let h: Harness;
useHarness((started) => (h = started));

const errorCode = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;
const decide = (workflowRequestId: number, decision: string, decisionToken = tokenFor(workflowRequestId)) =>
  decisionRequest({ identityStoreId: 2, workflowRequestId, decision, decisionToken });
const actions = () => h.dm.calls.map((c) => `${c.action} ${c.body.workflowRequestID}`);

describe("the first decision wins", () => {
  test("replay: the same approve three times reaches Directory Manager once", async () => {
    const relay = h.relay();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await relay.decision(decide(31, "approve")));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.slice(1).map((a) => JSON.parse(a.body).status)).toEqual(["already_decided", "already_decided"]);
    expect(actions()).toEqual(["Approve 31"]);
    expect(await blobNames(h.storage.decisionRecords)).toEqual([decisionRecordName(2, 31)]);
  });

  test("deny then approve with the same token: only the deny is relayed; the approve is 409 and logged", async () => {
    const relay = h.relay();
    expect((await relay.decision(decide(32, "deny"))).status).toBe(200);
    const flip = await relay.decision(decide(32, "approve"));
    expect([flip.status, errorCode(flip.body)]).toEqual([409, "decision_conflict"]);
    expect(actions()).toEqual(["Deny 32"]);
    expect(parsedLogs(h.logs)).toContainEqual(
      expect.objectContaining({ event: "decision.rejected", outcome: "decision_conflict", firstDecision: "deny" }),
    );
  });

  test("a deny queued while Directory Manager is down is not overtaken by a later approve", async () => {
    h.dm.down = true;
    const relay = h.relay();
    expect((await relay.decision(decide(33, "deny"))).status).toBe(202);
    h.dm.down = false;
    const later = await relay.decision(decide(33, "approve"));
    expect([later.status, errorCode(later.body)]).toEqual([409, "decision_conflict"]);
    await h.trigger(relay, RELAY_QUEUES.decisions);
    expect(actions()).toEqual(["Deny 33"]);
  });

  test("a queued decision that is not the recorded first one is not delivered (re-checked on delivery)", async () => {
    const relay = h.relay();
    expect((await relay.decision(decide(34, "deny"))).status).toBe(200);
    // An approve queued by an earlier relay version, before records existed.
    const legacy: DecisionMessage = {
      kind: "decision",
      correlationId: "legacy-1",
      eventId: "legacy-1",
      decision: { identityStoreId: 2, workflowRequestId: 34, decision: "approve" },
      attempts: 0,
      syncAttempts: 0,
      firstSeenAt: new Date().toISOString(),
    };
    await h.storage.queue(RELAY_QUEUES.decisions).sendMessage(Buffer.from(JSON.stringify(legacy)).toString("base64"));
    await h.trigger(relay, RELAY_QUEUES.decisions);
    expect(actions()).toEqual(["Deny 34"]);
    const [poisoned] = await takeAll<DecisionMessage>(h.storage.queue(RELAY_QUEUES.decisionsPoison));
    expect(poisoned.lastError).toMatch(/first decided "deny"/);
  });

  test("a decision whose token expires while it waits on the queue is not delivered", async () => {
    h.dm.down = true;
    expect((await h.relay().decision(decide(35, "approve"))).status).toBe(202);
    h.dm.down = false;
    const fifteenDaysOn = { ...instantSleepClock(), now: () => Date.now() + 15 * 24 * 3600 * 1000 };
    await h.trigger(h.relay({}, { clock: fifteenDaysOn }), RELAY_QUEUES.decisions);
    expect(h.dm.calls).toHaveLength(0);
    const [poisoned] = await takeAll<DecisionMessage>(h.storage.queue(RELAY_QUEUES.decisionsPoison));
    expect(poisoned.lastError).toMatch(/expired while the decision waited/);
  });
});

describe("a token has one route and one spelling", () => {
  const twoRoutes = () =>
    h.relay({
      [RELAY_SETTINGS.routes]: JSON.stringify({
        "create-user": { displayName: "Create User", flowUrlSetting: "FLOW_URL_CREATE_USER" },
        "delete-user": { displayName: "Delete User", flowUrlSetting: "FLOW_URL_CREATE_USER" },
      }),
    });

  test("the token names the route and event it came with; another route's spelling of it is refused", async () => {
    const relay = twoRoutes();
    const answer = await relay.flowEvent("create-user", jsonRequest('{"workflowRequestId":36}'));
    const eventId = answer.headers["x-relay-event-id"];
    const token = h.flow.received[0].headers["x-relay-decision-token"] as string;
    expect(token.startsWith(`v2.create-user.${eventId}.2.36.`)).toBe(true);
    const crossRoute = await relay.decision(decide(36, "approve", token.replace("v2.create-user.", "v2.delete-user.")));
    expect([crossRoute.status, errorCode(crossRoute.body)]).toEqual([403, "invalid_decision_token"]);
    expect(h.dm.calls).toHaveLength(0);
    expect((await relay.decision(decide(36, "approve", token))).status).toBe(200);
  });

  test.each([
    ["a leading zero in the expiry", (t: string) => t.replace(/\.(\d+)\.([^.]+)$/, ".0$1.$2")],
    ["a leading zero in the request id", (t: string) => t.replace(".2.37.", ".2.037.")],
    ["a leading zero in the identity store", (t: string) => t.replace(".2.37.", ".02.37.")],
    ["the route in another case", (t: string) => t.replace("create-user", "Create-User")],
    ["the version in another case", (t: string) => t.replace(/^v2/, "V2")],
    ["padding after the MAC", (t: string) => `${t}=`],
  ])("a non-canonical spelling (%s) is refused", async (_name, respell) => {
    const token = tokenFor(37);
    expect(respell(token)).not.toBe(token);
    const res = await h.relay().decision(decide(37, "approve", respell(token)));
    expect([res.status, errorCode(res.body)]).toEqual([403, "invalid_decision_token"]);
    expect(h.dm.calls).toHaveLength(0);
    expect(await queueLength(h.storage.queue(RELAY_QUEUES.decisions))).toBe(0);
  });
});
