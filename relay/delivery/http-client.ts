/**
 * The relay's only way out to the network: https requests through node:https with an injectable
 * agent. Production uses the default agent (public CAs, real DNS); tests inject an agent that trusts
 * a throwaway test CA and resolves the test host names to 127.0.0.1. Plain http is refused here, so
 * no setting can turn TLS off. Redirects are never followed (a redirect could lead anywhere).
 */
import { request as httpsRequest, type Agent } from "node:https";
import { systemClock, type Clock } from "../clock";

export interface OutgoingRequest {
  readonly url: URL;
  readonly method: "GET" | "POST";
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** The whole exchange, connect to last byte, must finish within this. */
  readonly timeoutMs: number;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export type HttpClient = (request: OutgoingRequest) => Promise<HttpAnswer>;

/** No answer: the request timed out or the connection failed. */
export class HttpFailure extends Error {
  constructor(
    readonly kind: "timeout" | "connection",
    message: string,
  ) {
    super(message);
  }
}

/** Flows answer small bodies; anything past this is cut so a runaway answer cannot exhaust memory. */
const MAX_ANSWER_BYTES = 1_048_576;

/** `clock` ends each exchange at its timeout (`deadline`); tests pass one that ends it sooner. */
export function createHttpsClient(agent?: Agent, clock: Pick<Clock, "deadline"> = systemClock): HttpClient {
  return (outgoing) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      if (outgoing.url.protocol !== "https:") {
        reject(
          new HttpFailure("connection", `refused to send to a ${outgoing.url.protocol} URL; only https is allowed`),
        );
        return;
      }
      const body = outgoing.body === undefined ? undefined : Buffer.from(outgoing.body, "utf8");
      const req = httpsRequest(outgoing.url, {
        method: outgoing.method,
        agent,
        headers: { ...outgoing.headers, ...(body ? { "content-length": String(body.length) } : {}) },
      });
      const deadline = clock.deadline(outgoing.timeoutMs);
      const fail = (error: Error) => {
        deadline.removeEventListener("abort", onTimeout);
        // Node's own messages name the host and port at most, never the path or query.
        reject(
          error instanceof HttpFailure
            ? error
            : new HttpFailure("connection", `${(error as NodeJS.ErrnoException).code ?? "error"}: ${error.message}`),
        );
      };
      // Settle first, then tear down: once a response has started, destroy() alone may surface as "aborted".
      const onTimeout = () => {
        const timeout = new HttpFailure("timeout", `no complete answer within ${outgoing.timeoutMs} ms`);
        fail(timeout);
        req.destroy(timeout);
      };
      if (deadline.aborted) queueMicrotask(onTimeout);
      else deadline.addEventListener("abort", onTimeout, { once: true });
      req.on("error", fail);
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          if (size < MAX_ANSWER_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        res.on("error", fail);
        res.on("end", () => {
          deadline.removeEventListener("abort", onTimeout);
          const headers: Record<string, string | undefined> = {};
          for (const [name, value] of Object.entries(res.headers))
            headers[name] = Array.isArray(value) ? value.join(", ") : value;
          resolve({
            status: res.statusCode ?? 0,
            headers,
            body: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString("utf8"),
          });
        });
      });
      req.end(body);
    });
}
