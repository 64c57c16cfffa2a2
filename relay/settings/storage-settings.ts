/**
 * Where the queues and the payload blobs live: the Functions host's own storage settings, a
 * connection string locally (Azurite) or the account's endpoints via managed identity in Azure.
 */
import { optional, type Env, type Report } from "./setting-values";

export type StorageSettings =
  | { readonly kind: "connectionString"; readonly connectionString: string }
  | {
      readonly kind: "identity";
      readonly queueServiceUrl: string;
      readonly blobServiceUrl: string;
      readonly clientId?: string;
    };

/** Each service URI setting wins over the one derived from the account name. */
export function readStorage(env: Env, problem: Report): StorageSettings | undefined {
  const connectionString = optional(env, "AzureWebJobsStorage");
  if (connectionString !== undefined) return { kind: "connectionString", connectionString };
  const clientId = optional(env, "AzureWebJobsStorage__clientId");
  const account = optional(env, "AzureWebJobsStorage__accountName");
  if (account !== undefined && !/^[a-z0-9]{3,24}$/.test(account)) {
    problem("AzureWebJobsStorage__accountName", "must be a storage account name (3-24 lower-case letters and digits)");
    return undefined;
  }
  const serviceUrl = (service: "queue" | "blob") =>
    optional(env, `AzureWebJobsStorage__${service}ServiceUri`) ??
    (account !== undefined ? `https://${account}.${service}.core.windows.net` : undefined);
  const queueServiceUrl = serviceUrl("queue");
  const blobServiceUrl = serviceUrl("blob");
  if (queueServiceUrl === undefined) {
    problem(
      "AzureWebJobsStorage__accountName",
      "is missing (or set AzureWebJobsStorage to a connection string for local runs)",
    );
    return undefined;
  }
  if (blobServiceUrl === undefined) {
    problem(
      "AzureWebJobsStorage__blobServiceUri",
      "is missing: with AzureWebJobsStorage__queueServiceUri and no AzureWebJobsStorage__accountName, the payload blobs need it",
    );
    return undefined;
  }
  return { kind: "identity", queueServiceUrl, blobServiceUrl, clientId };
}
