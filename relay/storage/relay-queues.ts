/**
 * Sending to the relay's Storage queues. A delay is the message's initial visibility timeout: the
 * queue itself holds the message back, so a backoff survives restarts and scale-in. An event too
 * large for a queue message goes to a payload blob first (claim-check.ts).
 */
import { QueueServiceClient } from "@azure/storage-queue";
import { queueText } from "./claim-check";
import type { StorageSettings } from "../settings/storage-settings";
import type { QueuedMessage } from "./messages";
import type { PayloadStore } from "./payload-store";
import { storageCredential } from "./storage-credential";
import { STORAGE_RETRY_OPTIONS } from "./storage-retry";

export interface RelayQueues {
  /** `abortSignal` ends the whole send (payload blob and queue message, every try) when it fires. */
  send(
    queueName: string,
    message: QueuedMessage,
    delaySeconds: number,
    options?: { abortSignal?: AbortSignal },
  ): Promise<void>;
}

/** Storage's longest visibility timeout: 7 days. */
export const MAX_DELAY_SECONDS = 7 * 24 * 3600;

export function createStorageQueues(storage: StorageSettings, payloads: PayloadStore): RelayQueues {
  const service =
    storage.kind === "connectionString"
      ? QueueServiceClient.fromConnectionString(storage.connectionString, { retryOptions: STORAGE_RETRY_OPTIONS })
      : new QueueServiceClient(storage.queueServiceUrl, storageCredential(storage.clientId), {
          retryOptions: STORAGE_RETRY_OPTIONS,
        });
  return {
    async send(queueName, message, delaySeconds, options = {}) {
      const text = await queueText(message, payloads, options.abortSignal); // throws when the payload blob cannot be written either
      const visibilityTimeout = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delaySeconds)));
      // messageTimeToLive -1: never expire; a message leaves the queue only by delivery or poisoning.
      await service
        .getQueueClient(queueName)
        .sendMessage(text, { visibilityTimeout, messageTimeToLive: -1, abortSignal: options.abortSignal });
    },
  };
}
