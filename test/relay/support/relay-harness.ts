/**
 * One relay wired to real local parts: Azurite queues, the fake flow and the fake Directory Manager
 * over https on loopback, and a log sink the tests read.
 */
import type { Agent } from "node:https";
import { systemClock, type Clock } from "../../../relay/clock";
import { RELAY_QUEUES, RELAY_SETTINGS } from "../../../contract/relay-settings";
import type { Env } from "../../../relay/settings/setting-values";
import { createHttpsClient } from "../../../relay/delivery/http-client";
import { createRelay, type Relay, type RelayOverrides } from "../../../relay/relay-app";
import { blobNames, runQueueTrigger, startAzurite, type TestStorage } from "./azurite";
import { DM_CREDENTIALS, FakeDirectoryManager } from "./fake-directory-manager";
import { FakeFlow } from "./fake-flow";
import { testAgent } from "./test-tls";
import { issueDecisionToken } from "../../../relay/decision-token";

/** The decisions settings of every harness relay: identity store 2, a token key and a decisions key. */
export const DECISIONS = {
  identityStoreId: 2,
  tokenKey: "test-decision-token-key-0123456789-SECRET",
  decisionsKey: "test-decisions-key-0123456789abcdef-SECRET",
} as const;

/** A token as the relay sends it with an event of route create-user (made with the harness's token key). */
export function tokenFor(workflowRequestId: number, now = Date.now(), route = "create-user", identityStoreId = 2) {
  const claims = { route, eventId: `event-${workflowRequestId}`, identityStoreId, workflowRequestId };
  return issueDecisionToken(DECISIONS.tokenKey, claims, now);
}

/**
 * A decision as a flow sends it: with the decisions key and, unless the body has its own, the token
 * the relay would have sent with the event (made with the harness's token key).
 */
export function decisionRequest(body: Record<string, unknown>, headers: Record<string, string> = {}, now = Date.now()) {
  const { identityStoreId, workflowRequestId } = body;
  const signed =
    body.decisionToken === undefined && typeof identityStoreId === "number" && typeof workflowRequestId === "number"
      ? { ...body, decisionToken: tokenFor(workflowRequestId, now, "create-user", identityStoreId) }
      : body;
  return jsonRequest(JSON.stringify(signed), { "x-relay-decisions-key": DECISIONS.decisionsKey, ...headers });
}

export const SALES_SITE = {
  siteUrl: "https://contoso.sharepoint.com/sites/sales",
  groupObjectId: "6f1c2a9e-58a4-4c47-9c1b-0a2f3e4d5c6b",
};

export interface Harness {
  readonly flow: FakeFlow;
  readonly dm: FakeDirectoryManager;
  readonly storage: TestStorage;
  readonly agent: Agent;
  readonly logs: string[];
  /** Builds a relay over the harness; settings and overrides on top of the defaults. */
  relay(settings?: Record<string, string | undefined>, overrides?: RelayOverrides): Relay;
  env(settings?: Record<string, string | undefined>): Env;
  /** Plays the queue trigger over a relay queue; see runQueueTrigger. */
  trigger(relay: Relay, queueName: string, rounds?: number): Promise<number>;
  /** Forgets what the fakes recorded and empties the logs, every relay queue and the payload container. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** One harness per test file: started before its tests, cleared before each, closed after all. */
export function useHarness(receive: (harness: Harness) => void): void {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness();
    receive(harness);
  });
  beforeEach(() => harness?.clear());
  afterAll(() => harness?.close());
}

export async function startHarness(): Promise<Harness> {
  const [flow, dm, storage] = await Promise.all([FakeFlow.start(), FakeDirectoryManager.start(), startAzurite()]);
  const agent = testAgent();
  const logs: string[] = [];
  const env = (settings: Record<string, string | undefined> = {}): Env => ({
    [RELAY_SETTINGS.routes]: JSON.stringify({
      "create-user": { displayName: "Create User", flowUrlSetting: "FLOW_URL_CREATE_USER" },
    }),
    FLOW_URL_CREATE_USER: flow.url,
    [RELAY_SETTINGS.departments]: JSON.stringify({ Sales: SALES_SITE }),
    [RELAY_SETTINGS.maxAttempts]: "3",
    [RELAY_SETTINGS.version]: "1.2.3-test",
    [RELAY_SETTINGS.decisionsEnabled]: "true",
    [RELAY_SETTINGS.directoryManagerUrl]: dm.baseUrl,
    [RELAY_SETTINGS.directoryManagerTokenUrl]: dm.tokenUrl,
    [RELAY_SETTINGS.directoryManagerUsername]: DM_CREDENTIALS.username,
    [RELAY_SETTINGS.directoryManagerPassword]: DM_CREDENTIALS.password,
    [RELAY_SETTINGS.directoryManagerClientId]: DM_CREDENTIALS.clientId,
    [RELAY_SETTINGS.directoryManagerClientSecret]: DM_CREDENTIALS.clientSecret,
    [RELAY_SETTINGS.directoryManagerIdentityStoreId]: String(DECISIONS.identityStoreId),
    [RELAY_SETTINGS.decisionTokenKey]: DECISIONS.tokenKey,
    [RELAY_SETTINGS.decisionsKey]: DECISIONS.decisionsKey,
    AzureWebJobsStorage: storage.connectionString,
    ...settings,
  });
  return {
    flow,
    dm,
    storage,
    agent,
    logs,
    env,
    relay: (settings, overrides = {}) =>
      createRelay(env(settings), {
        http: createHttpsClient(agent),
        logSink: (line) => logs.push(line),
        // No waiting between queued tries, nor between the quick synchronous tries, unless a test asks for it.
        backoff: { baseDelaySeconds: 0, maxDelaySeconds: 0 },
        clock: instantSleepClock(),
        ...overrides,
      }),
    trigger: (relay, queueName, rounds) =>
      runQueueTrigger(storage.queue(queueName), (text) => relay.queuedMessage(text), rounds),
    async clear() {
      flow.reset();
      dm.reset();
      logs.length = 0;
      await Promise.all([
        ...Object.values(RELAY_QUEUES).map((name) => storage.queue(name).clearMessages()),
        ...(await blobNames(storage.payloads)).map((name) => storage.payloads.deleteBlob(name)),
        ...(await blobNames(storage.decisionRecords)).map((name) => storage.decisionRecords.deleteBlob(name)),
      ]);
    },
    async close() {
      agent.destroy();
      await Promise.all([flow.close(), dm.close(), storage.close()]);
    },
  };
}

/**
 * Real time, but sleeping returns at once and is recorded: the quick retries within a request's
 * deadline happen without waiting, and a test can check how long the relay asked to wait.
 */
export function instantSleepClock(waits: number[] = []): Clock {
  return { ...systemClock, sleep: async (ms) => void waits.push(ms) };
}

/** A request as the relay's functions see it; a string body is sent as UTF-8, a Buffer as its bytes. */
export function jsonRequest(body: string | Buffer, headers: Record<string, string> = {}) {
  const all = new Map(
    Object.entries({ "content-type": "application/json", ...headers }).map(([k, v]) => [k.toLowerCase(), v]),
  );
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  return {
    headers: { get: (name: string) => all.get(name.toLowerCase()) ?? null },
    arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  };
}

/** Parsed log lines. */
export function parsedLogs(logs: readonly string[]): Record<string, unknown>[] {
  return logs.map((line) => JSON.parse(line) as Record<string, unknown>);
}
