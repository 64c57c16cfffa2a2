/**
 * What the relay keeps on its Storage queues. The correlation id travels with the message: it is
 * the idempotency key the flow (or Directory Manager) can use, since delivery is at-least-once.
 */
export interface Decision {
  readonly identityStoreId: number;
  readonly workflowRequestId: number;
  readonly decision: "approve" | "deny";
  readonly reason?: string;
}

interface QueuedBase {
  readonly correlationId: string;
  /** Deliveries tried from the queue so far. */
  readonly attempts: number;
  /** Tries made synchronously, before the message was queued. */
  readonly syncAttempts: number;
  readonly firstSeenAt: string;
  readonly lastError?: string;
  readonly lastStatus?: number;
  /** Set on the copy written to the poison queue. */
  readonly poisonedAt?: string;
}

export interface FlowEventMessage extends QueuedBase {
  readonly kind: "flow-event";
  readonly route: string;
  readonly event: Record<string, unknown>;
}

export interface DecisionMessage extends QueuedBase {
  readonly kind: "decision";
  readonly decision: Decision;
}

export type QueuedMessage = FlowEventMessage | DecisionMessage;

/** Storage queue messages hold at most 64 KiB; the Functions host expects base64 text by default. */
export const MAX_QUEUE_MESSAGE_CHARS = 65_536;

export function encodeMessage(message: QueuedMessage): string {
  return Buffer.from(JSON.stringify(message), "utf8").toString("base64");
}

export class MalformedMessageError extends Error {}

/**
 * Accepts what a queue trigger hands over (already decoded and parsed by the host), a JSON string,
 * or the raw base64 text read straight from the queue.
 */
export function decodeMessage(raw: unknown): QueuedMessage {
  let value = raw;
  if (typeof value === "string") {
    const text = value.trim().startsWith("{") ? value : Buffer.from(value, "base64").toString("utf8");
    try {
      value = JSON.parse(text);
    } catch {
      throw new MalformedMessageError("the message is not JSON");
    }
  }
  const m = value as Partial<QueuedMessage> | null;
  if (typeof m !== "object" || m === null || typeof m.correlationId !== "string" || typeof m.attempts !== "number") {
    throw new MalformedMessageError("the message lacks correlationId or attempts");
  }
  if (m.kind === "flow-event" && typeof m.route === "string" && typeof m.event === "object" && m.event !== null) return m as FlowEventMessage;
  if (m.kind === "decision" && typeof m.decision === "object" && m.decision !== null) return m as DecisionMessage;
  throw new MalformedMessageError(`the message has an unknown kind "${String(m.kind)}" or lacks its payload`);
}
