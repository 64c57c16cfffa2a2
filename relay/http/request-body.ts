/**
 * Reads a request body that must be a JSON object in UTF-8 within size and nesting limits. Every
 * rejection says what is wrong; nothing rejected here is ever forwarded or queued. The exact text
 * is kept: it is what the flow receives (see enrichment.ts).
 */
import { nestsDeeperThan } from "./json-depth";

/** The little of an HTTP request the relay needs; the Functions HttpRequest fits it. */
export interface IncomingRequest {
  readonly headers: { get(name: string): string | null };
  /** The body as a stream (the Functions HttpRequest has one): read only up to the size limit. */
  readonly body?: ReadableStream<Uint8Array> | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface BodyLimits {
  readonly maxBodyBytes: number;
  readonly maxJsonDepth: number;
}

export type BodyResult =
  | { ok: true; text: string; body: Record<string, unknown> }
  | { ok: false; status: number; code: string; message: string };

const JSON_MEDIA_TYPE = /^application\/([a-z0-9.+-]+\+)?json$/i;

export async function readJsonObject(request: IncomingRequest, limits: BodyLimits): Promise<BodyResult> {
  const reject = (status: number, code: string, message: string): BodyResult => ({ ok: false, status, code, message });
  const contentType = request.headers.get("content-type") ?? "";
  const [mediaType, ...parameters] = contentType.split(";").map((part) => part.trim());
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    return reject(
      415,
      "unsupported_media_type",
      `content-type must be application/json, got "${contentType.slice(0, 100) || "none"}"`,
    );
  }
  const charset = parameters
    .find((p) => /^charset\s*=/i.test(p))
    ?.replace(/^charset\s*=\s*/i, "")
    .replace(/^"(.*)"$/, "$1");
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    return reject(
      415,
      "unsupported_charset",
      `the body must be UTF-8 (charset=utf-8 or none), got charset "${charset.slice(0, 40)}"`,
    );
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limits.maxBodyBytes)
    return reject(413, "body_too_large", `the body is ${declared} bytes; the limit is ${limits.maxBodyBytes}`);
  const bytes = await readUpTo(request, limits.maxBodyBytes);
  if (bytes === undefined)
    return reject(413, "body_too_large", `the body is over the limit of ${limits.maxBodyBytes} bytes`);
  let text: string;
  try {
    // Fatal: a byte sequence that is not UTF-8 (Latin-1, overlong, a lone continuation byte) is refused, never replaced by U+FFFD.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return reject(400, "invalid_utf8", "the body is not valid UTF-8; send it encoded as UTF-8");
  }
  if (text.trim() === "") return reject(400, "invalid_json", "the body is empty; send a JSON object");
  if (nestsDeeperThan(text, limits.maxJsonDepth)) {
    return reject(
      400,
      "json_too_deep",
      `the body nests objects and arrays more than ${limits.maxJsonDepth} levels deep (RELAY_MAX_JSON_DEPTH)`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return reject(400, "invalid_json", `the body is not valid JSON (${(error as Error).message.slice(0, 200)})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return reject(
      400,
      "body_not_object",
      `the body must be a JSON object, got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}`,
    );
  }
  return { ok: true, text, body: value as Record<string, unknown> };
}

/** The body's bytes, or undefined as soon as more than `limit` arrived: the rest is never read nor held. */
async function readUpTo(request: IncomingRequest, limit: number): Promise<Uint8Array | undefined> {
  if (!request.body) {
    const whole = new Uint8Array(await request.arrayBuffer());
    return whole.byteLength > limit ? undefined : whole;
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
