/**
 * The durability count: N events sent while the fake flow fails or throttles at random. Every
 * event must end delivered at least once (the flow ran it) or on the poison queue; none lost.
 * Duplicates (the flow ran an event more than once, because its answer was lost) are counted.
 * The failures are drawn from a seeded generator: RELAY_SOAK_SEED=<n> replays a run (the seed is
 * printed); without it the seed is fixed, so every run draws the same failures.
 */
import { RELAY_QUEUES, RELAY_SETTINGS } from "../../contract/relay-settings";
import type { FlowEventMessage } from "../../relay/storage/messages";
import { queueLength, takeAll } from "./support/azurite";
import type { FlowBehaviour } from "./support/fake-flow";
import { jsonRequest, useHarness, type Harness } from "./support/relay-harness";

let h: Harness;
useHarness((started) => (h = started));

const N = 200;
const CONCURRENCY = 20;
const DEFAULT_SEED = 20260101;

/** Small seeded PRNG (mulberry32), so a failing run can be replayed with RELAY_SOAK_SEED. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// About behaviour, not speed: allow for a loaded machine.
jest.setTimeout(120_000);

test(`${N} events through a flaky, throttling flow: none lost, duplicates counted`, async () => {
  const seed = Number(process.env.RELAY_SOAK_SEED ?? DEFAULT_SEED);
  if (!Number.isSafeInteger(seed))
    throw new Error(`RELAY_SOAK_SEED must be a whole number, but "${process.env.RELAY_SOAK_SEED}" was given`);
  const next = random(seed);
  const behaviours: [number, FlowBehaviour][] = [
    [0.4, { status: 202 }],
    [0.15, { status: 500 }],
    [0.1, { status: 503 }],
    [0.15, { status: 429, headers: { "retry-after": "0" } }],
    [0.1, { reset: true }],
    [0.1, { runThenReset: true }], // the flow runs, its answer is lost: a duplicate in the making
  ];
  h.flow.otherwise(() => {
    let r = next();
    for (const [p, b] of behaviours) if ((r -= p) < 0) return b;
    return { status: 202 };
  });
  // The production deadline: every failure here is the flow's answer (or its dropped connection), so
  // no request times out because the machine is slow. Timeouts have their own tests (ingress, http client).
  const relay = h.relay({ [RELAY_SETTINGS.maxAttempts]: "4" });

  const ids = Array.from({ length: N }, (_, i) => `soak-${i}`);
  const answers: Record<string, number> = {};
  for (let i = 0; i < N; i += CONCURRENCY) {
    const batch = ids.slice(i, i + CONCURRENCY).map(async (id) => {
      const res = await relay.flowEvent(
        "create-user",
        jsonRequest(JSON.stringify({ id }), { "x-ms-client-tracking-id": id }),
      );
      const kind = res.status === 202 && res.body.includes('"queued"') ? "202 queued" : String(res.status);
      answers[kind] = (answers[kind] ?? 0) + 1;
    });
    await Promise.all(batch);
  }
  // Play the queue trigger until nothing is left to redeliver (no backoff in tests).
  let rounds = 0;
  while ((await queueLength(h.storage.queue(RELAY_QUEUES.flowEvents))) > 0 && rounds < 50) {
    await h.trigger(relay, RELAY_QUEUES.flowEvents);
    rounds += 1;
  }
  const runs = new Map<string, number>();
  // Every request for one event, first try or redelivery, carries the event id of the first.
  const eventIds = new Map<string, Set<string>>();
  for (const r of h.flow.received) {
    const id = r.headers["x-ms-client-tracking-id"] as string;
    if (r.accepted) runs.set(id, (runs.get(id) ?? 0) + 1);
    eventIds.set(id, (eventIds.get(id) ?? new Set()).add(String(r.headers["x-relay-event-id"])));
  }
  const poison = await takeAll<FlowEventMessage>(h.storage.queue(RELAY_QUEUES.flowEventsPoison));
  const poisoned = new Set(poison.map((m) => m.correlationId));
  const delivered = ids.filter((id) => runs.has(id));
  const lost = ids.filter((id) => !runs.has(id) && !poisoned.has(id));
  const duplicates = [...runs.values()].reduce((sum, n) => sum + n - 1, 0);
  const onlyPoisoned = ids.filter((id) => !runs.has(id) && poisoned.has(id)).length;

  console.log(
    `relay soak (seed ${seed}): N=${N} sent, ${h.flow.received.length} flow requests, answers ${JSON.stringify(answers)}; ` +
      `delivered at least once ${delivered.length}, only in poison ${onlyPoisoned}, lost ${lost.length}, duplicates ${duplicates} ` +
      `(${[...runs.values()].filter((n) => n > 1).length} events run more than once), poison queue ${poison.length}, queue rounds ${rounds}`,
  );
  expect(lost).toEqual([]);
  // Every event has one id, a UUID, on every request for it, and no two events share one.
  expect(
    [...eventIds.values()].filter(
      (set) => set.size !== 1 || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test([...set][0]),
    ),
  ).toEqual([]);
  expect(new Set([...eventIds.values()].map((set) => [...set][0])).size).toBe(N);
  // Not trivial: some events really were run more than once, and their redeliveries carried the first id.
  expect(duplicates).toBeGreaterThan(0);
  for (const m of poison) expect(eventIds.get(m.correlationId)).toEqual(new Set([m.eventId]));
  expect(answers["503"]).toBeUndefined(); // no "not queued" answers: every event was kept
  expect(answers["202 queued"]).toBeGreaterThan(0);
  expect(await queueLength(h.storage.queue(RELAY_QUEUES.flowEvents))).toBe(0);
  for (const m of poison) expect(m).toMatchObject({ attempts: 4, lastError: expect.any(String) });
  expect(delivered.length + onlyPoisoned).toBe(N);
  // Not trivial: the random failures really happened.
  expect(h.flow.received.length).toBeGreaterThan(N * 1.3);
});
