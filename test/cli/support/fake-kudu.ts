/**
 * The relay's SCM site (Kudu) on its own loopback https server, and the two Resource Manager reads
 * dmflow makes about it (FakeAzure hands them over). Shapes, per answer:
 * - GET <site>: REST reference "Web Apps - Get" (api-version 2024-04-01), `properties.hostNameSslStates`
 *   with `hostType` "Standard" / "Repository"; the Repository entry is the SCM host (az's `_get_scm_url`).
 *   Inferred: real host names carry no port; here the SCM host is 127.0.0.1:<port>.
 * - POST /api/publish?type=zip: az functionapp deploy (Azure/azure-cli appservice/custom.py,
 *   commit 00429bd37d87f5951917c692a2e3a8ea497c01e1) treats 200 and 202 as accepted. Flex can
 *   answer 200 even when the deployment then fails (issue 23), so this fake answers 200 either way.
 * - GET /api/deployments/latest and /api/deployments/{id}/log: projectkudu/kudu wiki "REST API"
 *   (https://github.com/projectkudu/kudu/wiki/REST-API) fields id, status, status_text, message,
 *   deployer, complete, received_time, end_time, log_url; status 3 failed, 4 success
 *   (Kudu.Contracts/Deployment/DeployStatus.cs). That Flex keeps `message` from the query: inferred
 *   (Azure/functions-action passes message= to Flex's publish, src/publishers/oneDeployFlex.ts).
 * - GET <site>/functions: REST reference "Web Apps - List Functions", FunctionEnvelopeCollection
 *   `{ value: [{ id, name: "<site>/<function>", type: "Microsoft.Web/sites/functions", properties: { name } }] }`.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { startLoopbackHttps, type LoopbackServer } from "../../relay/support/loopback-https-server";

/** What the relay registers once its package is loaded (relay/index.ts), written out independently. */
export const LOADED_FUNCTIONS = [
  "decision",
  "decisionRedelivery",
  "flowEvent",
  "flowEventRedelivery",
  "health",
  "healthDetails",
];

/** The package the world's relay runs before a test deploys: its recorded sha256. */
export const DEPLOYED_SHA256 = createHash("sha256").update("the relay package deployed earlier").digest("hex");

/** A small real zip at <dir>/dist/relay.zip: one stored file, then the end-of-central-directory record. */
export function writeRelayZip(dir: string, content: string): { path: string; sha256: string; size: number } {
  const name = Buffer.from("host.json");
  const data = Buffer.from(content);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(data.length, 22);
  header.writeUInt16LE(name.length, 26);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const bytes = Buffer.concat([header, name, data, end]);
  mkdirSync(join(dir, "dist"), { recursive: true });
  const path = join(dir, "dist", "relay.zip");
  writeFileSync(path, bytes);
  return { path, sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.length };
}

export interface KuduDeployment {
  id: string;
  status: number;
  status_text: string;
  message: string;
  deployer: string;
  complete: boolean;
  received_time: string;
  end_time: string | null;
  log_url: string;
}

export class FakeKudu {
  deployments: KuduDeployment[] = [];
  /** Functions the host lists now. */
  functions: string[] = [];
  /** How a push ends: status 4, status 3, or never finishing. */
  outcome: "success" | "failed" | "never" = "success";
  /** Polls of the latest record before a push finishes. */
  pollsToFinish = 1;
  /** Lists of the functions before they appear after a successful push (undefined: never). */
  listsToIndex: number | undefined = 1;
  /** The sha256 of each zip pushed. */
  readonly pushed: string[] = [];
  readonly calls: string[] = [];
  private polls = 0;
  private lists = 0;
  /** A push restarted the host and it has not indexed since. */
  private indexing = false;
  private server?: LoopbackServer;

  /** `token`: the Resource Manager token the SCM site accepts. */
  private constructor(private readonly token: string) {}

  static async start(token: string): Promise<FakeKudu> {
    const kudu = new FakeKudu(token);
    kudu.server = await startLoopbackHttps((req, res, _text, bytes) => kudu.handle(req, res, bytes));
    return kudu;
  }

  get host(): string {
    return `127.0.0.1:${this.server!.port}`;
  }

  reset(): void {
    Object.assign(this, { outcome: "success", pollsToFinish: 1, listsToIndex: 1, polls: 0, lists: 0, indexing: false });
    this.pushed.length = 0;
    this.calls.length = 0;
    this.functions = [...LOADED_FUNCTIONS];
    this.deployments = [this.record("a1b2c3d4", 4, `dmflow deploy-code sha256:${DEPLOYED_SHA256} run:earlier`)];
  }

