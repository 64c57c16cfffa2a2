import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { core } from "zod";
import { environmentConfigSchema, type EnvironmentConfig } from "./config-schema";
import { parseConfigJson } from "./config-json";
import { listConfigFiles } from "./config-files";
import { configRuleProblems } from "./config-rules";
import { environmentCollisions, type EnvironmentEntry } from "./environment-collisions";

/** A configuration problem; the message lists every bad field with file, path, value and expected form. */
export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    heading = "Invalid configuration",
  ) {
    super(`${heading}; nothing was synthesized:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

export interface LoadedEnvironment {
  /** The environment (and stack) name: the config file's base name. */
  readonly name: string;
  readonly file: string;
  readonly config: EnvironmentConfig;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return "nothing";
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Every zod issue of a config file as `<file>: field "<path>": got …; expected …` lines (the app's and the bootstrap's). */
export function describeConfigIssues(file: string, issues: readonly core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => describeIssue(file, issue));
}

function describeIssue(file: string, issue: core.$ZodIssue): string[] {
  const at = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map(
      (key) =>
        `${file}: field "${at ? `${at}.` : ""}${key}" is not a known field (a typo?); expected it removed or its name corrected`,
    );
  }
  // A record key that breaks its rule: the key's own issues say what is expected.
  const message = issue.code === "invalid_key" ? issue.issues.map((i) => i.message).join("; ") : issue.message;
  let input = "input" in issue ? issue.input : undefined;
  // A union reports the whole object; show the field the path names.
  const last = issue.path[issue.path.length - 1];
  if (input && typeof input === "object" && last !== undefined && last in input)
    input = (input as Record<PropertyKey, unknown>)[last];
  const got = input === undefined ? "is missing" : `got ${show(input)}`;
  return [`${file}: field "${at || "(root)"}": ${got}; expected ${message}`];
}

/**
 * Validates one parsed config: its fields, then the checks across fields that need the
 * environment name (from the file name, `<environment>.json`). Throws a ConfigError listing every problem.
 */
export function parseEnvironmentConfig(
  raw: unknown,
  file: string,
  environment = basename(file, ".json"),
): EnvironmentConfig {
  const result = environmentConfigSchema.safeParse(raw, { reportInput: true });
  if (!result.success) throw new ConfigError(describeConfigIssues(file, result.error.issues));
  const problems = configRuleProblems(raw, result.data, environment).map(
    (p) => `${file}: field "${p.path}": ${p.got}; expected ${p.expected}`,
  );
  if (problems.length > 0) throw new ConfigError(problems);
  return result.data;
}

/**
 * Reads `<dir>/<environment>.json` for every environment (or only those named in `selected`),
 * validates all of them, checks them against each other (names Azure allows once, state blobs),
 * and throws one ConfigError listing every problem in every file.
 */
export function loadEnvironments(dir: string, selected?: readonly string[]): LoadedEnvironment[] {
  const { files, problems } = listConfigFiles(dir);
  const names = files.map((f) => f.name);
  const wanted = new Set(selected?.filter((s) => s.length > 0) ?? []);
  for (const name of wanted) {
    if (!names.includes(name))
      problems.push(
        `environment "${name}" was selected but ${join(dir, `${name}.json`)} does not exist; expected one of: ${names.join(", ") || "(none)"}`,
      );
  }
  const isWanted = (name: string) => wanted.size === 0 || wanted.has(name);
  // Every file is read, so the selected ones are checked against all others; only the selected
  // ones' own problems are reported.
  const parsed: EnvironmentEntry[] = [];
  for (const { name, file, path } of files) {
    const json = parseConfigJson(readFileSync(path, "utf8"));
    let fileProblems = json.ok ? [] : json.problems.map((p) => `${file}: ${p}`);
    if (json.ok) {
      try {
        parsed.push({ name, file, config: parseEnvironmentConfig(json.value, file, name) });
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        fileProblems = e.problems;
      }
    }
    if (isWanted(name)) problems.push(...fileProblems);
  }
  problems.push(...environmentCollisions(parsed, wanted.size > 0 ? wanted : undefined));
  const loaded = parsed.filter((env) => isWanted(env.name));
  if (problems.length === 0 && loaded.length === 0)
    problems.push(`${dir}: no environment config (*.json) found; expected at least config/example.json`);
  if (problems.length > 0) throw new ConfigError(problems);
  return loaded;
}
