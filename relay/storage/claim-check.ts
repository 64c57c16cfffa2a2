/**
 * The claim check: a flow event that does not fit a queue message even compressed is stored in a
 * payload blob, and the queue carries a small message naming it (`payloadBlob`). The name travels
 * with every retry and onto the poison queue, so the event stays findable; the blob is deleted only
 * after the event was delivered (delivery is at-least-once, so never before).
 */
import {
  decodeMessage,
  encodeMessage,
  gunzipEvent,
  gzipEvent,
  isReference,
  MessageTooLargeError,
  type QueuedMessage,
} from "./messages";
import type { PayloadStore } from "./payload-store";

/** The queue text for a message, storing its event in a payload blob first when it cannot fit otherwise. */
export async function queueText(
  message: QueuedMessage,
  payloads: PayloadStore,
  abortSignal?: AbortSignal,
): Promise<string> {
  try {
    return encodeMessage(message);
  } catch (error) {
    if (!(error instanceof MessageTooLargeError) || message.kind !== "flow-event" || message.payloadBlob !== undefined)
      throw error;
    // Not deleted if the send below fails: the send may have reached the queue anyway (at-least-once).
    const payloadBlob = await payloads.put(message.correlationId, gzipEvent(message.body), message.route, abortSignal);
    return encodeMessage({ ...message, payloadBlob });
  }
}

/** A queued message, whole: a claim check's event is read back from its blob (the name is kept). */
export async function readQueuedMessage(raw: unknown, payloads: PayloadStore): Promise<QueuedMessage> {
  const decoded = decodeMessage(raw);
  if (!isReference(decoded)) return decoded;
  const body = gunzipEvent(await payloads.get(decoded.payloadBlob), `the payload blob ${decoded.payloadBlob}`);
  return { ...decoded, body };
}

/**
 * Deletes a delivered event's payload blob; call it only once the delivery succeeded. Returns the
 * error when the delete failed: the blob is then left behind (an orphan), the event is not lost.
 */
export async function releasePayload(message: QueuedMessage, payloads: PayloadStore): Promise<string | undefined> {
  if (message.kind !== "flow-event" || message.payloadBlob === undefined) return undefined;
  try {
    await payloads.delete(message.payloadBlob);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