  /** Resource Manager's answers about the site; undefined when the path is not one of them. */
  arm(siteId: string, path: string): { status: number; body: unknown } | undefined {
    if (path === siteId)
      return {
        status: 200,
        body: {
          id: siteId,
          name: siteId.split("/").pop(),
          type: "Microsoft.Web/sites",
          kind: "functionapp,linux",
          properties: {
            state: "Running",
            hostNameSslStates: [
              { name: "dm-prod-relay.azurewebsites.net", sslState: "Disabled", hostType: "Standard" },
              { name: this.host, sslState: "Disabled", hostType: "Repository" },
            ],
          },
        },
      };
    if (path === `${siteId}/functions`) {
      this.lists++;
      this.indexIfDue();
      const value = this.functions.map((name) => ({
        id: `${siteId}/functions/${name}`,
        name: `${siteId.split("/").pop()}/${name}`,
        type: "Microsoft.Web/sites/functions",
        properties: { name, isDisabled: false, language: "node" },
      }));
      return { status: 200, body: { value, nextLink: null } };
    }
    return undefined;
  }

  private record(id: string, status: number, message: string): KuduDeployment {
    return {
      id,
      status,
      status_text: status === 3 ? "Deployment failed" : "",
      message,
      deployer: "dmflow",
      complete: status === 3 || status === 4,
      received_time: "2026-12-06T03:00:00.0000000Z",
      end_time: status === 3 || status === 4 ? "2026-12-06T03:00:20.0000000Z" : null,
      log_url: `https://${this.host}/api/deployments/${id}/log`,
    };
  }

  private handle(req: IncomingMessage, res: ServerResponse, bytes: Buffer): void {
    const url = new URL(req.url ?? "/", `https://${this.host}`);
    this.calls.push(`${req.method} ${url.pathname}`);
    const { status, body } = this.answer(req, url, bytes);
    res.writeHead(status, { "content-type": "application/json" }).end(body === undefined ? "" : JSON.stringify(body));
  }

  private answer(req: IncomingMessage, url: URL, bytes: Buffer): { status: number; body?: unknown } {
    if (req.headers.authorization !== `Bearer ${this.token}`) return { status: 401, body: { Message: "Unauthorized" } };
    if (req.method === "POST" && url.pathname === "/api/publish") {
      if (url.searchParams.get("type") !== "zip" || req.headers["content-type"] !== "application/octet-stream")
        return { status: 400, body: { Message: "type=zip and an application/octet-stream body expected" } };
      this.pushed.push(createHash("sha256").update(bytes).digest("hex"));
      this.deployments.push(this.record(`d${this.deployments.length}`, 1, url.searchParams.get("message") ?? ""));
      Object.assign(this, { functions: [], indexing: true, polls: 0, lists: 0 });
      return { status: 200 };
    }
    const latest = this.deployments.at(-1);
    if (req.method === "GET" && url.pathname === "/api/deployments/latest") {
      if (!latest) return { status: 404, body: { Message: "No deployment found" } };
      if (!latest.complete && this.outcome !== "never" && ++this.polls >= this.pollsToFinish) this.finish(latest);
      return { status: 200, body: latest };
    }
    if (req.method === "GET" && /^\/api\/deployments\/[^/]+\/log$/.test(url.pathname))
      return {
        status: 200,
        body: [
          { log_time: "2026-12-06T03:00:01Z", id: "l1", message: "Fetching changes.", type: 0 },
          {
            log_time: "2026-12-06T03:00:19Z",
            id: "l2",
            message: "Failed to start the function host: worker exited",
            type: 2,
          },
        ],
      };
    return { status: 404, body: { Message: "not found" } };
  }

  private finish(latest: KuduDeployment): void {
    Object.assign(latest, this.record(latest.id, this.outcome === "success" ? 4 : 3, latest.message));
  }

  /** On each functions list: the host indexes after listsToIndex lists of a good push. */
  private indexIfDue(): void {
    const latest = this.deployments.at(-1);
    if (this.indexing && latest?.status === 4 && this.listsToIndex !== undefined && this.lists >= this.listsToIndex) {
      this.functions = [...LOADED_FUNCTIONS];
      this.indexing = false;
    }
  }

  close(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }
}
