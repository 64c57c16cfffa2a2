/**
 * A fake Power Automate HTTP trigger on 127.0.0.1 (https, test certificate). Each request takes the
 * next scripted behaviour, else the default: answer with a status (and Retry-After), hang, reset the
 * connection, or run the flow but lose its answer. It records every request it received.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { startLoopbackHttps, type LoopbackServer } from "./loopback-https-server";
import { FLOW_HOST } from "./test-tls";

export type FlowBehaviour =
  | { readonly status: number; readonly body?: string; readonly headers?: Record<string, string> }
  | { readonly hang: true }
  /** Drops the connection without an answer (the client sees a reset / socket hang up). */
  | { readonly reset: true }
  /** The flow runs (the event counts as received) but its answer is lost: the connection drops. */
  | { readonly runThenReset: true };

export interface ReceivedRequest {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
  /** The body exactly as it arrived. */
  readonly text: string;
  readonly at: number;
  /** True when the flow answered 2xx (or ran and lost its answer): the event was delivered. */
  readonly accepted: boolean;
}

export const FLOW_SIG = "TESTSIG0123456789abcdefSECRET";
const FLOW_PATH = "/powerautomate/automations/direct/workflows/0123456789abcdef/triggers/manual/paths/invoke";

export class FakeFlow {
  readonly received: ReceivedRequest[] = [];
  private readonly script: FlowBehaviour[] = [];
  private chooser: () => FlowBehaviour = () => ({ status: 202 });
  private server?: LoopbackServer;

  static async start(): Promise<FakeFlow> {
    const flow = new FakeFlow();
    flow.server = await startLoopbackHttps((req, res, text) => flow.handle(req, res, text));
    return flow;
  }

  private handle(req: IncomingMessage, res: ServerResponse, text: string): void {
    const url = new URL(req.url ?? "/", `https://${FLOW_HOST}`);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // kept as text
    }
    const behaviour = this.script.shift() ?? this.chooser();
    const accepted =
      ("status" in behaviour && behaviour.status >= 200 && behaviour.status < 300) || "runThenReset" in behaviour;
    this.received.push({
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      text,
      at: Date.now(),
      accepted,
    });
    if ("hang" in behaviour) return;
    if ("reset" in behaviour || "runThenReset" in behaviour) {
      req.socket.destroy();
      return;
    }
    res
      .writeHead(behaviour.status, { "content-type": "application/json", ...behaviour.headers })
      .end(behaviour.body ?? "");
  }

  get port(): number {
    if (!this.server) throw new Error("the fake flow is not started");
    return this.server.port;
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

  close(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }
}
