/** What a relay function answers, independent of the Functions host types. */
export interface RelayResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): RelayResponse {
  return { status, headers: { "content-type": "application/json; charset=utf-8", ...headers }, body: JSON.stringify(value) };
}

/** The error shape of every 4xx/5xx the relay itself produces: {error: {code, message}}. */
export function errorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}): RelayResponse {
  return jsonResponse(status, { error: { code, message } }, headers);
}
