/**
 * The relay's numeric settings, each defined once as {default, min, max}: the config schema, the
 * FlowRelay construct and the relay itself all check against these, so a value the stack accepts
 * is one the relay accepts. Settings only the constructs take are in constructs/settings-bounds.ts.
 */
export interface Limit {
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /**
   * What the number counts, as said in "a whole number of <unit>"; left out for a plain count. The
   * relay's limits leave it to the config schema: this object is bundled into the relay, which never says it.
   */
  readonly unit?: string;
}

export const RELAY_LIMITS = {
  /** Largest accepted request body in bytes (1 MiB by default, 100 MiB at most). */
  maxBodyBytes: { default: 1_048_576, min: 1024, max: 104_857_600 },
  /**
   * Deadline of the synchronous forward in milliseconds; also each queued try's timeout. Azure's
   * front end ends an HTTP request after 230 s, so the maximum leaves 10 s for queueing and answering.
   */
  forwardDeadlineMs: { default: 10_000, min: 1000, max: 220_000 },
  /** Deliveries tried before a message goes to the poison queue. */
  maxAttempts: { default: 8, min: 1, max: 100 },
  /**
   * Deepest nesting of objects and arrays accepted in a request body (the top-level object is 1).
   * Directory Manager's events nest a few levels; a deeper body is refused before it is parsed.
   */
  maxJsonDepth: { default: 32, min: 4, max: 256 },
  /**
   * Longest Retry-After (seconds) the relay honours from a flow or Directory Manager; a longer one
   * is cut to this, so one answer cannot park a message for weeks. One hour by default.
   */
  maxRetryAfterSeconds: { default: 3600, min: 60, max: 86_400 },
} as const satisfies Record<string, Limit>;

/** One value per relay limit, checked against it: what the stack writes into the relay's app settings. */
export type RelayLimitValues = { readonly [name in keyof typeof RELAY_LIMITS]: number };
