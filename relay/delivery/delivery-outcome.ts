/**
 * One delivery attempt's result, for the flow and for Directory Manager alike: delivered, worth
 * retrying (429, 408, 5xx, timeout, connection error), or permanent (any other answer).
 */
import { HttpFailure, type HttpAnswer } from "./http-client";

export type DeliveryOutcome =
  | { readonly kind: "delivered"; readonly answer: HttpAnswer }
  | { readonly kind: "transient"; readonly error: string; readonly status?: number; readonly retryAfterMs?: number }
  | { readonly kind: "permanent"; readonly error: string; readonly status: number; readonly answer: HttpAnswer };

/** Classifies an answer; `who` names the other side in error messages ("the flow"). */
export function outcomeOfAnswer(answer: HttpAnswer, who: string, nowMs: number): DeliveryOutcome {
  const { status } = answer;
  if (status >= 200 && status < 300) return { kind: "delivered", answer };
  if (status === 429 || status === 408 || status >= 500) {
    return {
      kind: "transient",
      status,
      error: `${who} answered ${status}`,
      retryAfterMs: parseRetryAfter(answer.headers["retry-after"], nowMs),
    };
  }
  const reason = status >= 300 && status < 400 ? " (redirects are not followed)" : "";
  return { kind: "permanent", status, answer, error: `${who} answered ${status}${reason}` };
}

export function outcomeOfFailure(error: unknown, who: string): DeliveryOutcome {
  if (error instanceof HttpFailure) return { kind: "transient", error: `${who}: ${error.kind}: ${error.message}` };
  throw error;
}

/** Retry-After as delay-seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const text = value.trim();
  if (/^[0-9]+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** The other side's HTTP status, when there was an answer. */
export function statusOf(outcome: DeliveryOutcome): number | undefined {
  return outcome.kind === "delivered" ? outcome.answer.status : outcome.status;
}
