/**
 * Directory Manager 11.1's REST API, as much as `dmflow` needs: a password-grant token from the
 * security service, the identity store's Power Automate settings and its workflow routes.
 * Shapes follow the 11.1 API docs; what the docs leave open is marked "inferred" (docs/cli.md).
 */
import { z } from "zod";
import { CliError } from "../cli-error";
import { call, readJson, type Service } from "../endpoint";
import type { HttpsClient, HttpsRequest } from "../https-client";
import type { Masker } from "../mask";

export interface DirectoryManagerCredentials {
  readonly username: string;
  readonly password: string;
  /** The API client of Directory Manager's security service (SVC.Client), not the Entra app. */
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The keys of getpowerautomatesettings.md's sample (netwrix/docs@2aa9036f, the same at @97e73c5c). */
export const SETTINGS_KEYS = [
  "msFlowID",
  "msFlowUserID",
  "groupIDServiceUrl",
  "identityStoreID",
  "isAuthenticated",
  "organizationalCode",
  "region",
  "tenantID",
] as const;

/** GET/POST …/Workflows/MsFlow/Settings; an answer with none of the documented keys is not this API. */
const MS_FLOW_SETTINGS = z
  .looseObject({
    msFlowID: z.number().optional(),
    msFlowUserID: z.string().nullish(),
    groupIDServiceUrl: z.string().nullish(),
    identityStoreID: z.number().optional(),
    isAuthenticated: z.boolean().nullish(),
    organizationalCode: z.string().nullish(),
    region: z.string().nullish(),
    tenantID: z.string().nullish(),
  })
  .refine((settings) => SETTINGS_KEYS.some((key) => key in settings), {
    error: `none of the documented keys (${SETTINGS_KEYS.join(", ")})`,
  });
export type MsFlowSettings = z.infer<typeof MS_FLOW_SETTINGS>;

/** One element of GET …/Workflows/Routes (allwfroutes.md); the rest of the route is kept as read. */
const WORKFLOW_ROUTE = z.looseObject({
  workflowRouteId: z.number(),
  name: z.string(),
  msFlowRequestUrl: z.string().nullish(),
  msFlowToken: z.string().nullish(),
  isMsFlowTemplateRouteCreated: z.boolean().nullish(),
});
export type WorkflowRoute = z.infer<typeof WORKFLOW_ROUTE>;

/** ": invalid_grant: <error_description>" from an OAuth error body, or nothing. */
function oauthError(body: string): string {
  try {
    const { error, error_description } = JSON.parse(body) as Record<string, unknown>;
    const parts = [error, error_description].filter((v): v is string => typeof v === "string" && v !== "");
    return parts.length > 0 ? `: ${parts.join(": ").replace(/\s+/g, " ")}` : "";
  } catch {
    return "";
  }
}

const TOKEN = z.looseObject({ access_token: z.string().min(1), expires_in: z.number().positive().optional() });
/** PATCH …/Workflows/Route answers a result tree; status 0 everywhere means success (inferred from the samples). */
const RESULT = z.looseObject({
  status: z.number().optional(),
  message: z.string().nullish(),
  details: z.array(z.looseObject({ status: z.number().optional(), message: z.string().nullish() })).nullish(),
});

/** Renew a minute before expiry (tokens live 1200 s), or at half-life for short-lived ones. */
const RENEW_BEFORE_MS = 60_000;

export interface DirectoryManagerApiOptions {
  /** Where the security and data services live, e.g. https://dm.contoso.com:4443. */
  readonly baseUrl: URL;
  readonly identityStoreId: number;
  readonly credentials: DirectoryManagerCredentials;
  readonly http: HttpsClient;
  readonly now: () => number;
  readonly masker: Masker;
}

export class DirectoryManagerApi {
  private token?: { readonly value: string; readonly renewAt: number };
  private readonly security: Service;
  private readonly data: Service;

  constructor(private readonly options: DirectoryManagerApiOptions) {
    this.security = {
      name: "Directory Manager's security service",
      whenDenied:
        "check the Directory Manager API credentials (DMFLOW_DM_USERNAME, DMFLOW_DM_PASSWORD, DMFLOW_DM_CLIENT_ID, DMFLOW_DM_CLIENT_SECRET, or the dm-api-* Key Vault secrets) and the identity store id",
    };
    this.data = {
      name: "Directory Manager's Data Service",
      whenDenied: `the API user signed in but may not do this: give it rights on identity store ${options.identityStoreId}'s workflow settings`,
    };
  }

  /** The tokenUrl: <base>/GroupIDSecurityService/connect/token. */
  get tokenUrl(): URL {
    return new URL("GroupIDSecurityService/connect/token", this.base());
  }

