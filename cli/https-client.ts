/**
 * The command's https requests (Directory Manager, the relay, Microsoft Graph, Azure Resource
 * Manager): node:https through one agent that trusts the public CAs plus, with --ca-file, an
 * internal CA. Certificate verification is never turned off; plain http is refused.
 */
import { readFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { createSecureContext, rootCertificates, type SecureContext } from "node:tls";
import { CliError } from "./cli-error";

export interface HttpsRequest {
  readonly method: "GET" | "POST" | "PATCH";
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  /** Text as UTF-8, or bytes (a zip). */
  readonly body?: string | Buffer;
}

export interface HttpsAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export type HttpsClient = (request: HttpsRequest) => Promise<HttpsAnswer>;

/** No answer at all: why, in a word the user can act on. */
export class NoAnswer extends Error {
  constructor(
    readonly kind: "timeout" | "unreachable" | "untrusted-certificate",
    /** Node's error code, e.g. ECONNREFUSED or SELF_SIGNED_CERT_IN_CHAIN. */
    readonly code: string,
  ) {
    super(`${kind} (${code})`);
  }
}

/** Answers past this are cut: the APIs called here answer a few kilobytes. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME|HOSTNAME_MISMATCH/;
const UNREACHABLE_CODES = new Set([
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ETIMEDOUT",
]);

/**
 * One secure context per CA file's content in a process: building one parses the ~140 public root
 * certificates (about 40 ms), which per connection cost ~100 ms each, and per run added up in the
 * tests, which run the command many times in one process.
 */
const secureContexts = new Map<string, SecureContext>();
function secureContextFor(pem: string): SecureContext {
  let context = secureContexts.get(pem);
  if (!context) {
    context = createSecureContext({ ca: [...rootCertificates, pem] });
    secureContexts.set(pem, context);
  }
  return context;
}

/** The agent every request goes through: public CAs, plus the PEM file given with --ca-file. */
export function httpsAgent(caFile?: string): Agent {
  if (caFile === undefined) return new Agent({ keepAlive: false });
  let pem: string;
  try {
    pem = readFileSync(caFile, "utf8");
  } catch (error) {
    throw new CliError(
      `--ca-file ${caFile}: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}); give the path of a PEM file holding your internal CA's certificate`,
    );
  }
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
    throw new CliError(
      `--ca-file ${caFile}: holds no PEM certificate (-----BEGIN CERTIFICATE-----); export your internal CA's certificate as PEM`,
    );
  }
  return new Agent({ keepAlive: false, secureContext: secureContextFor(pem) });
}

export function createHttpsClient(agent: Agent, timeoutMs: number): HttpsClient {
  return (outgoing) =>
    new Promise<HttpsAnswer>((resolve, reject) => {
      if (outgoing.url.protocol !== "https:") {
        reject(new NoAnswer("unreachable", `only https is used, not ${outgoing.url.protocol}`));
        return;
      }
      const body =
        outgoing.body === undefined || Buffer.isBuffer(outgoing.body)
          ? outgoing.body
          : Buffer.from(outgoing.body, "utf8");
      const req = request(outgoing.url, {
        method: outgoing.method,
        agent,
        headers: {
          accept: "application/json",
          ...outgoing.headers,
          ...(body ? { "content-length": String(body.length) } : {}),
        },
      });
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const code = (error as NodeJS.ErrnoException).code ?? "error";
        if (error instanceof NoAnswer) reject(error);
        else if (CERTIFICATE_CODES.test(code)) reject(new NoAnswer("untrusted-certificate", code));
        else if (UNREACHABLE_CODES.has(code)) reject(new NoAnswer("unreachable", code));
        else reject(new NoAnswer("unreachable", code));
      };
      const timer = setTimeout(() => {
        const timeout = new NoAnswer(
          "timeout",
          `no answer within ${timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`}`,
        );
        fail(timeout);
        req.destroy(timeout);
      }, timeoutMs);
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
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const headers: Record<string, string | undefined> = {};
          for (const [name, value] of Object.entries(res.headers))
            headers[name] = Array.isArray(value) ? value.join(", ") : value;
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString("utf8") });
        });
      });
      req.end(body);
    });
}
