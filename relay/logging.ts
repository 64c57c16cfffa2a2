/**
 * Structured logging: one JSON line per event. Every line passes through redaction, so a secret
 * that slips into an error message (a flow URL, a token, a password) is masked before it is written.
 * A logger for one Functions invocation adds its invocation id to every line and writes through the
 * invocation's context, so the host files the line under that invocation.
 */
import type { InvocationContext } from "@azure/functions";

export interface LogEvent {
  /** What happened, e.g. "flow_event.delivered". */
  readonly event: string;
  readonly level?: LogLevel;
  readonly correlationId?: string;
  readonly route?: string;
  readonly outcome?: string;
  readonly status?: number;
  readonly attempts?: number;
  readonly durationMs?: number;
  readonly error?: string;
  readonly [detail: string]: unknown;
}

export type LogLevel = "info" | "warn" | "error";

/** The part of the Functions InvocationContext the logger uses; the host's context is one. */
export type Invocation = Pick<InvocationContext, "invocationId" | "info" | "warn" | "error">;

/** Where a finished, redacted line goes; `invocation` is set for lines written during one. */
export type LogSink = (line: string, level: LogLevel, invocation?: Invocation) => void;

/** In the Functions host: through the invocation's context when there is one, else the console (start-up lines). */
export const hostSink: LogSink = (line, level, invocation) => {
  if (invocation) invocation[level](line);
  else console[level === "info" ? "log" : level](line);
};

export interface Logger {
  log(event: LogEvent): void;
  /** Registers a value (password, key, URL) that must never appear in a log line; shared with every invocation's logger. */
  addSecret(secret: string): void;
  /**
   * Registers a value that replaces the one held under `slot` (an access token renewed, per identity
   * store): only live values are kept, so redaction state stays bounded however long the relay runs.
   */
  replaceSecret(slot: string, secret: string): void;
  /** How many values redaction holds (with their JSON- and URL-escaped forms): bounded, see replaceSecret. */
  secretCount(): number;
  /** The logger for one invocation: its lines carry `invocationId` and go through the invocation's context. */
  forInvocation(invocation: Invocation): Logger;
}

const MASK = "[redacted]";

/** Longest string logged in any one field; a caller's value (a department, an error) is cut to this. */
export const MAX_LOGGED_CHARS = 1000;
/** Most items logged of any one list. */
export const MAX_LOGGED_ITEMS = 100;

/** The value cut to the caps, strings redacted first so a cut can never leave part of a secret unmasked. */
function capped(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === "string") {
    const clean = redact(value);
    return clean.length <= MAX_LOGGED_CHARS
      ? clean
      : `${clean.slice(0, MAX_LOGGED_CHARS)}…[${clean.length - MAX_LOGGED_CHARS} more characters]`;
  }
  if (Array.isArray(value) && value.length > MAX_LOGGED_ITEMS)
    return [...value.slice(0, MAX_LOGGED_ITEMS), `…[${value.length - MAX_LOGGED_ITEMS} more items]`];
  return value;
}

/** Masks query strings of URLs, sig/code/token-like parameters and bearer tokens wherever they appear. */
export function redactPatterns(text: string): string {
  return text
    .replace(/(https?:\/\/[^\s"'?#]*)\?[^\s"']*/gi, `$1?${MASK}`)
    .replace(
      /\b(sig|code|access_token|refresh_token|client_secret|password|x-functions-key)=([^&\s"']+)/gi,
      `$1=${MASK}`,
    )
    .replace(/\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi, `Bearer ${MASK}`);
}

/** A value and the forms it takes inside a JSON string or a URL. */
function spellings(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])];
}

export function createLogger(sink: LogSink = hostSink, now: () => number = Date.now): Logger {
  const fixed = new Set<string>();
  const slots = new Map<string, string[]>();
  // Longest first, so a URL is masked whole before its sig is; sorted once per change, not per line.
  let ordered: string[] = [];
  const reorder = () => {
    ordered = [...new Set([...fixed, ...[...slots.values()].flat()])].sort((a, b) => b.length - a.length);
  };
  const redact = (text: string): string => {
    let out = text;
    for (const secret of ordered) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return redactPatterns(out);
  };
  // Short values would mask ordinary words; every real secret here is longer.
  const addSecret = (secret: string) => {
    if (secret.length < 6) return;
    for (const form of spellings(secret)) fixed.add(form);
    reorder();
  };
  const replaceSecret = (slot: string, secret: string) => {
    if (secret.length < 6) slots.delete(slot);
    else slots.set(slot, spellings(secret));
    reorder();
  };
  const logger = (invocation?: Invocation): Logger => ({
    addSecret,
    replaceSecret,
    secretCount: () => ordered.length,
    log(event) {
      const level = event.level ?? "info";
      const fields = {
        time: new Date(now()).toISOString(),
        level,
        ...(invocation ? { invocationId: invocation.invocationId } : {}),
        ...event,
      };
      const line = JSON.stringify(fields, (_key, value: unknown) => capped(value, redact));
      sink(redact(line), level, invocation);
    },
    forInvocation: (next) => logger(next),
  });
  return logger();
}
