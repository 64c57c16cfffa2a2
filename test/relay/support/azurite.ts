/**
 * Azurite's queue and blob services, in this process, in memory, on free loopback ports: started
 * and stopped by each test file, so no process or file is left behind.
 */
import { BlobServiceClient, type ContainerClient } from "@azure/storage-blob";
import { QueueServiceClient, type QueueClient } from "@azure/storage-queue";
import { RELAY_DECISION_CONTAINER, RELAY_PAYLOAD_CONTAINER, RELAY_QUEUES } from "../../../contract/relay-settings";

// Azurite ships no type declarations for its deep modules.
type Server = {
  start(): Promise<void>;
  close(): Promise<void>;
  clean(): Promise<void>;
  getHttpServerAddress(): string;
};
interface AzuriteServers {
  QueueServer: new (config: unknown) => Server;
  QueueConfiguration: new (...args: unknown[]) => unknown;
  BlobServer: new (config: unknown) => Server;
  BlobConfiguration: new (...args: unknown[]) => unknown;
}

/**
 * Under jest the test environment loads Azurite once per worker (test/support/environment.js);
 * elsewhere (the relay benchmarks) it is loaded here.
 */
function azuriteServers(): AzuriteServers {
  const loaded = (globalThis as { dmflowAzurite?: AzuriteServers }).dmflowAzurite;
  return loaded ?? (require("../../support/azurite-servers") as { azuriteServers(): AzuriteServers }).azuriteServers();
}

/** Azurite's well-known development account (public, documented by Microsoft). */
const ACCOUNT = "devstoreaccount1";
const KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface TestStorage {
  readonly connectionString: string;
  queue(name: string): QueueClient;
  /** The payload container (RELAY_PAYLOAD_CONTAINER). */
  readonly payloads: ContainerClient;
  /** The first-decision records (RELAY_DECISION_CONTAINER). */
  readonly decisionRecords: ContainerClient;
  close(): Promise<void>;
}

export async function startAzurite(): Promise<TestStorage> {
  // host, port 0 (free), defaults..., loose, skipApiVersionCheck, no TLS, no OAuth, product-style URLs off, in memory.
  const args = [
    "127.0.0.1",
    0,
    undefined,
    undefined,
    undefined,
    undefined,
    false,
    undefined,
    false,
    undefined,
    true,
    true,
    "",
    "",
    "",
    undefined,
    false,
    true,
  ];
  const { QueueServer, QueueConfiguration, BlobServer, BlobConfiguration } = azuriteServers();
  const servers = [new QueueServer(new QueueConfiguration(...args)), new BlobServer(new BlobConfiguration(...args))];
  await Promise.all(servers.map((s) => s.start()));
  const [queueServer, blobServer] = servers;
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};` +
    `QueueEndpoint=${queueServer.getHttpServerAddress()}/${ACCOUNT};BlobEndpoint=${blobServer.getHttpServerAddress()}/${ACCOUNT};`;
  const service = QueueServiceClient.fromConnectionString(connectionString);
  const blobs = BlobServiceClient.fromConnectionString(connectionString);
  const payloads = blobs.getContainerClient(RELAY_PAYLOAD_CONTAINER);
  const decisionRecords = blobs.getContainerClient(RELAY_DECISION_CONTAINER);
  await Promise.all([
    ...Object.values(RELAY_QUEUES).map((name) => service.getQueueClient(name).create()),
    payloads.create(),
    decisionRecords.create(),
  ]);
  return {
    connectionString,
    queue: (name) => service.getQueueClient(name),
    payloads,
    decisionRecords,
    async close() {
      for (const server of servers) {
        await server.close();
        await server.clean();
      }
    },
  };
}

/** Names of the blobs in a container. */
export async function blobNames(container: ContainerClient): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of container.listBlobsFlat()) names.push(blob.name);
  return names;
}

export interface ReceivedMessage<T> {
  readonly message: T;
  readonly dequeueCount: number;
}

/** Takes every visible message off a queue (decoded from the base64 JSON the relay writes). */
export async function takeAll<T = Record<string, unknown>>(queue: QueueClient): Promise<T[]> {
  const taken: T[] = [];
  for (;;) {
    const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 60 });
    if (receivedMessageItems.length === 0) return taken;
    for (const item of receivedMessageItems) {
      taken.push(JSON.parse(Buffer.from(item.messageText, "base64").toString("utf8")) as T);
      await queue.deleteMessage(item.messageId, item.popReceipt);
    }
  }
}

/**
 * Plays the Functions host's queue trigger once over the visible messages: hands each message's
 * text to the handler and deletes it only when the handler succeeds. Returns how many it handled.
 */
export async function runQueueTrigger(
  queue: QueueClient,
  handler: (messageText: string) => Promise<unknown>,
  rounds = Infinity,
): Promise<number> {
  let handled = 0;
  for (let round = 0; round < rounds; round++) {
    const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 60 });
    if (receivedMessageItems.length === 0) return handled;
    await Promise.all(
      receivedMessageItems.map(async (item) => {
        await handler(item.messageText);
        await queue.deleteMessage(item.messageId, item.popReceipt);
        handled += 1;
      }),
    );
  }
  return handled;
}

/** Approximate message count, including messages not yet visible. */
export async function queueLength(queue: QueueClient): Promise<number> {
  return (await queue.getProperties()).approximateMessagesCount ?? 0;
}
