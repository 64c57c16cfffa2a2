import { gunzipSync, gzipSync } from "node:zlib";

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

export class MessageTooLargeError extends Error {}
export class MalformedMessageError extends Error {}

const toBase64 = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64");

/**
 * The message as queue text. An event too large for a queue message as plain JSON travels gzipped
 * (`eventGzip`, base64) instead: JSON compresses several times over, so events of a few hundred KiB
 * still fit; only one that does not fit even then is refused.
 */
export function encodeMessage(message: QueuedMessage): string {
  const plain = toBase64(message);
  if (plain.length <= MAX_QUEUE_MESSAGE_CHARS) return plain;
  if (message.kind === "flow-event") {
    const { event, ...rest } = message;
    const compressed = toBase64({ ...rest, eventGzip: gzipSync(JSON.stringify(event)).toString("base64") });
    if (compressed.length <= MAX_QUEUE_MESSAGE_CHARS) return compressed;
  }
  throw new MessageTooLargeError(`the message is ${plain.length} characters encoded (also after compression); a Storage queue message holds at most ${MAX_QUEUE_MESSAGE_CHARS}`);
}

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
  const m = value as (Partial<QueuedMessage> & { eventGzip?: unknown }) | null;
  if (typeof m !== "object" || m === null || typeof m.correlationId !== "string" || typeof m.attempts !== "number") {
    throw new MalformedMessageError("the message lacks correlationId or attempts");
  }
  if (m.kind === "flow-event" && typeof m.eventGzip === "string") {
    const { eventGzip, ...rest } = m;
    return decodeMessage({ ...rest, event: gunzipJson(eventGzip) });
  }
  if (m.kind === "flow-event" && typeof m.route === "string" && typeof m.event === "object" && m.event !== null) return m as FlowEventMessage;
  if (m.kind === "decision" && typeof m.decision === "object" && m.decision !== null) return m as DecisionMessage;
  throw new MalformedMessageError(`the message has an unknown kind "${String(m.kind)}" or lacks its payload`);
}

function gunzipJson(base64: string): unknown {
  try {
    return JSON.parse(gunzipSync(Buffer.from(base64, "base64")).toString("utf8"));
  } catch {
    throw new MalformedMessageError("the message's compressed event cannot be read");
  }
}
