/**
 * A token credential for the function app's managed identity (App Service / Functions endpoint,
 * IDENTITY_ENDPOINT + IDENTITY_HEADER), so identity-based storage needs no extra SDK in the bundle.
 */
import type { AccessToken, TokenCredential } from "@azure/core-auth";

/** Renew this long before expiry, so a token never runs out mid-request. */
const RENEW_BEFORE_MS = 5 * 60_000;

export class ManagedIdentityCredential implements TokenCredential {
  private readonly cache = new Map<string, AccessToken>();

  constructor(
    private readonly clientId: string | undefined,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async getToken(scopes: string | string[]): Promise<AccessToken> {
    const resource = (Array.isArray(scopes) ? scopes[0] : scopes).replace(/\/\.default$/, "");
    const cached = this.cache.get(resource);
    if (cached && cached.expiresOnTimestamp - RENEW_BEFORE_MS > Date.now()) return cached;
    const endpoint = this.env.IDENTITY_ENDPOINT;
    const header = this.env.IDENTITY_HEADER;
    if (!endpoint || !header) throw new Error("managed identity is not available (IDENTITY_ENDPOINT/IDENTITY_HEADER are not set)");
    const url = new URL(endpoint);
    url.searchParams.set("resource", resource);
    url.searchParams.set("api-version", "2019-08-01");
    if (this.clientId) url.searchParams.set("client_id", this.clientId);
    const res = await this.fetchFn(url, { headers: { "X-IDENTITY-HEADER": header } });
    if (!res.ok) throw new Error(`managed identity endpoint answered ${res.status}`);
    const body = (await res.json()) as { access_token?: string; expires_on?: string | number };
    if (!body.access_token || body.expires_on === undefined) throw new Error("managed identity endpoint answered without a token");
    const token = { token: body.access_token, expiresOnTimestamp: Number(body.expires_on) * 1000 };
    this.cache.set(resource, token);
    return token;
  }
}
