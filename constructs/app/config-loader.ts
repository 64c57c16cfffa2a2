import { readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import type { core } from "zod";
import { environmentConfigSchema, EnvironmentConfig } from "./config-schema";

/** A configuration problem; the message lists every bad field with file, path, value and expected form. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration; nothing was synthesized:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

export interface LoadedEnvironment {
  /** The environment (and stack) name: the config file's base name. */
  readonly name: string;
  readonly file: string;
  readonly config: EnvironmentConfig;
}

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,19}$/;

function show(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return "nothing";
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function describeIssue(file: string, issue: core.$ZodIssue): string[] {
  const at = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map(
      (key) => `${file}: field "${at ? `${at}.` : ""}${key}" is not a known field (a typo?); remove it or correct its name`,
    );
  }
  let input = "input" in issue ? issue.input : undefined;
  // A union reports the whole object; show the field the path names.
  const last = issue.path[issue.path.length - 1];
  if (input && typeof input === "object" && last !== undefined && last in input) input = (input as Record<PropertyKey, unknown>)[last];
  const got = input === undefined ? "is missing" : `got ${show(input)}`;
  return [`${file}: field "${at || "(root)"}": ${got}; expected ${issue.message}`];
}

/** Validates one parsed config; throws a ConfigError listing every problem. */
export function parseEnvironmentConfig(raw: unknown, file: string): EnvironmentConfig {
  const result = environmentConfigSchema.safeParse(raw, { reportInput: true });
  if (!result.success) throw new ConfigError(result.error.issues.flatMap((issue) => describeIssue(file, issue)));
  return result.data;
}

/**
 * Reads `<dir>/<environment>.json` for every environment (or only those named in `selected`),
 * validates all of them, and throws one ConfigError listing every problem in every file.
 */
export function loadEnvironments(dir: string, selected?: readonly string[]): LoadedEnvironment[] {
  const files = readdirSync(dir).filter((f) => f.endsWith(".json") && !f.endsWith(".schema.json")).sort();
  const names = files.map((f) => basename(f, ".json"));
  const problems: string[] = [];
  const wanted = selected?.filter((s) => s.length > 0) ?? [];
  for (const name of wanted) {
    if (!names.includes(name)) problems.push(`environment "${name}" was selected but ${join(dir, `${name}.json`)} does not exist; expected one of: ${names.join(", ") || "(none)"}`);
  }
  const loaded: LoadedEnvironment[] = [];
  for (const f of files) {
    const name = basename(f, ".json");
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    const file = relative(process.cwd(), join(dir, f)) || f;
    if (!ENVIRONMENT_NAME.test(name)) {
      problems.push(`${file}: the file name gives the environment (stack) name "${name}"; expected 1-20 lower-case letters, digits and hyphens, starting with a letter`);
      continue;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, f), "utf8"));
    } catch (e) {
      problems.push(`${file}: not valid JSON (${(e as Error).message}); expected a JSON object`);
      continue;
    }
    try {
      loaded.push({ name, file, config: parseEnvironmentConfig(raw, file) });
    } catch (e) {
      if (e instanceof ConfigError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length === 0 && loaded.length === 0) problems.push(`${dir}: no environment config (*.json) found; expected at least config/example.json`);
  if (problems.length > 0) throw new ConfigError(problems);
  return loaded;
}
