/** Time as the relay sees it; injected so tests and benchmarks control waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** A signal that aborts after `ms`: the end of a budget the relay gives Storage, or of one HTTP try. */
  deadline(ms: number): AbortSignal;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  deadline: (ms) => AbortSignal.timeout(ms),
};
