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
  /**
   * The relay's id for this event or decision, made once when it arrived and the same on every
   * delivery of it (header x-relay-event-id), on every retry copy, the poison entry and log lines.
   */
  readonly eventId: string;
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
  /** The decision token for the workflow request in this event, when it has one and decisions are on. */
  readonly decisionToken?: string;
  /** The event's exact text as the flow receives it (the received body, plus any enrichment). */
  readonly body: string;
  /**
   * Set when the event is kept in a payload blob (RELAY_PAYLOAD_CONTAINER, gzipped JSON) because it
   * does not fit a queue message even compressed: the queue then carries only this name (the claim
   * check), on every retry and on the poison queue, until the event is delivered.
   */
  readonly payloadBlob?: string;
}

/** A flow event as it sits on the queue under a claim check: everything but the event, which is in its blob. */
export interface FlowEventReference extends Omit<FlowEventMessage, "body" | "payloadBlob"> {
  readonly payloadBlob: string;
}

export interface DecisionMessage extends QueuedBase {
  readonly kind: "decision";
  readonly decision: Decision;
  /** The route and event id of the token it came with (absent on decisions queued by earlier versions). */
  readonly route?: string;
  readonly tokenEventId?: string;
  /** The token's expiry, Unix seconds: a decision still queued then is not delivered. */
  readonly expires?: number;
}

export type QueuedMessage = FlowEventMessage | DecisionMessage;

/** What a queue message decodes to: a whole message, or a reference whose event is still in its blob. */
export type DecodedMessage = QueuedMessage | FlowEventReference;

export function isReference(message: DecodedMessage): message is FlowEventReference {
  return message.kind === "flow-event" && !("body" in message);
}

/** Storage queue messages hold at most 64 KiB; the Functions host expects base64 text by default. */
export const MAX_QUEUE_MESSAGE_CHARS = 65_536;

export class MessageTooLargeError extends Error {}
export class MalformedMessageError extends Error {}

const toBase64 = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64");

/** Blob names the relay gives payloads: the correlation id's characters, a uuid, ".json.gz". */
const PAYLOAD_BLOB_NAME = /^[A-Za-z0-9._:-]{1,400}$/;

/**
 * The message as queue text. An event too large for a queue message as plain JSON travels gzipped
 * (`bodyGzip`, base64) instead: JSON compresses several times over, so events of a few hundred KiB
 * still fit. A message with a `payloadBlob` travels without its event (a claim check). Throws
 * MessageTooLargeError when the message does not fit even so: the caller then stores the event in a
 * payload blob (see claim-check.ts).
 */
export function encodeMessage(message: QueuedMessage): string {
  if (message.kind === "flow-event" && message.payloadBlob !== undefined) {
    const { body: _inBlob, ...reference } = message;
    return fitting(toBase64(reference));
  }
  const plain = toBase64(message);
  if (plain.length <= MAX_QUEUE_MESSAGE_CHARS) return plain;
  if (message.kind === "flow-event") {
    const { body, ...rest } = message;
    const compressed = toBase64({ ...rest, bodyGzip: gzipEvent(body).toString("base64") });
    if (compressed.length <= MAX_QUEUE_MESSAGE_CHARS) return compressed;
  }
  return fitting(plain);
}

function fitting(text: string): string {
  if (text.length <= MAX_QUEUE_MESSAGE_CHARS) return text;
  throw new MessageTooLargeError(
    `the message is ${text.length} characters encoded (also after compression); a Storage queue message holds at most ${MAX_QUEUE_MESSAGE_CHARS}`,
  );
}

/** An event's text gzipped: the `bodyGzip` of a queue message, or the content of a payload blob. */
export function gzipEvent(body: string): Buffer {
  return gzipSync(Buffer.from(body, "utf8"));
}

/** The event's text back, unchanged; MalformedMessageError when it is unreadable or not a JSON object. */
export function gunzipEvent(gzipped: Buffer, what = "the message's compressed event"): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(gunzipSync(gzipped));
  } catch {
    throw new MalformedMessageError(`${what} cannot be read`);
  }
  if (!/^\s*\{[\s\S]*\}\s*$/.test(text)) throw new MalformedMessageError(`${what} is not a JSON object`);
  return text;
}

/**
 * Accepts what a queue trigger hands over (already decoded and parsed by the host), a JSON string,
 * or the raw base64 text read straight from the queue.
 */
export function decodeMessage(raw: unknown): DecodedMessage {
  let value = raw;
  if (typeof value === "string") {
    const text = value.trim().startsWith("{") ? value : Buffer.from(value, "base64").toString("utf8");
    try {
      value = JSON.parse(text);
    } catch {
      throw new MalformedMessageError("the message is not JSON");
    }
  }
  const found = value as
    | (Partial<QueuedMessage> & {
        bodyGzip?: unknown;
        eventGzip?: unknown;
        event?: unknown;
        payloadBlob?: unknown;
        body?: unknown;
      })
    | null;
  if (
    typeof found !== "object" ||
    found === null ||
    typeof found.correlationId !== "string" ||
    typeof found.attempts !== "number"
  ) {
    throw new MalformedMessageError("the message lacks correlationId or attempts");
  }
  // Messages queued before event ids existed: their correlation id stands in, the same on every copy.
  const m = { ...found, eventId: typeof found.eventId === "string" ? found.eventId : found.correlationId };
  if (m.kind === "flow-event" && (typeof m.bodyGzip === "string" || typeof m.eventGzip === "string")) {
    const { bodyGzip, eventGzip, ...rest } = m;
    return decodeMessage({ ...rest, body: gunzipEvent(Buffer.from(String(bodyGzip ?? eventGzip), "base64")) });
  }
  // Messages queued by earlier versions carry the parsed event; its JSON text is the body.
  if (m.kind === "flow-event" && m.body === undefined && typeof m.event === "object" && m.event !== null) {
    const { event, ...rest } = m;
    return decodeMessage({ ...rest, body: JSON.stringify(event) });
  }
  if (m.kind === "flow-event" && m.payloadBlob !== undefined && m.body === undefined) {
    if (typeof m.route !== "string" || typeof m.payloadBlob !== "string" || !PAYLOAD_BLOB_NAME.test(m.payloadBlob)) {
      throw new MalformedMessageError(
        "the message's payload reference lacks its route or has an invalid payloadBlob name",
      );
    }
    return m as FlowEventReference;
  }
  if (m.kind === "flow-event" && typeof m.route === "string" && typeof m.body === "string")
    return m as FlowEventMessage;
  if (m.kind === "decision" && typeof m.decision === "object" && m.decision !== null) return m as DecisionMessage;
  throw new MalformedMessageError(`the message has an unknown kind "${String(m.kind)}" or lacks its payload`);
}
