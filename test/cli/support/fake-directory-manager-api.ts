/**
 * A fake Directory Manager 11.1 on 127.0.0.1 (https, test certificate) with the endpoints dmflow
 * uses, answering with the Netwrix API docs' own sample bodies (netwrix/docs, folder
 * docs/directorymanager/11.1/APIs/; each fixture names its page and commit). Like ASP.NET model
 * binding, POST/PATCH keep only the documented keys and drop the rest unseen. Failures and the
 * shapes the docs leave open are injected per test; each such knob says "inferred".
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

/** workflowapis/getpowerautomatesettings.md @2aa9036f (same sample @97e73c5c): the documented keys. */
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

/** getpowerautomatesettings.md @2aa9036f, the sample response as printed. */
export const SAMPLE_SETTINGS = {
  msFlowID: 1,
  msFlowUserID: "69d41d70-9b80-492d-aee8-56458db65582",
  groupIDServiceUrl: "https://powerautomate-netwrix1.msappproxy.net/directorymanagerdataservice",
  identityStoreID: 2,
  isAuthenticated: false,
  organizationalCode: "Netwrix",
  region: "US",
  tenantID: "69d41d70-9b80-492d-aee8-56458db65582",
};

/** admincenter/workflow/integrate.md @53b3e0a0 (the older console revision): Proxy Callback URL sample. */
export const OLDER_REVISION_CALLBACK_URL = "https://powerautomate-proxy:5555";

/**
 * A route as GET …/Workflows/Routes returns it: allwfroutes.md @97e73c5c, its "UserDefinied"
 * element (id 10) with name, id and the Power Automate fields set per test.
 */
export function sampleRoute(
  workflowRouteId: number,
  name: string,
  msFlowRequestUrl: string | null = null,
  { template = false, token = null as string | null } = {},
): Record<string, unknown> {
  return {
    workflowRouteId,
    identityStoreID: IDENTITY_STORE_ID,
    name,
    description: name,
    isEnabled: true,
    type: 1,
    typeDTO: null,
    event: 2,
    eventDTO: null,
    routeFieldDTOList: [{ workflowRouteFieldId: 8, field: "department", workflowRouteId }],
    routeFilterDTOList: [
      { workflowRouteFilterId: 1, name: "department", operator: "Present", value: "", workflowRouteId },
    ],
    routeApproverDTOList: [
      {
        workflowRouteApproverId: 9,
        approver: "80ffbf0d-142c-4822-b843-1840bf50c05a",
        approverIdentityStoreID: 2,
        workflowRouteId,
        approverType: 0,
        approverName: null,
      },
    ],
    routeObjectDTOList: [
      { workflowRouteObjectId: workflowRouteId, objectTypeId: 2, workflowRouteId, objectTypeDTO: null },
    ],
    enableEmailApproval: false,
    disableApproverAcceleration: true,
    portalUrl: "https://gidauto:4443/GroupIDPortal",
    msFlowRequestUrl,
    msFlowToken: token,
    isMsFlowTemplateRouteCreated: template,
    updateMsFlowToken: false,
  };
}

/** updateroute.md / createroute.md @2aa9036f: the result tree, status 0 everywhere. */
const RESULT_OK = {
  name: null,
  type: 0,
  status: 0,
  message: null,
  data: "",
  identityStoreObject: null,
  details: [],
  currentDirectoryServer: null,
  errorCode: null,
  exceptionMessagesAttributeWise: null,
  isResyncAble: true,
};

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

export class FakeDirectoryManagerApi {
  /** What Directory Manager holds, by documented key. */
  settings?: Record<string, unknown>;
  routes: Record<string, unknown>[] = [];
  readonly requests: LoggedRequest[] = [];
  /** Every token handed out, so tests can show none is printed. */
  readonly issuedTokens: string[] = [];
  /** Inferred: a server that also returns clientID in GET Settings (no sample does). */
  returnsClientId?: string;
  /** Inferred: a server that answers some documented keys under other names, e.g. {region: "Region"}. */
  renames: Record<string, string> = {};
  /** Answer route updates for these route names with 500. */
  readonly failRouteUpdates = new Set<string>();
  /** Inferred: the settings write answers 500 with this message (e.g. one echoing a secret). */
  settingsWriteError?: string;
  /** Apply this write ("POST MsFlow/Settings", "PATCH Route", …), then never answer. */
  applyThenHang?: string;
  /** Invalidate every token just before the next Data Service call: the client must sign in again. */
  expireTokensBeforeNextCall = false;
  /** Data Service calls answer this status (e.g. 403). */
  dataStatus?: number;
  /** Never answer (for timeouts). */
  hang = false;
  /** GET Settings answers this raw body instead (for unexpected shapes). */
  settingsBody?: string;
  /** The sign-in answers 400 with this OAuth error body (inferred: RFC 6749's error, error_description). */
  signInError?: { error: string; error_description?: string };
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

