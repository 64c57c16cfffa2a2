/**
 * Issue 25 through the deployable bundle's registrations (support/functions-host.ts, with the host's
 * function-key check played): each side holds its own function's key, a flow's key cannot post an
 * event (so it cannot make the relay mint a token), a decision is relayed once, events flow with
 * every decision setting missing, and the enrichment key is the relay's in any case.
 */
import https from "node:https";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RELAY_FUNCTIONS, RELAY_QUEUES, RELAY_SETTINGS } from "../../contract/relay-settings";
import { takeAll } from "./support/azurite";
import { loadFunctionApp, type HostKeys, type HostRequest, type LoadedFunctionApp } from "./support/functions-host";
import { DECISIONS, startHarness, type Harness } from "./support/relay-harness";
import { testAgent } from "./support/test-tls";
import { copyRelayBundle } from "../support/relay-bundle";

jest.setTimeout(60_000);

/** Directory Manager holds flowEvent's key, the flows hold decision's; nobody is handed the host key. */
const KEYS: HostKeys = {
  master: "master-key-SECRET",
  host: ["host-default-key-SECRET"],
  functions: {
    [RELAY_FUNCTIONS.flowEvent]: ["dm-ingress-key-SECRET"],
    [RELAY_FUNCTIONS.decision]: ["flows-decision-key-SECRET"],
    [RELAY_FUNCTIONS.healthDetails]: ["health-details-key-SECRET"],
  },
};
const DM_KEY = KEYS.functions.flowEvent[0];
const FLOWS_KEY = KEYS.functions.decision[0];

let h: Harness;
let app: LoadedFunctionApp;
let withoutDecisions: LoadedFunctionApp;
let outDir: string;
const defaultAgent = https.globalAgent;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), "relay-keys-"));
  copyRelayBundle(join(outDir, "a"));
  // A second copy of the bundle: a module loads once per path, and this one starts with other settings.
  cpSync(join(outDir, "a"), join(outDir, "b"), { recursive: true });
  h = await startHarness();
  https.globalAgent = testAgent();
  const env = Object.fromEntries(Object.entries(h.env()).filter((e): e is [string, string] => e[1] !== undefined));
  const decisionSettings = new Set<string>([
    RELAY_SETTINGS.directoryManagerUrl,
    RELAY_SETTINGS.directoryManagerTokenUrl,
    RELAY_SETTINGS.directoryManagerUsername,
    RELAY_SETTINGS.directoryManagerPassword,
    RELAY_SETTINGS.directoryManagerClientId,
    RELAY_SETTINGS.directoryManagerClientSecret,
    RELAY_SETTINGS.directoryManagerIdentityStoreId,
    RELAY_SETTINGS.decisionTokenKey,
    RELAY_SETTINGS.decisionTokenPreviousKey,
    RELAY_SETTINGS.decisionsKey,
  ]);
  const bare = Object.fromEntries(Object.entries(env).filter(([name]) => !decisionSettings.has(name)));
  const quiet = jest.spyOn(global.console, "log").mockImplementation(() => undefined);
  const quietErrors = jest.spyOn(global.console, "error").mockImplementation(() => undefined);
  try {
    app = loadFunctionApp(join(outDir, "a"), env, undefined, KEYS);
    withoutDecisions = loadFunctionApp(join(outDir, "b"), bare, undefined, KEYS);
  } finally {
    quiet.mockRestore();
    quietErrors.mockRestore();
  }
});
beforeEach(() => h.clear());
afterAll(async () => {
  https.globalAgent.destroy();
  https.globalAgent = defaultAgent;
  await h?.close();
  rmSync(outDir, { recursive: true, force: true });
});

const event = (body: string, key: string | undefined, on = app) =>
  on.invokeHttp(RELAY_FUNCTIONS.flowEvent, {
    method: "POST",
    path: "flows/create-user",
    params: { route: "create-user" },
    headers: { "content-type": "application/json", ...(key ? { "x-functions-key": key } : {}) },
    body,
  });
