/**
 * The payload blobs of the claim check: events too large for a queue message even compressed are
 * kept as blobs in RELAY_PAYLOAD_CONTAINER (created by FlowRelay, private) and the queue message
 * names the blob. Reached like the queues: the managed identity in Azure, a connection string locally.
 */
import { randomUUID } from "node:crypto";
import { ContainerClient, RestError } from "@azure/storage-blob";
import { RELAY_PAYLOAD_CONTAINER } from "../../contract/relay-settings";
import type { StorageSettings } from "../settings/storage-settings";
import { MalformedMessageError } from "./messages";
import { STORAGE_RETRY_OPTIONS } from "./storage-retry";
import { storageCredential } from "./storage-credential";

export interface PayloadStore {
  /** Stores a gzipped event under a new blob name (never overwriting one) and returns the name. */
  put(correlationId: string, gzipped: Buffer, route: string, abortSignal?: AbortSignal): Promise<string>;
  /** The stored bytes; PayloadMissingError when the blob does not exist. */
  get(name: string): Promise<Buffer>;
  /** Removes the blob, if it is still there. */
  delete(name: string): Promise<void>;
}

/** The referenced blob is gone: the message cannot be delivered, so the host keeps it on "<queue>-poison". */
export class PayloadMissingError extends MalformedMessageError {}

/**
 * `<correlation id>.<uuid>.json.gz`: the correlation id lets an operator find an event's blob by
 * prefix; the uuid keeps two events sent with the same id (a caller's retry) from sharing a blob.
 */
export function payloadBlobName(correlationId: string): string {
  return `${correlationId}.${randomUUID()}.json.gz`;
}

export function createBlobPayloadStore(storage: StorageSettings): PayloadStore {
  const container =
    storage.kind === "connectionString"
      ? new ContainerClient(storage.connectionString, RELAY_PAYLOAD_CONTAINER, { retryOptions: STORAGE_RETRY_OPTIONS })
      : new ContainerClient(
          `${storage.blobServiceUrl.replace(/\/+$/, "")}/${RELAY_PAYLOAD_CONTAINER}`,
          storageCredential(storage.clientId),
          { retryOptions: STORAGE_RETRY_OPTIONS },
        );
  return blobPayloadStore(container);
}

function blobPayloadStore(container: ContainerClient): PayloadStore {
  return {
    async put(correlationId, gzipped, route, abortSignal) {
      const name = payloadBlobName(correlationId);
      await container.getBlockBlobClient(name).uploadData(gzipped, {
        blobHTTPHeaders: { blobContentType: "application/json", blobContentEncoding: "gzip" },
        metadata: { correlationid: correlationId, route },
        conditions: { ifNoneMatch: "*" },
        abortSignal,
      });
      return name;
    },
    async get(name) {
      try {
        return await container.getBlobClient(name).downloadToBuffer();
      } catch (error) {
        if (error instanceof RestError && error.statusCode === 404) {
          throw new PayloadMissingError(
            `the payload blob ${RELAY_PAYLOAD_CONTAINER}/${name} does not exist (its event was delivered before, or the blob was removed)`,
          );
        }
        throw error;
      }
    },
    async delete(name) {
      await container.getBlobClient(name).deleteIfExists();
    },
  };
}
