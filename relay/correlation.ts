import { randomUUID } from "node:crypto";

/** Power Automate records this header as the run's client tracking id; the relay's correlation id. */
export const CORRELATION_HEADER = "x-ms-client-tracking-id";

/**
 * The relay's id of one event, sent to the flow on every delivery of it: the same on a redelivery,
 * so a flow recognises a duplicate (docs/relay.md, "Recognising a redelivery").
 */
export const EVENT_ID_HEADER = "x-relay-event-id";

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's correlation id when it carries a safe one, else a new one. */
export function correlationIdFrom(header: string | null | undefined, newId: () => string = randomUUID): string {
  const candidate = header?.trim();
  return candidate && SAFE_ID.test(candidate) ? candidate : newId();
}
