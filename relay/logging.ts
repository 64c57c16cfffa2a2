/**
 * Structured logging: one JSON line per event. Every line passes through redaction, so a secret
 * that slips into an error message (a flow URL, a token, a password) is masked before it is written.
 */
export interface LogEvent {
  /** What happened, e.g. "flow_event.delivered". */
  readonly event: string;
  readonly level?: "info" | "warn" | "error";
  readonly correlationId?: string;
  readonly route?: string;
  readonly outcome?: string;
  readonly status?: number;
  readonly attempts?: number;
  readonly durationMs?: number;
  readonly error?: string;
  readonly [detail: string]: unknown;
}

export type LogSink = (line: string) => void;

export interface Logger {
  log(event: LogEvent): void;
  /** Registers a value (token, password, URL) that must never appear in a log line. */
  addSecret(secret: string): void;
}

const MASK = "[redacted]";

/** Masks query strings of URLs, sig/code/token-like parameters and bearer tokens wherever they appear. */
export function redactPatterns(text: string): string {
  return text
    .replace(/(https?:\/\/[^\s"'?#]*)\?[^\s"']*/gi, `$1?${MASK}`)
    .replace(/\b(sig|code|access_token|refresh_token|client_secret|password|x-functions-key)=([^&\s"']+)/gi, `$1=${MASK}`)
    .replace(/\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi, `Bearer ${MASK}`);
}

export function createLogger(sink: LogSink = (line) => console.log(line), now: () => number = Date.now): Logger {
  const secrets = new Set<string>();
  const redact = (text: string): string => {
    let out = text;
    // Longest first, so a URL is masked whole before its sig is.
    for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join(MASK);
    return redactPatterns(out);
  };
  return {
    addSecret(secret) {
      // Short values would mask ordinary words; every real secret here is longer.
      if (secret.length >= 6) {
        secrets.add(secret);
        secrets.add(JSON.stringify(secret).slice(1, -1));
        secrets.add(encodeURIComponent(secret));
      }
    },
    log(event) {
      const line = JSON.stringify({ time: new Date(now()).toISOString(), level: event.level ?? "info", ...event });
      sink(redact(line));
    },
  };
}
