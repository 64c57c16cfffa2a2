/** Everything the relay's functions depend on, injected, so tests call them directly. */
import type { DeliveryDeps } from "./delivery/delivery-deps";

export interface RelayDeps extends DeliveryDeps {
  /** New correlation ids for requests that bring none. */
  readonly newId: () => string;
}
