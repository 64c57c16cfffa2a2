/**
 * The first-decision records: one blob per (identity store, workflow request) in
 * RELAY_DECISION_CONTAINER, created with If-None-Match: * before a decision is queued or relayed.
 * Storage makes the create atomic, so of two decisions racing, one is recorded and the other finds
 * it: the first decision wins, durably, whatever order the queue later delivers in.
 */
import { ContainerClient, RestError } from "@azure/storage-blob";
import { RELAY_DECISION_CONTAINER } from "../../contract/relay-settings";
import type { StorageSettings } from "../settings/storage-settings";
import { storageCredential } from "./storage-credential";
import { STORAGE_RETRY_OPTIONS } from "./storage-retry";

export interface DecisionRecord {
  readonly identityStoreId: number;
  readonly workflowRequestId: number;
  readonly decision: "approve" | "deny";
  /** The route and event id of the token the decision came with. */
  readonly route: string;
  readonly tokenEventId: string;
  /** The relay's id of the decision (its queue messages' eventId). */
  readonly decisionId: string;
  readonly correlationId: string;
  readonly decidedAt: string;
}

export type Claim = { readonly kind: "first" } | { readonly kind: "taken"; readonly record: DecisionRecord };

export interface DecisionRecords {
  /** Records the decision unless one is recorded for its request; then returns that one. */
  claim(record: DecisionRecord, abortSignal?: AbortSignal): Promise<Claim>;
  /** Removes the record if it is still this decision's (it could not be kept on a queue). */
  release(record: DecisionRecord): Promise<void>;
}

/** `<identity store>/<workflow request>.json`: canonical decimal numbers, so one blob per request. */
export function decisionRecordName(identityStoreId: number, workflowRequestId: number): string {
  return `${identityStoreId}/${workflowRequestId}.json`;
}

export function createBlobDecisionRecords(storage: StorageSettings): DecisionRecords {
  const container =
    storage.kind === "connectionString"
      ? new ContainerClient(storage.connectionString, RELAY_DECISION_CONTAINER, { retryOptions: STORAGE_RETRY_OPTIONS })
      : new ContainerClient(
          `${storage.blobServiceUrl.replace(/\/+$/, "")}/${RELAY_DECISION_CONTAINER}`,
          storageCredential(storage.clientId),
          { retryOptions: STORAGE_RETRY_OPTIONS },
        );
  return blobDecisionRecords(container);
}

export function blobDecisionRecords(container: ContainerClient): DecisionRecords {
  const blob = (r: Pick<DecisionRecord, "identityStoreId" | "workflowRequestId">) =>
    container.getBlockBlobClient(decisionRecordName(r.identityStoreId, r.workflowRequestId));
  const read = async (r: DecisionRecord) => {
    const download = await blob(r).downloadToBuffer();
    return JSON.parse(download.toString("utf8")) as DecisionRecord;
  };
  return {
    async claim(record, abortSignal) {
      const text = JSON.stringify(record);
      try {
        await blob(record).upload(text, Buffer.byteLength(text), {
          blobHTTPHeaders: { blobContentType: "application/json" },
          conditions: { ifNoneMatch: "*" },
          abortSignal,
        });
        return { kind: "first" };
      } catch (error) {
        if (!(error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412))) throw error;
      }
      return { kind: "taken", record: await read(record) };
    },
    async release(record) {
      const properties = await blob(record).getProperties();
      if ((await read(record)).decisionId !== record.decisionId) return;
      await blob(record).delete({ conditions: { ifMatch: properties.etag } });
    },
  };
}
