/**
 * A failure the user can act on. Its message is one line: what failed (naming the endpoint), and
 * what to check. main.ts prints it masked, without a stack trace, and exits with `exitCode`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    /** 2: the command could not do its job (usage, unreachable, denied); 1: it ran and found problems. */
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
    this.name = "CliError";
  }
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
