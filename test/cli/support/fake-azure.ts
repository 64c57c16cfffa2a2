/**
 * The Azure side dmflow talks to, on one https server on 127.0.0.1: Azure Resource Manager's
 * listkeys for each of the relay's functions (function-level keys, one per function; the host key is
 * never asked for), Microsoft Graph's servicePrincipals and
 * oauth2PermissionGrants, and a Functions host in front of the real relay (anonymous
 * /api/health, function-key auth on /api/health/details and /api/flows/{route}, as relay/index.ts declares them).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Relay } from "../../../relay/relay-app";
import { startLoopbackHttps, type LoopbackServer } from "../../relay/support/loopback-https-server";
import { FakeKudu } from "./fake-kudu";

export const FUNCTION_KEY = "fnKEY-0123456789abcdef-SECRET==";
export const MASTER_KEY = "masterKEY-fedcba9876543210-SECRET";
/** The healthDetails function's own key: Directory Manager's (flowEvent) key does not open it. */
export const HEALTH_KEY = "healthKEY-0123456789abcdef-SECRET==";
export const ARM_TOKEN = "arm-token-SECRET-0123456789";
export const GRAPH_TOKEN = "graph-token-SECRET-0123456789";
export const FUNCTION_APP_ID =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/dm-prod-rg/providers/Microsoft.Web/sites/dm-prod-relay";
export const APP_PRINCIPAL_ID = "5b0a3c1e-7d2f-4e61-9a8b-1c2d3e4f5a6b";

export interface Grant {
  readonly clientId: string;
  readonly consentType: "AllPrincipals" | "Principal";
  readonly resourceId: string;
  readonly scope: string;
}

export class FakeAzure {
  /** Resource service principals by appId. */
  readonly principals = new Map<string, { id: string; displayName: string }>();
  grants: Grant[] = [];
  /** The relay behind the Functions host; set by the world. */
  relay?: Relay;
  functionKey = FUNCTION_KEY;
  /** listkeys answers this status (e.g. 403 for a deployer without the right role). */
  listKeysStatus?: number;
  /** Graph answers this status (e.g. 403). */
  graphStatus?: number;
  readonly calls: string[] = [];
  private server?: LoopbackServer;

  private constructor(
    /** The relay's SCM site, and Resource Manager's answers about the site and its functions. */
    readonly kudu: FakeKudu,
  ) {}

  static async start(): Promise<FakeAzure> {
    const azure = new FakeAzure(await FakeKudu.start(ARM_TOKEN));
    azure.server = await startLoopbackHttps((req, res, text) => void azure.handle(req, res, text));
    return azure;
  }

  get baseUrl(): string {
    return `https://127.0.0.1:${this.server!.port}`;
  }

  /** Microsoft Graph's root on this host (Resource Manager is at the root itself). */
  get graphUrl(): string {
    return `${this.baseUrl}/graph`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const path = decodeURIComponent(url.pathname);
    this.calls.push(`${req.method} ${path}`);
    const json = (status: number, value: unknown): void =>
      void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const listKeys = new RegExp(`^${FUNCTION_APP_ID}/functions/([A-Za-z]+)/listkeys$`).exec(path);
    if (listKeys && req.method === "POST") {
      if (bearer !== ARM_TOKEN)
        return json(401, { error: { code: "InvalidAuthenticationToken", message: "The access token is invalid." } });
      if (this.listKeysStatus)
        return json(this.listKeysStatus, {
          error: {
            code: "AuthorizationFailed",
            message: "does not have authorization to perform action 'Microsoft.Web/sites/functions/listkeys/action'",
          },
        });
      const key = { flowEvent: this.functionKey, healthDetails: HEALTH_KEY }[listKeys[1]];
      // WebApps_ListFunctionKeys answers a StringDictionary (Azure/azure-rest-api-specs, Microsoft.Web 2024-04-01 WebApps.json).
      return key ? json(200, { properties: { default: key } }) : json(404, { error: { code: "NotFound" } });
    }
    const site = req.method === "GET" && bearer === ARM_TOKEN ? this.kudu.arm(FUNCTION_APP_ID, path) : undefined;
    if (site) return json(site.status, site.body);
    if (path.startsWith("/graph/v1.0/")) {
      if (bearer !== GRAPH_TOKEN)
        return json(401, { error: { code: "InvalidAuthenticationToken", message: "Access token is empty." } });
      if (this.graphStatus)
        return json(this.graphStatus, {
          error: { code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." },
        });
      const grants = /^\/graph\/v1\.0\/servicePrincipals\/([^/]+)\/oauth2PermissionGrants$/.exec(path);
      if (grants) return json(200, { value: this.grants.filter((g) => g.clientId === grants[1]) });
      const byAppId = /^\/graph\/v1\.0\/servicePrincipals\(appId='([^']+)'\)$/.exec(path);
      const principal = byAppId && this.principals.get(byAppId[1]);
      if (principal) return json(200, { id: principal.id, displayName: principal.displayName });
      return json(404, { error: { code: "Request_ResourceNotFound", message: "Resource does not exist." } });
    }
    if (path.startsWith("/api/")) return this.functionsHost(req, res, url, text);
    json(404, { error: { code: "NotFound" } });
  }

  /** The Functions host's part: routes, auth levels, and the relay's own answers. */
  private async functionsHost(req: IncomingMessage, res: ServerResponse, url: URL, text: string): Promise<void> {
    const relay = this.relay;
    if (!relay) return void res.writeHead(503).end();
    const send = (answer: { status: number; headers: Readonly<Record<string, string>>; body: string }): void =>
      void res.writeHead(answer.status, { ...answer.headers }).end(answer.body);
    if (req.method === "GET" && url.pathname === "/api/health") return send(relay.health());
    if (req.method === "GET" && url.pathname === "/api/health/details") {
      // A function-level key opens its own function only (or the host key, which dmflow never uses).
      if ((url.searchParams.get("code") ?? req.headers["x-functions-key"]) !== HEALTH_KEY)
        return void res.writeHead(401).end();
      return send(relay.healthDetails());
    }
    const route = /^\/api\/flows\/([^/]+)$/.exec(url.pathname)?.[1];
    if (req.method === "POST" && route) {
      const key = url.searchParams.get("code") ?? req.headers["x-functions-key"];
      if (key !== this.functionKey) return void res.writeHead(401).end();
      const headers = { get: (name: string) => (req.headers[name.toLowerCase()] as string | undefined) ?? null };
      const bytes = Buffer.from(text, "utf8");
      return send(
        await relay.flowEvent(route, {
          headers,
          arrayBuffer: async () =>
            bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
        }),
      );
    }
    res.writeHead(404).end();
  }

  async close(): Promise<void> {
    await Promise.all([this.server?.close(), this.kudu.close()]);
  }
}
