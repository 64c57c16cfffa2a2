/**
 * A fake Directory Manager 11.1 on 127.0.0.1 (https, test certificate) with the endpoints dmflow
 * uses, shaped like the 11.1 API docs: the security service's password-grant token, the identity
 * store's Workflows/MsFlow/Settings (GET, POST, PATCH) and Workflows/Routes (GET) and
 * Workflows/Route (PATCH). Like the docs' samples, GET Settings does not return the Client ID
 * unless `returnsClientId` is set. Failures are injected per test.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { startLoopbackHttps, type LoopbackServer } from "../../relay/support/loopback-https-server";

export const DM_API_CREDENTIALS = {
  username: "svc-dmflow@contoso.test",
  password: "Dm-Api-Pa55word-SECRET",
  clientId: "dm-api-client",
  clientSecret: "dm-api-client-secret-SECRET",
} as const;

export const IDENTITY_STORE_ID = 2;

/** A route as GET …/Workflows/Routes returns it (fields from the 11.1 sample). */
export function sampleRoute(
  workflowRouteId: number,
  name: string,
  msFlowRequestUrl: string | null = null,
): Record<string, unknown> {
  return {
    workflowRouteId,
    identityStoreID: IDENTITY_STORE_ID,
    name,
    description: name,
    isEnabled: true,
    type: 1,
    event: 2,
    routeFieldDTOList: [{ workflowRouteFieldId: 8, field: "department", workflowRouteId }],
    routeFilterDTOList: [],
    routeApproverDTOList: [],
    routeObjectDTOList: [{ workflowRouteObjectId: workflowRouteId, objectTypeId: 2, workflowRouteId }],
    enableEmailApproval: false,
    disableApproverAcceleration: true,
    portalUrl: null,
    msFlowRequestUrl,
    msFlowToken: null,
    isMsFlowTemplateRouteCreated: false,
    updateMsFlowToken: false,
  };
}

const RESULT_OK = { name: null, type: 0, status: 0, message: null, data: "", details: [], errorCode: null };

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

export class FakeDirectoryManagerApi {
  /** What Directory Manager holds (including fields the API does not return). */
  settings?: Record<string, unknown>;
  routes: Record<string, unknown>[] = [];
  readonly requests: LoggedRequest[] = [];
  /** Every token handed out, so tests can show none is printed. */
  readonly issuedTokens: string[] = [];
  /** Return clientID in GET Settings (the 11.1 samples do not). */
  returnsClientId = false;
  /** Answer route updates for these route names with 500. */
  readonly failRouteUpdates = new Set<string>();
  /** Invalidate every token just before the next Data Service call: the client must sign in again. */
  expireTokensBeforeNextCall = false;
  /** Data Service calls answer this status (e.g. 403). */
  dataStatus?: number;
  /** Never answer (for timeouts). */
  hang = false;
  /** GET Settings answers this raw body instead (for unexpected shapes). */
  settingsBody?: string;
  private readonly tokens = new Set<string>();
  private server?: LoopbackServer;

  static async start(): Promise<FakeDirectoryManagerApi> {
    const dm = new FakeDirectoryManagerApi();
    dm.server = await startLoopbackHttps((req, res, text) => dm.handle(req, res, text));
    return dm;
  }

  get baseUrl(): string {
    if (!this.server) throw new Error("the fake Directory Manager is not started");
    return `https://127.0.0.1:${this.server.port}`;
  }

  get port(): number {
    return this.server!.port;
  }

  /** Writes the logged requests made (PATCH/POST), as "METHOD path". */
  writes(): string[] {
    return this.requests
      .filter((r) => r.method !== "GET" && !r.path.endsWith("/token"))
      .map((r) => `${r.method} ${r.path}`);
  }

  private handle(req: IncomingMessage, res: ServerResponse, text: string): void {
    if (this.hang) return;
    const json = (status: number, value: unknown): void =>
      void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    const path = new URL(req.url ?? "/", "https://x").pathname;
    let body: unknown = text;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      // form bodies stay text
    }
    this.requests.push({ method: req.method ?? "", path, body });
    if (req.method === "POST" && path === "/GroupIDSecurityService/connect/token") {
      const form = new URLSearchParams(text);
      const ok =
        form.get("grant_type") === "password" &&
        form.get("username") === DM_API_CREDENTIALS.username &&
        form.get("password") === DM_API_CREDENTIALS.password &&
        form.get("client_id") === DM_API_CREDENTIALS.clientId &&
        form.get("client_secret") === DM_API_CREDENTIALS.clientSecret &&
        form.get("identity_store_id") === String(IDENTITY_STORE_ID);
      if (!ok) return json(400, { error: "invalid_grant" });
      const token = `dmapi-${randomBytes(12).toString("hex")}`;
      this.tokens.add(token);
      this.issuedTokens.push(token);
      return json(200, { access_token: token, token_type: "Bearer", expires_in: 1200, scope: "directorymanager.api" });
    }
    const prefix = `/GroupIDDataService/api/IdentityStores/${IDENTITY_STORE_ID}/Workflows/`;
    if (!path.startsWith(prefix)) return json(404, { message: "not found" });
    if (this.expireTokensBeforeNextCall) {
      this.expireTokensBeforeNextCall = false;
      this.tokens.clear();
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!token || !this.tokens.has(token)) return json(401, { message: "Unauthorized" });
    if (this.dataStatus !== undefined) return json(this.dataStatus, { message: "Forbidden" });
    const action = `${req.method} ${path.slice(prefix.length)}`;
    switch (action) {
      case "GET MsFlow/Settings": {
        if (this.settingsBody !== undefined)
          return void res.writeHead(200, { "content-type": "text/html" }).end(this.settingsBody);
        if (!this.settings) return json(404, { message: "Power Automate settings not found" });
        const { clientSecret: _secret, clientID, ...shown } = this.settings;
        return json(200, this.returnsClientId ? { ...shown, clientID } : shown);
      }
      case "POST MsFlow/Settings":
        this.settings = { ...(body as Record<string, unknown>), msFlowID: 3 };
        return json(200, { ...(body as Record<string, unknown>), msFlowID: 3, clientSecret: undefined });
      case "PATCH MsFlow/Settings":
        if (!this.settings) return json(404, { message: "Power Automate settings not found" });
        this.settings = { ...this.settings, ...(body as Record<string, unknown>) };
        return json(200, true);
      case "GET Routes":
        return json(200, this.routes);
      case "PATCH Route": {
        const [item] = (body as { items: Record<string, unknown>[] }).items;
        const index = this.routes.findIndex((r) => r.workflowRouteId === item.workflowRouteId);
        if (index < 0) return json(404, { message: "route not found" });
        if (this.failRouteUpdates.has(String(item.name)))
          return json(500, { message: `The route could not be saved: ${String(item.msFlowRequestUrl)}` });
        this.routes[index] = { ...this.routes[index], msFlowRequestUrl: item.msFlowRequestUrl };
        return json(200, { ...RESULT_OK, details: [{ ...RESULT_OK }] });
      }
      default:
        return json(405, { message: "Method not allowed" });
    }
  }

  close(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }
}
