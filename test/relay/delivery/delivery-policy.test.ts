import { systemClock, type Clock } from "../../../relay/clock";
import { outcomeOfAnswer, parseRetryAfter, type DeliveryOutcome } from "../../../relay/delivery/delivery-outcome";
import { backoffSeconds } from "../../../relay/delivery/redelivery";
import { deliverWithinDeadline } from "../../../relay/delivery/sync-delivery";

const answer = (status: number, headers: Record<string, string> = {}) => ({ status, headers, body: "" });

/** A clock that only moves when the code under test sleeps. */
function manualClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    ...systemClock,
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

describe("delivery policy", () => {
  test("429, 408 and 5xx are worth retrying; other 4xx and 3xx are permanent; 2xx is delivered", () => {
    expect(
      [200, 202, 429, 408, 500, 503, 400, 401, 404, 302].map((s) => outcomeOfAnswer(answer(s), "the flow", 0).kind),
    ).toEqual([
      "delivered",
      "delivered",
      "transient",
      "transient",
      "transient",
      "transient",
      "permanent",
      "permanent",
      "permanent",
      "permanent",
    ]);
  });

  test("Retry-After is read as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("7", 0)).toBe(7000);
    expect(parseRetryAfter("Thu, 01 Jan 1970 00:00:30 GMT", 10_000)).toBe(20_000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
    expect(outcomeOfAnswer(answer(429, { "retry-after": "3" }), "the flow", 0)).toMatchObject({
      kind: "transient",
      retryAfterMs: 3000,
    });
  });

  test("queued backoff doubles up to the ceiling, and a longer Retry-After wins up to its cap", () => {
    const policy = { maxAttempts: 8, baseDelaySeconds: 30, maxDelaySeconds: 600, maxRetryAfterSeconds: 3600 };
    expect([0, 1, 2, 4, 7].map((n) => backoffSeconds(n, undefined, policy))).toEqual([30, 60, 120, 480, 600]);
    expect(backoffSeconds(0, 90_500, policy)).toBe(91);
    expect(backoffSeconds(7, 2400_000, policy)).toBe(2400);
    // A flow's Retry-After of eight weeks parks the message for the cap (an hour by default), no longer.
    expect(backoffSeconds(0, 8 * 7 * 24 * 3600_000, policy)).toBe(3600);
    expect(backoffSeconds(0, 8 * 7 * 24 * 3600_000, { ...policy, maxRetryAfterSeconds: 120 })).toBe(120);
  });

  test("synchronous tries: quick exponential waits, at most three tries", async () => {
    const clock = manualClock();
    const tries: number[] = [];
    const result = await deliverWithinDeadline(
      async (timeout) => {
        tries.push(timeout);
        return { kind: "transient", error: "down" } as DeliveryOutcome;
      },
      10_000,
      clock,
    );
    expect(result.attempts).toBe(3);
    expect(clock.slept).toEqual([200, 400]);
    expect(tries).toEqual([10_000, 9_800, 9_400]);
  });

  test("synchronous tries stop early when Retry-After does not fit the deadline", async () => {
    const clock = manualClock();
    const result = await deliverWithinDeadline(
      async () => ({ kind: "transient", error: "429", retryAfterMs: 15_000 }) as DeliveryOutcome,
      10_000,
      clock,
    );
    expect(result.attempts).toBe(1);
    expect(clock.slept).toEqual([]);
  });

  test("a permanent answer is not retried", async () => {
    const clock = manualClock();
    const result = await deliverWithinDeadline(async () => outcomeOfAnswer(answer(400), "the flow", 0), 10_000, clock);
    expect(result).toMatchObject({ attempts: 1, outcome: { kind: "permanent", status: 400 } });
  });
});
