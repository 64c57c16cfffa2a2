/**
 * Directory Manager's REST API, as much as the relay needs: a password-grant token from the
 * security service (cached per identity store until shortly before it expires, fetched again once
 * when the Data Service answers 401) and Workflows/Approve or Workflows/Deny.
 */
import type { Clock } from "../clock";
import type { DirectoryManagerSettings } from "../settings/directory-manager-settings";
import { CORRELATION_HEADER } from "../correlation";
import { outcomeOfAnswer, outcomeOfFailure, parseRetryAfter, type DeliveryOutcome } from "./delivery-outcome";
import type { HttpClient } from "./http-client";
import type { Logger } from "../logging";
import type { Decision } from "../storage/messages";

interface CachedToken {
  readonly token: string;
  readonly renewAt: number;
}

/** Renew a minute before expiry (tokens live 1200 s), or at half-life for short-lived ones. */
const RENEW_BEFORE_MS = 60_000;
const WHO = "Directory Manager";

export class DirectoryManagerClient {
  private readonly tokens = new Map<number, CachedToken>();

  constructor(
    private readonly settings: DirectoryManagerSettings,
    private readonly http: HttpClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** One delivery of a decision, including at most one token refresh. */
  async deliver(decision: Decision, correlationId: string, timeoutMs: number): Promise<DeliveryOutcome> {
    const end = this.clock.now() + timeoutMs;
    const left = () => Math.max(1, end - this.clock.now());
    try {
      let token = await this.token(decision.identityStoreId, left(), false);
      if (typeof token !== "string") return token;
      let answer = await this.post(decision, token, correlationId, left());
      if (answer.status === 401) {
        // The cached token went stale early (server restart, revocation): fetch a new one, once.
        token = await this.token(decision.identityStoreId, left(), true);
        if (typeof token !== "string") return token;
        answer = await this.post(decision, token, correlationId, left());
      }
      return outcomeOfAnswer(answer, WHO, this.clock.now());
    } catch (error) {
      return outcomeOfFailure(error, WHO);
    }
  }

  private post(decision: Decision, token: string, correlationId: string, timeoutMs: number) {
    const action = decision.decision === "approve" ? "Approve" : "Deny";
    const base = this.settings.baseUrl.href.endsWith("/")
      ? this.settings.baseUrl.href
      : `${this.settings.baseUrl.href}/`;
    const url = new URL(`GroupIDDataService/api/IdentityStores/${decision.identityStoreId}/Workflows/${action}`, base);
    const body =
      decision.decision === "approve"
        ? { workflowRequestID: decision.workflowRequestId }
        : { workflowRequestID: decision.workflowRequestId, reason: decision.reason ?? "" };
    return this.http({
      url,
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        [CORRELATION_HEADER]: correlationId,
      },
      body: JSON.stringify(body),
      timeoutMs,
    });
  }

  /** A token string, or the outcome to report when none could be had. */
  private async token(identityStoreId: number, timeoutMs: number, renew: boolean): Promise<string | DeliveryOutcome> {
    const cached = this.tokens.get(identityStoreId);
    if (!renew && cached && cached.renewAt > this.clock.now()) return cached.token;
    this.tokens.delete(identityStoreId);
    const form = new URLSearchParams({
      grant_type: "password",
      username: this.settings.username,
      password: this.settings.password,
      client_id: this.settings.clientId,
      client_secret: this.settings.clientSecret,
      identity_store_id: String(identityStoreId),
    });
    const answer = await this.http({
      url: this.settings.tokenUrl,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form.toString(),
      timeoutMs,
    });
    let parsed: { access_token?: unknown; expires_in?: unknown } = {};
    try {
      parsed = JSON.parse(answer.body) as typeof parsed;
    } catch {
      // handled below
    }
    if (answer.status !== 200 || typeof parsed.access_token !== "string" || parsed.access_token === "") {
      // Treated as transient: the message waits on the queue until the credentials are fixed or rotated.
      const retryAfterMs = parseRetryAfter(answer.headers["retry-after"], this.clock.now());
      const error =
        answer.status === 200
          ? `${WHO}'s token endpoint answered without a token`
          : `${WHO}'s token endpoint answered ${answer.status}`;
      return {
        kind: "transient",
        status: answer.status,
        error,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    }
    // Replaces the store's previous token: redaction holds live tokens only.
    this.logger.replaceSecret(`directory-manager-token:${identityStoreId}`, parsed.access_token);
    const lifetimeMs =
      (typeof parsed.expires_in === "number" && parsed.expires_in > 0 ? parsed.expires_in : 1200) * 1000;
    const renewAt = this.clock.now() + Math.max(lifetimeMs / 2, lifetimeMs - RENEW_BEFORE_MS);
    this.tokens.set(identityStoreId, { token: parsed.access_token, renewAt });
    return parsed.access_token;
  }
}
