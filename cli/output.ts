/**
 * Where the command writes: results on stdout (text, or one JSON document with --json), progress
 * and errors on stderr. Every line passes through the Masker first, so no secret learned during
 * the run can reach the terminal or a pipeline log.
 */
import type { Masker } from "./mask";

export interface Output {
  /** "… what is running now", on stderr (pipelines show it live; stdout stays clean for --json). */
  progress(text: string): void;
  /** A result line on stdout. */
  line(text?: string): void;
  /** The whole report as JSON on stdout. */
  json(value: unknown): void;
  /** A one-line error on stderr. */
  error(text: string): void;
}

export interface Streams {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export function createOutput(masker: Masker, streams: Streams): Output {
  const out = (text: string) => streams.stdout(`${masker.mask(text)}\n`);
  return {
    progress: (text) => streams.stderr(`${masker.mask(`… ${text}`)}\n`),
    line: (text = "") => out(text),
    json: (value) => out(JSON.stringify(value, null, 2)),
    error: (text) => streams.stderr(`${masker.mask(`dmflow: ${text.replace(/\s*\n\s*/g, " ")}`)}\n`),
  };
}
