/**
 * The decision token binds an approve/deny to the one event the relay forwarded: an HMAC-SHA256,
 * under RELAY_DECISION_TOKEN_KEY (a Key Vault secret), over the route, the relay's event id, the
 * identity store id, the workflow request id and an expiry. The relay sends it to the route's flow
 * with the event (x-relay-decision-token); the flow echoes it to /api/decisions, which accepts a
 * decision only with a valid, unexpired token for that very request. Every part has exactly one
 * spelling (no leading zeros, no other case), so one token never has a second valid form.
 * Whoever holds only the ingress key (Directory Manager) cannot read one; whoever holds only the
 * decisions key (a flow) cannot make one: ingress refuses that key (docs/relay.md, threat model).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { ROUTE_KEY } from "../contract/patterns";

export const DECISION_TOKEN_HEADER = "x-relay-decision-token";

/** How long a flow has to decide: 14 days (an approval may wait for a person). */
export const DECISION_TOKEN_TTL_SECONDS = 14 * 24 * 3600;

const VERSION = "v2";

/** What a token is about; all of it is under the MAC. */
export interface DecisionTokenClaims {
  readonly route: string;
  readonly eventId: string;
  readonly identityStoreId: number;
  readonly workflowRequestId: number;
  /** Unix seconds. */
  readonly expires: number;
}

/** The relay's event ids: uuids, or what a test's newId makes; never a dot (the separator). */
const EVENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const WHOLE_NUMBER = "([1-9][0-9]{0,15})";
const TOKEN = new RegExp(
  `^v2\\.([a-z0-9-]{1,100})\\.([A-Za-z0-9_-]{1,64})\\.${WHOLE_NUMBER}\\.${WHOLE_NUMBER}\\.([1-9][0-9]{0,11})\\.([A-Za-z0-9_-]{43})$`,
);

function signedText(c: DecisionTokenClaims): string {
  return `${VERSION}.${c.route}.${c.eventId}.${c.identityStoreId}.${c.workflowRequestId}.${c.expires}`;
}

function mac(key: string, text: string): string {
  return createHmac("sha256", key).update(text).digest("base64url");
}

/** `v2.<route>.<event id>.<identity store>.<request>.<expiry, Unix seconds>.<HMAC, base64url>`, with the current key. */
export function issueDecisionToken(key: string, claims: Omit<DecisionTokenClaims, "expires">, nowMs: number): string {
  if (!ROUTE_KEY.test(claims.route) || !EVENT_ID.test(claims.eventId))
    throw new Error("a decision token needs a route key and an event id without dots");
  const text = signedText({ ...claims, expires: Math.floor(nowMs / 1000) + DECISION_TOKEN_TTL_SECONDS });
  return `${text}.${mac(key, text)}`;
}

export type TokenCheck =
  | { readonly result: "valid"; readonly claims: DecisionTokenClaims }
  | { readonly result: "invalid" | "expired" };

/**
 * Checks against every key given (the current one, and the previous one while a rotation settles),
 * and that the token is about this identity store and workflow request.
 */
export function checkDecisionToken(
  keys: readonly string[],
  token: string,
  identityStoreId: number,
  workflowRequestId: number,
  nowMs: number,
): TokenCheck {
  const match = TOKEN.exec(token);
  if (!match) return { result: "invalid" };
  const claims: DecisionTokenClaims = {
    route: match[1],
    eventId: match[2],
    identityStoreId: Number(match[3]),
    workflowRequestId: Number(match[4]),
    expires: Number(match[5]),
  };
  const text = signedText(claims);
  // One spelling only: the token must be exactly what issueDecisionToken would write.
  if (`${text}.${match[6]}` !== token || !Number.isSafeInteger(claims.workflowRequestId)) return { result: "invalid" };
  const given = Buffer.from(match[6]);
  const signed = keys.some((key) => timingSafeEqual(Buffer.from(mac(key, text)), given));
  if (!signed || claims.identityStoreId !== identityStoreId || claims.workflowRequestId !== workflowRequestId)
    return { result: "invalid" };
  return claims.expires * 1000 <= nowMs ? { result: "expired" } : { result: "valid", claims };
}
