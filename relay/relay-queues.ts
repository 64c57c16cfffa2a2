/**
 * Sending to the relay's Storage queues. A delay is the message's initial visibility timeout: the
 * queue itself holds the message back, so a backoff survives restarts and scale-in.
 */
import { QueueServiceClient } from "@azure/storage-queue";
import type { StorageSettings } from "./config";
import { ManagedIdentityCredential } from "./managed-identity-credential";
import { encodeMessage, type QueuedMessage } from "./messages";

export interface RelayQueues {
  send(queueName: string, message: QueuedMessage, delaySeconds: number): Promise<void>;
}

/** Storage's longest visibility timeout: 7 days. */
export const MAX_DELAY_SECONDS = 7 * 24 * 3600;

export function createStorageQueues(storage: StorageSettings): RelayQueues {
  const service =
    storage.kind === "connectionString"
      ? QueueServiceClient.fromConnectionString(storage.connectionString)
      : new QueueServiceClient(storage.queueServiceUrl, new ManagedIdentityCredential(storage.clientId));
  return {
    async send(queueName, message, delaySeconds) {
      const text = encodeMessage(message); // throws MessageTooLargeError when it cannot fit
      const visibilityTimeout = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delaySeconds)));
      // messageTimeToLive -1: never expire; a message leaves the queue only by delivery or poisoning.
      await service.getQueueClient(queueName).sendMessage(text, { visibilityTimeout, messageTimeToLive: -1 });
    },
  };
}
