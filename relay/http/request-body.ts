/**
 * Reads a request body that must be a JSON object within a size limit. Every rejection says what is
 * wrong; nothing rejected here is ever forwarded.
 */
/** The little of an HTTP request the relay needs; the Functions HttpRequest fits it. */
export interface IncomingRequest {
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export type BodyResult = { ok: true; body: Record<string, unknown> } | { ok: false; status: number; code: string; message: string };

export async function readJsonObject(request: IncomingRequest, maxBytes: number): Promise<BodyResult> {
  const reject = (status: number, code: string, message: string): BodyResult => ({ ok: false, status, code, message });
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(contentType.trim())) {
    return reject(415, "unsupported_media_type", `content-type must be application/json, got "${contentType.slice(0, 100) || "none"}"`);
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return reject(413, "body_too_large", `the body is ${declared} bytes; the limit is ${maxBytes}`);
  const text = await request.text();
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > maxBytes) return reject(413, "body_too_large", `the body is ${bytes} bytes; the limit is ${maxBytes}`);
  if (text.trim() === "") return reject(400, "invalid_json", "the body is empty; send a JSON object");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return reject(400, "invalid_json", `the body is not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return reject(400, "body_not_object", `the body must be a JSON object, got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}`);
  }
  return { ok: true, body: value as Record<string, unknown> };
}
