/**
 * The relay's numeric settings, each defined once as {default, min, max}: the config schema, the
 * FlowRelay construct and the relay itself all check against these, so a value the stack accepts
 * is one the relay accepts.
 */
export interface Limit {
  readonly default: number;
  readonly min: number;
  readonly max: number;
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