  /** The identity store's Power Automate settings; undefined when none are registered yet. */
  async getSettings(): Promise<MsFlowSettings | undefined> {
    const { request, answer } = await this.send(
      "GET",
      "Workflows/MsFlow/Settings",
      undefined,
      (s) => (s >= 200 && s < 300) || s === 404,
    );
    // Inferred: an identity store without settings answers 404 or an empty body.
    if (answer.status === 404) return undefined;
    return (
      readJson(
        this.data,
        request,
        answer,
        MS_FLOW_SETTINGS.nullable(),
        "the Power Automate settings object (organizationalCode, region, tenantID, …)",
      ) ?? undefined
    );
  }

  /** Registers (POST, msFlowID 0) or updates (PATCH) the settings. */
  async saveSettings(settings: Record<string, unknown>, exists: boolean): Promise<void> {
    const { request, answer } = await this.send(exists ? "PATCH" : "POST", "Workflows/MsFlow/Settings", settings);
    // PATCH answers `true`, POST the saved settings (11.1 docs).
    const saved = readJson(
      this.data,
      request,
      answer,
      z.union([z.boolean(), MS_FLOW_SETTINGS]),
      exists ? "true" : "the saved settings object",
    );
    if (saved === false)
      throw new CliError(
        `Directory Manager's Data Service (${request.method} ${request.url.pathname}) answered false: it did not save the settings; check its logs`,
      );
  }

  async listRoutes(): Promise<WorkflowRoute[]> {
    const { request, answer } = await this.send("GET", "Workflows/Routes");
    return readJson(
      this.data,
      request,
      answer,
      z.array(WORKFLOW_ROUTE),
      "a list of workflow routes (workflowRouteId, name, msFlowRequestUrl)",
    );
  }

  /** Writes one route back as read, with its fields changed. */
  async updateRoute(route: WorkflowRoute): Promise<void> {
    const { request, answer } = await this.send("PATCH", "Workflows/Route", { items: [route] });
    const result = readJson(this.data, request, answer, RESULT, "a result object (status, message, details)");
    const failed = [result, ...(result.details ?? [])].find((r) => r.status !== undefined && r.status !== 0);
    if (failed) {
      throw new CliError(
        `Directory Manager's Data Service (PATCH ${request.url.pathname}) did not update route "${route.name}": status ${failed.status}${failed.message ? ` (${failed.message})` : ""}; check the route in Admin Center`,
      );
    }
  }

  private base(): URL {
    const href = this.options.baseUrl.href;
    return new URL(href.endsWith("/") ? href : `${href}/`);
  }

  /** A Data Service call with a bearer token; a 401 gets a fresh token once (expired or revoked mid-run). */
  private async send(
    method: HttpsRequest["method"],
    path: string,
    body?: unknown,
    expected?: (status: number) => boolean,
  ) {
    const url = new URL(`GroupIDDataService/api/IdentityStores/${this.options.identityStoreId}/${path}`, this.base());
    const request = (token: string): HttpsRequest => ({
      method,
      url,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const first = request(await this.bearer(false));
    const retryOn401 = (status: number) => status === 401 || (expected ?? ((s) => s >= 200 && s < 300))(status);
    let answer = await call(this.options.http, this.data, first, retryOn401);
    if (answer.status !== 401) return { request: first, answer };
    const second = request(await this.bearer(true));
    answer = await call(this.options.http, this.data, second, expected);
    return { request: second, answer };
  }

  private async bearer(renew: boolean): Promise<string> {
    const now = this.options.now();
    if (!renew && this.token && this.token.renewAt > now) return this.token.value;
    const { credentials } = this.options;
    const request: HttpsRequest = {
      method: "POST",
      url: this.tokenUrl,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "password",
        username: credentials.username,
        password: credentials.password,
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        identity_store_id: String(this.options.identityStoreId),
      }).toString(),
    };
    // OAuth answers refused credentials with 400 (invalid_grant, invalid_client) and says why.
    const answer = await call(this.options.http, this.security, request, (s) => s === 200 || s === 400);
    if (answer.status === 400) {
      throw new CliError(
        `${this.security.name} (POST ${request.url.origin}${request.url.pathname}) refused the sign-in (400${oauthError(answer.body)}); ${this.security.whenDenied}`,
      );
    }
    const token = readJson(this.security, request, answer, TOKEN, "an OAuth token answer (access_token, expires_in)");
    this.options.masker.add(token.access_token);
    const lifetimeMs = (token.expires_in ?? 1200) * 1000;
    this.token = { value: token.access_token, renewAt: now + Math.max(lifetimeMs / 2, lifetimeMs - RENEW_BEFORE_MS) };
    return token.access_token;
  }
}
