/**
 * Fast, honest failure when Storage is down (issue finding 6): with the flow failing and Storage
 * hanging or refusing connections, the caller gets 503 not_queued with Retry-After soon after the
 * forward deadline, not after the SDK's own retries (~16 s) or never. No timing is asserted: the
 * jest timeout below is several times what the relay needs, and far below what the old clients took.
 * The budget the relay gives Storage (what is left of the deadline plus QUEUEING_GRACE_MS) is
 * checked as asked for, and ends after 100 ms of real time, so a hanging Storage costs no seconds.
 */
import { createServer, type Server, type Socket } from "node:net";
import { randomBytes } from "node:crypto";
import { RELAY_SETTINGS } from "../../../contract/relay-settings";
import { QUEUEING_GRACE_MS } from "../../../relay/delivery/deliver-or-queue";
import {
  decisionRequest,
  instantSleepClock,
  jsonRequest,
  parsedLogs,
  useHarness,
  type Harness,
} from "../support/relay-harness";

let h: Harness;
useHarness((started) => (h = started));

/** A TCP server on loopback that accepts connections and never answers. */
let hanging: Server;
const sockets = new Set<Socket>();
beforeAll(async () => {
  hanging = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => hanging.close(resolve));
});

/** A loopback port nothing listens on: connections are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Azurite's connection string with both endpoints moved to the given loopback port. */
function storageAt(port: number): string {
  return h.storage.connectionString.replace(
    /(QueueEndpoint|BlobEndpoint)=http:\/\/127\.0\.0\.1:\d+/g,
    `$1=http://127.0.0.1:${port}`,
  );
}

const TIMEOUT_MS = 12_000;
const DEADLINE_MS = 1000;

/** The harness's clock, with Storage budgets recorded and ended after 100 ms of real time. */
function shortBudgets(asked: number[]) {
  return {
    ...instantSleepClock(),
    deadline: (ms: number) => {
      asked.push(ms);
      return AbortSignal.timeout(100);
    },
  };
}

describe.each([
  ["hangs", () => Promise.resolve((hanging.address() as { port: number }).port)],
  ["refuses connections", closedPort],
])("Storage that %s", (_name, port) => {
  test.each([
    ["a small event (queue message)", () => '{"department":"Sales"}'],
    ["a large event (payload blob)", () => JSON.stringify({ pad: randomBytes(60_000).toString("base64") })],
  ])(
    "%s: 503 not_queued with Retry-After, logged",
    async (_kind, body) => {
      h.flow.otherwise({ status: 503 });
      const budgets: number[] = [];
      const relay = h.relay(
        { AzureWebJobsStorage: storageAt(await port()), [RELAY_SETTINGS.forwardDeadlineMs]: String(DEADLINE_MS) },
        { clock: shortBudgets(budgets) },
      );
      const res = await relay.flowEvent("create-user", jsonRequest(body(), { "x-ms-client-tracking-id": "down-1" }));
      expect(res.status).toBe(503);
      expect(res.headers["retry-after"]).toBe("60");
      expect(JSON.parse(res.body).error.code).toBe("not_queued");
      expect(parsedLogs(h.logs)).toContainEqual(
        expect.objectContaining({ correlationId: "down-1", outcome: "not_queued", level: "error" }),
      );
      // One budget: what was left of the forward deadline, plus the grace.
      expect(budgets).toHaveLength(1);
      expect(budgets[0]).toBeGreaterThan(QUEUEING_GRACE_MS);
      expect(budgets[0]).toBeLessThanOrEqual(DEADLINE_MS + QUEUEING_GRACE_MS);
    },
    TIMEOUT_MS,
  );
});

test("a decision while Storage refuses connections: 503 not_recorded with Retry-After, Directory Manager not called", async () => {
  const relay = h.relay({ AzureWebJobsStorage: storageAt(await closedPort()) });
  const res = await relay.decision(decisionRequest({ identityStoreId: 2, workflowRequestId: 61, decision: "approve" }));
  expect([res.status, res.headers["retry-after"], JSON.parse(res.body).error.code]).toEqual([
    503,
    "60",
    "not_recorded",
  ]);
  expect(h.dm.calls).toEqual([]);
  expect(parsedLogs(h.logs)).toContainEqual(
    expect.objectContaining({ event: "decision.not_recorded", level: "error" }),
  );
});
