/**
 * A fake Directory Manager on 127.0.0.1 (https, test certificate) with the endpoints docs/facts.md
 * documents: the security service's password-grant token endpoint (tokens expire; a stale or
 * revoked token gets 401) and the Data Service's Workflows/Approve and Workflows/Deny.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { startLoopbackHttps, type LoopbackServer } from "./loopback-https-server";
import { DIRECTORY_MANAGER_HOST } from "./test-tls";

export const DM_CREDENTIALS = {
  username: "svc-relay@example.test",
  password: "Dm-Pa55word-SECRET",
  clientId: "dm-client-id",
  clientSecret: "dm-client-secret-SECRET",
} as const;

export interface WorkflowCall {
  readonly identityStoreId: number;
  readonly action: "Approve" | "Deny";
  readonly body: { workflowRequestID?: number; reason?: string };
  readonly trackingId?: string;
}

export class FakeDirectoryManager {
  readonly calls: WorkflowCall[] = [];
  readonly issuedTokens: string[] = [];
  /** When true, every request gets its connection reset, as if the server were down. */
  down = false;
  tokenLifetimeSeconds = 1200;
  private readonly tokens = new Map<string, { identityStoreId: number; expiresAt: number }>();
  private server?: LoopbackServer;

  static async start(): Promise<FakeDirectoryManager> {
    const dm = new FakeDirectoryManager();
    dm.server = await startLoopbackHttps((req, res, text) => dm.handle(req, res, text));
    return dm;
  }

  private handle(req: IncomingMessage, res: ServerResponse, text: string): void {
    if (this.down) return void req.socket.destroy();
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    };
    const path = new URL(req.url ?? "/", "https://x").pathname;
    if (req.method === "POST" && path === "/GroupIDSecurityService/connect/token") {
      const form = new URLSearchParams(text);
      const ok =
        form.get("grant_type") === "password" &&
        form.get("username") === DM_CREDENTIALS.username &&
        form.get("password") === DM_CREDENTIALS.password &&
        form.get("client_id") === DM_CREDENTIALS.clientId &&
        form.get("client_secret") === DM_CREDENTIALS.clientSecret &&
        /^[0-9]+$/.test(form.get("identity_store_id") ?? "");
      if (!ok) return json(400, { error: "invalid_grant" });
      const token = `dmtoken-${randomBytes(12).toString("hex")}`;
      this.tokens.set(token, {
        identityStoreId: Number(form.get("identity_store_id")),
        expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000,
      });
      this.issuedTokens.push(token);
      return json(200, { access_token: token, token_type: "Bearer", expires_in: this.tokenLifetimeSeconds });
    }
    const workflow = /^\/GroupIDDataService\/api\/IdentityStores\/([0-9]+)\/Workflows\/(Approve|Deny)$/.exec(path);
    if (req.method === "POST" && workflow) {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      const grant = token ? this.tokens.get(token) : undefined;
      const identityStoreId = Number(workflow[1]);
      if (!grant || grant.expiresAt <= Date.now() || grant.identityStoreId !== identityStoreId)
        return json(401, { message: "Unauthorized" });
      const trackingId = req.headers["x-ms-client-tracking-id"];
      this.calls.push({
        identityStoreId,
        action: workflow[2] as "Approve" | "Deny",
        body: JSON.parse(text),
        trackingId: typeof trackingId === "string" ? trackingId : undefined,
      });
      return json(200, { success: true });
    }
    json(404, { message: "not found" });
  }

  get baseUrl(): string {
    if (!this.server) throw new Error("the fake Directory Manager is not started");
    return `https://${DIRECTORY_MANAGER_HOST}:${this.server.port}`;
  }

  get tokenUrl(): string {
    return `${this.baseUrl}/GroupIDSecurityService/connect/token`;
  }

  reset(): void {
    this.calls.length = 0;
    this.issuedTokens.length = 0;
    this.down = false;
    this.tokens.clear();
  }

  /** Invalidates every issued token, as a server restart would: the next call gets 401. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  close(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }
}
