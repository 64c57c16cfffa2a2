/** What delivering and redelivering a message depends on, injected, so tests call it directly. */
import type { Clock } from "../clock";
import type { Logger } from "../logging";
import type { RelaySettings } from "../settings/settings";
import type { DecisionRecords } from "../storage/decision-records";
import type { PayloadStore } from "../storage/payload-store";
import type { RelayQueues } from "../storage/relay-queues";
import type { DirectoryManagerClient } from "./directory-manager-client";
import type { HttpClient } from "./http-client";
import type { FlowTokenSource } from "./flow-token";
import type { RedeliveryPolicy } from "./redelivery";

export interface DeliveryDeps {
  readonly settings: RelaySettings;
  readonly http: HttpClient;
  readonly queues: RelayQueues;
  /** Payload blobs of events too large for a queue message (the claim check). */
  readonly payloads: PayloadStore;
  readonly clock: Clock;
  /** The current invocation's logger: its lines carry the Functions invocation id. */
  readonly logger: Logger;
  readonly redelivery: RedeliveryPolicy;
  /** The first-decision records (RELAY_DECISION_CONTAINER). */
  readonly decisionRecords: DecisionRecords;
  /** Present when RELAY_DECISIONS_ENABLED is "true" and the decision settings are valid. */
  readonly directoryManager?: DirectoryManagerClient;
  /** Tokens for routes in Entra mode (the managed identity in Azure). */
  readonly flowToken?: FlowTokenSource;
}
