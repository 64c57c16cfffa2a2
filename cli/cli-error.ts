/**
 * A failure the user can act on. Its message is one line: what failed (naming the endpoint), and
 * what to check. main.ts prints it masked, without a stack trace, and exits with `exitCode`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    /** 2: the command could not do its job (usage, unreachable, denied); 1: it ran and found problems. */
    readonly exitCode: 1 | 2 = 2,
    /** Structured facts for --json (e.g. written / notWritten / unknown after a failed write). */
    readonly details?: Readonly<Record<string, unknown>>,
    /** Why no answer came, when none did: "timeout" means the request may still have been applied. */
    readonly noAnswer?: "timeout" | "unreachable" | "untrusted-certificate",
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** A message cut to `max` characters: call it on text already masked, so no secret is cut in two. */
export function clip(masked: string, max = 600): string {
  return masked.length <= max ? masked : `${masked.slice(0, max - 1)}…`;
}

/** The first line of a library's message, trimmed: its later lines are troubleshooting essays. */
export function firstLine(message: string): string {
  return (
    message
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line !== "") ?? "no details"
  );
}
