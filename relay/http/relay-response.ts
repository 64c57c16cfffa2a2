/** What a relay function answers, independent of the Functions host types. */
import type { FrontDoorResult } from "../delivery/deliver-or-queue";

export interface RelayResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): RelayResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(value),
  };
}

/** The error shape of every 4xx/5xx the relay itself produces: {error: {code, message}}. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): RelayResponse {
  return jsonResponse(status, { error: { code, message } }, headers);
}

/** The answer for anything but a synchronous delivery; the same for flow events and decisions. */
export function notDeliveredResponse(
  result: Exclude<FrontDoorResult, { kind: "delivered" }>,
  correlationId: string,
  headers: Record<string, string>,
  rejectedCode: string,
): RelayResponse {
  switch (result.kind) {
    case "queued":
      return jsonResponse(202, { status: "queued", correlationId }, headers);
    case "poisoned":
      return errorResponse(
        502,
        rejectedCode,
        `${result.error}; it is kept on the ${result.queue} queue for replay`,
        headers,
      );
    case "not_queued":
      return errorResponse(
        503,
        "not_queued",
        `delivery failed and queueing failed too (${result.error}); send it again later`,
        { ...headers, "retry-after": "60" },
      );
  }
}