const decision = (body: Record<string, unknown>, key: string, on = app) =>
  on.invokeHttp(RELAY_FUNCTIONS.decision, {
    method: "POST",
    path: "decisions",
    query: { code: key },
    headers: { "content-type": "application/json", "x-relay-decisions-key": DECISIONS.decisionsKey },
    body: JSON.stringify(body),
  } satisfies HostRequest);
const errorCode = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;

describe("keys per side", () => {
  test("the flows' key cannot post an event: no event, no token minted; Directory Manager's key cannot decide", async () => {
    const minting = await event('{"workflowRequestId":4242}', FLOWS_KEY);
    expect(minting.status).toBe(401);
    expect(h.flow.received).toEqual([]);
    const deciding = await decision(
      { identityStoreId: 2, workflowRequestId: 4242, decision: "approve", decisionToken: "x" },
      DM_KEY,
    );
    expect(deciding.status).toBe(401);
    expect(h.dm.calls).toEqual([]);
    expect((await event('{"workflowRequestId":4242}', DM_KEY)).status).toBe(202);
  });

  test("with its own keys each side works, and a replayed decision reaches Directory Manager once", async () => {
    await event('{"department":"Sales","workflowRequestId":4711}', DM_KEY);
    const decisionToken = h.flow.received[0].headers["x-relay-decision-token"];
    expect(decisionToken).toMatch(/^v2\.create-user\./);
    const approve = { identityStoreId: 2, workflowRequestId: 4711, decision: "approve", decisionToken };
    const answers = [await decision(approve, FLOWS_KEY), await decision(approve, FLOWS_KEY)];
    const deny = await decision({ ...approve, decision: "deny" }, FLOWS_KEY);
    expect(answers.map((a) => [a.status, JSON.parse(a.body).status])).toEqual([
      [200, "delivered"],
      [200, "already_decided"],
    ]);
    expect([deny.status, errorCode(deny.body)]).toEqual([409, "decision_conflict"]);
    expect(h.dm.calls.map((c) => c.action)).toEqual(["Approve"]);
  });
});

describe("events need no decision setting", () => {
  test("with every decision setting removed, events are delivered and /api/decisions is 503 decisions_unavailable naming no secret", async () => {
    const res = await event('{"department":"Sales","workflowRequestId":5}', DM_KEY, withoutDecisions);
    expect(res.status).toBe(202);
    expect(h.flow.received).toHaveLength(1);
    const refused = await decision(
      { identityStoreId: 2, workflowRequestId: 5, decision: "approve", decisionToken: "x" },
      FLOWS_KEY,
      withoutDecisions,
    );
    expect([refused.status, errorCode(refused.body)]).toEqual([503, "decisions_unavailable"]);
    for (const secret of [DECISIONS.decisionsKey, DECISIONS.tokenKey, h.dm.baseUrl])
      expect(refused.body).not.toContain(secret);
    const details = await withoutDecisions.invokeHttp(RELAY_FUNCTIONS.healthDetails, {
      method: "GET",
      path: "health/details",
      headers: { "x-functions-key": KEYS.functions.healthDetails[0] },
    });
    const health = JSON.parse(details.body);
    expect([details.status, health.status, health.decisions]).toEqual([200, "up", false]);
    expect(health.problems.map((p: { setting: string }) => p.setting)).toContain(RELAY_SETTINGS.decisionTokenKey);
  });
});

describe("the enrichment is the relay's", () => {
  test.each([["sharePointSite"], ["sharepointsite"], ["SHAREPOINTSITE"], ["sharePointSITE"]])(
    "an event bringing its own %s is refused 400 and goes nowhere",
    async (key) => {
      const res = await event(JSON.stringify({ department: "HR", [key]: { siteUrl: "https://evil.test" } }), DM_KEY);
      expect([res.status, errorCode(res.body)]).toEqual([400, "enrichment_key_supplied"]);
      expect(h.flow.received).toEqual([]);
      expect(await takeAll(h.storage.queue(RELAY_QUEUES.flowEvents))).toEqual([]);
    },
  );

  test("two department keys differing only in case are refused", async () => {
    const res = await event('{"department":"HR","Department":"Sales"}', DM_KEY);
    expect([res.status, errorCode(res.body)]).toEqual([400, "ambiguous_department"]);
    expect(h.flow.received).toEqual([]);
  });
});