  /** Like ASP.NET model binding: only the documented keys of a settings body are kept. */
  private static bound(body: unknown): Record<string, unknown> {
    const given = (body ?? {}) as Record<string, unknown>;
    return Object.fromEntries(SETTINGS_KEYS.filter((k) => k in given).map((k) => [k, given[k]]));
  }

  private shown(): Record<string, unknown> {
    const shown: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.settings ?? {})) shown[this.renames[key] ?? key] = value;
    return this.returnsClientId === undefined ? shown : { ...shown, clientID: this.returnsClientId };
  }

  private handle(req: IncomingMessage, res: ServerResponse, text: string): unknown {
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
    if (req.method === "POST" && path === "/GroupIDSecurityService/connect/token") return this.signIn(text, json);
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
    // The write happens; the answer never comes (a timeout on the client's side).
    const answer = action === this.applyThenHang ? () => undefined : json;
    switch (action) {
      case "GET MsFlow/Settings":
        if (this.settingsBody !== undefined)
          return void res.writeHead(200, { "content-type": "text/html" }).end(this.settingsBody);
        // Inferred: no settings answers 404 (a store may also answer msFlowID 0: tests set that).
        if (!this.settings) return json(404, { message: "Power Automate settings not found" });
        return json(200, this.shown());
      case "POST MsFlow/Settings":
        if (this.settingsWriteError) return json(500, { message: this.settingsWriteError });
        // configurepowerautomate.md @ad22dd64: answers the saved settings with their new msFlowID.
        this.settings = { ...FakeDirectoryManagerApi.bound(body), msFlowID: 3 };
        return answer(200, this.shown());
      case "PATCH MsFlow/Settings":
        if (this.settingsWriteError) return json(500, { message: this.settingsWriteError });
        // Inferred: nothing registered (msFlowID 0) is not updated; answers false.
        if (!this.settings?.msFlowID) return json(200, false);
        this.settings = { ...this.settings, ...FakeDirectoryManagerApi.bound(body), msFlowID: this.settings.msFlowID };
        // updatepowerautomatesettings.md @97e73c5c: answers true.
        return answer(200, true);
      case "GET Routes":
        return json(200, this.routes);
      case "PATCH Route":
        return this.updateRoute(body, answer);
      default:
        return json(405, { message: "Method not allowed" });
    }
  }

  private signIn(text: string, json: (status: number, value: unknown) => void): unknown {
    const form = new URLSearchParams(text);
    const ok =
      form.get("grant_type") === "password" &&
      form.get("username") === DM_API_CREDENTIALS.username &&
      form.get("password") === DM_API_CREDENTIALS.password &&
      form.get("client_id") === DM_API_CREDENTIALS.clientId &&
      form.get("client_secret") === DM_API_CREDENTIALS.clientSecret &&
      form.get("identity_store_id") === String(IDENTITY_STORE_ID);
    if (this.signInError || !ok) return json(400, this.signInError ?? { error: "invalid_grant" });
    const token = `dmapi-${randomBytes(12).toString("hex")}`;
    this.tokens.add(token);
    this.issuedTokens.push(token);
    // gettoken.md @ad22dd64: access_token, expires_in 1200.
    return json(200, { access_token: token, token_type: "Bearer", expires_in: 1200, scope: "directorymanager.api" });
  }

  private updateRoute(body: unknown, answer: (status: number, value: unknown) => void): unknown {
    const [item] = (body as { items: Record<string, unknown>[] }).items;
    const index = this.routes.findIndex((r) => r.workflowRouteId === item.workflowRouteId);
    if (index < 0) return answer(404, { message: "route not found" });
    if (this.failRouteUpdates.has(String(item.name)))
      return answer(500, { message: `The route could not be saved: ${String(item.msFlowRequestUrl)}` });
    this.routes[index] = { ...this.routes[index], msFlowRequestUrl: item.msFlowRequestUrl };
    return answer(200, { ...RESULT_OK, details: [{ ...RESULT_OK }] });
  }

  close(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }
}
