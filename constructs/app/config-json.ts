import { visit } from "jsonc-parser";

/** A config file's JSON, or the problems that make it unusable (each completes "<file>: …"). */
export type ParsedJson = { ok: true; value: unknown } | { ok: false; problems: string[] };

/**
 * Parses a config file strictly (JSON.parse) and reports every key that appears twice in one
 * object: JSON.parse silently keeps the last one, so an admin's first value would be ignored.
 */
export function parseConfigJson(text: string): ParsedJson {
  const body = text.replace(/^\uFEFF/, ""); // editors on Windows write a byte order mark
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    return {
      ok: false,
      problems: [`not valid JSON (${withLine((e as Error).message, body)}); expected a JSON object`],
    };
  }
  const problems: string[] = [];
  const seen: Map<string, number>[] = [];
  visit(body, {
    onObjectBegin: () => {
      seen.push(new Map());
    },
    onObjectEnd: () => {
      seen.pop();
    },
    onObjectProperty: (key, _offset, _length, line, _column, pathOf) => {
      const keys = seen[seen.length - 1];
      const first = keys.get(key);
      if (first !== undefined) {
        const path = [...pathOf(), key].join(".");
        problems.push(
          `field "${path}": appears twice, on line ${first + 1} and line ${line + 1}; expected each field once (JSON keeps only the last value, so the first is silently lost)`,
        );
      } else keys.set(key, line);
    },
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

/** JSON.parse's "at position N" with the line and column an editor shows. */
function withLine(message: string, text: string): string {
  const at = /at position (\d+)/.exec(message);
  if (!at || /line \d+/.test(message)) return message;
  const before = text.slice(0, Number(at[1])).split("\n");
  return `${message}, line ${before.length} column ${before[before.length - 1].length + 1}`;
}
