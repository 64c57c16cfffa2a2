/**
 * The decision token binds an approve/deny to one event the relay forwarded: an HMAC-SHA256, under
 * RELAY_DECISION_TOKEN_KEY (a Key Vault secret), over the identity store id, the workflow request id
 * and an expiry. The relay sends it to the flow with the event (x-relay-decision-token); the flow
 * echoes it to /api/decisions, which accepts a decision only with a valid, unexpired token for that
 * very request. Whoever holds the ingress key (Directory Manager) cannot make one.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const DECISION_TOKEN_HEADER = "x-relay-decision-token";

/** How long a flow has to decide: 14 days (an approval may wait for a person). */
export const DECISION_TOKEN_TTL_SECONDS = 14 * 24 * 3600;

const VERSION = "v1";

function mac(key: string, identityStoreId: number, workflowRequestId: number, expires: number): string {
  return createHmac("sha256", key)
    .update(`${VERSION}|${identityStoreId}|${workflowRequestId}|${expires}`)
    .digest("base64url");
}

/** `v1.<expiry, Unix seconds>.<HMAC, base64url>`, made with the current key. */
export function issueDecisionToken(
  key: string,
  identityStoreId: number,
  workflowRequestId: number,
  nowMs: number,
): string {
  const expires = Math.floor(nowMs / 1000) + DECISION_TOKEN_TTL_SECONDS;
  return `${VERSION}.${expires}.${mac(key, identityStoreId, workflowRequestId, expires)}`;
}

export type TokenCheck = "valid" | "invalid" | "expired";

/** Checks against every key given (the current one, and the previous one while a rotation settles). */
export function checkDecisionToken(
  keys: readonly string[],
  token: string,
  identityStoreId: number,
  workflowRequestId: number,
  nowMs: number,
): TokenCheck {
  const match = /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return "invalid";
  const expires = Number(match[1]);
  const given = Buffer.from(match[2]);
  const signed = keys.some((key) =>
    timingSafeEqual(Buffer.from(mac(key, identityStoreId, workflowRequestId, expires)), given),
  );
  if (!signed) return "invalid";
  return expires * 1000 <= nowMs ? "expired" : "valid";
}
