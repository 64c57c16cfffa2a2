/**
 * A fake Power Automate HTTP trigger on 127.0.0.1 (https, test certificate). Each request takes the
 * next scripted behaviour, else the default: answer with a status (and Retry-After), hang, reset the
 * connection, or run the flow but answer late. It records every request it received.
 */
import { createServer, type Server } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { FLOW_HOST, testTls } from "./test-tls";

export type FlowBehaviour =
  | { readonly status: number; readonly body?: string; readonly headers?: Record<string, string> }
  | { readonly hang: true }
  /** Drops the connection without an answer (the client sees a reset / socket hang up). */
  | { readonly reset: true }
  /** The flow runs (the event counts as received) but its answer comes too late for the caller. */
  | { readonly acceptLateMs: number };

export interface ReceivedRequest {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
  readonly at: number;
  /** True when the flow answered 2xx (or ran and answered late): the event was delivered. */
  readonly accepted: boolean;
}

export const FLOW_SIG = "TESTSIG0123456789abcdefSECRET";
const FLOW_PATH = "/powerautomate/automations/direct/workflows/0123456789abcdef/triggers/manual/paths/invoke";

export class FakeFlow {
  readonly received: ReceivedRequest[] = [];
  private readonly script: FlowBehaviour[] = [];
  private readonly sockets = new Set<Socket>();
  private chooser: () => FlowBehaviour = () => ({ status: 202 });

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeFlow> {
    const { key, cert } = testTls();
    const flow: FakeFlow = new FakeFlow(createServer({ key, cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", `https://${FLOW_HOST}`);
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // kept as text
        }
        const behaviour = flow.script.shift() ?? flow.chooser();
        const accepted = ("status" in behaviour && behaviour.status >= 200 && behaviour.status < 300) || "acceptLateMs" in behaviour;
        flow.received.push({ path: url.pathname, query: url.searchParams, headers: req.headers, body, at: Date.now(), accepted });
        if ("hang" in behaviour) return;
        if ("reset" in behaviour) {
          req.socket.destroy();
          return;
        }
        if ("acceptLateMs" in behaviour) {
          setTimeout(() => res.writeHead(202).end(), behaviour.acceptLateMs).unref();
          return;
        }
        res.writeHead(behaviour.status, { "content-type": "application/json", ...behaviour.headers }).end(behaviour.body ?? "");
      });
    }));
    flow.server.on("connection", (s: Socket) => {
      flow.sockets.add(s);
      s.on("close", () => flow.sockets.delete(s));
    });
    await new Promise<void>((resolve) => flow.server.listen(0, "127.0.0.1", resolve));
    return flow;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The flow's request URL, in the new Power Automate format, with a sig to keep out of logs. */
  get url(): string {
    return `https://${FLOW_HOST}:${this.port}${FLOW_PATH}?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${FLOW_SIG}`;
  }

  /** Behaviours for the next requests, in order. */
  next(...behaviours: FlowBehaviour[]): this {
    this.script.push(...behaviours);
    return this;
  }

  /** The behaviour once the script is used up. */
  otherwise(chooser: FlowBehaviour | (() => FlowBehaviour)): this {
    this.chooser = typeof chooser === "function" ? chooser : () => chooser;
    return this;
  }

  reset(): void {
    this.received.length = 0;
    this.script.length = 0;
    this.chooser = () => ({ status: 202 });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
