/** Everything the relay's functions depend on, injected, so tests call them directly. */
import type { Clock } from "./clock";
import type { RelayConfig } from "./settings/settings";
import type { DirectoryManagerClient } from "./delivery/directory-manager-client";
import type { HttpClient } from "./delivery/http-client";
import type { Logger } from "./logging";
import type { PayloadStore } from "./storage/payload-store";
import type { RedeliveryPolicy } from "./delivery/redelivery";
import type { RelayQueues } from "./storage/relay-queues";

export interface RelayDeps {
  readonly config: RelayConfig;
  readonly http: HttpClient;
  readonly queues: RelayQueues;
  /** Payload blobs of events too large for a queue message (the claim check). */
  readonly payloads: PayloadStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly redelivery: RedeliveryPolicy;
  /** Present when RELAY_DECISIONS_ENABLED is "true". */
  readonly directoryManager?: DirectoryManagerClient;
  readonly newId: () => string;
}
