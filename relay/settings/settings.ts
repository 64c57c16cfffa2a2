/**
 * The relay's settings, read from app settings (RELAY_SETTINGS) and validated once at start-up.
 * Every problem names the setting it is about; no message ever contains a setting's value, because
 * flow URLs and credentials are secrets.
 */
import { RELAY_LIMITS } from "../../contract/relay-limits";
import { RELAY_SETTINGS } from "../../contract/relay-settings";
import { readDepartments, type DepartmentSite } from "./departments";
import { type DecisionSettings, readDecisions } from "./decision-settings";
import { isJsonPointer } from "./json-pointer";
import { readRoutes, readSuffixes, type RelayRoute } from "./routes";
import { optional, readInteger, type Env, type SettingProblem } from "./setting-values";
import { readStorage, type StorageSettings } from "./storage-settings";

export interface RelaySettings {
  readonly version: string;
  readonly routes: ReadonlyMap<string, RelayRoute>;
  /** Keyed by lower-cased department name; empty when enrichment is off. */
  readonly departments: ReadonlyMap<string, DepartmentSite>;
  /** JSON pointer to the department; undefined means a top-level "department" property, any case. */
  readonly departmentPointer?: string;
  readonly enrichmentKey: string;
  readonly maxBodyBytes: number;
  readonly maxJsonDepth: number;
  readonly forwardDeadlineMs: number;
  readonly maxAttempts: number;
  readonly allowedFlowHostSuffixes: readonly string[];
  readonly decisions?: DecisionSettings;
  /** What is wrong with the decision settings: decisions are then off (503) while events still flow. */
  readonly decisionProblems: readonly SettingProblem[];
  /** Longest Retry-After honoured, in seconds; see RELAY_LIMITS.maxRetryAfterSeconds. */
  readonly maxRetryAfterSeconds: number;
  readonly storage: StorageSettings;
}

export type SettingsResult = { ok: true; settings: RelaySettings } | { ok: false; problems: SettingProblem[] };

/** Set by scripts/build/relay.js (esbuild define) to the package version; absent when run from source. */
declare const __RELAY_BUILD_VERSION__: string | undefined;

/** Defaults of the settings that are not limits (those are in RELAY_LIMITS). */
export const SETTING_DEFAULTS = {
  enrichmentKey: "sharePointSite",
  version: typeof __RELAY_BUILD_VERSION__ === "string" ? __RELAY_BUILD_VERSION__ : "unknown",
} as const;

export function readSettings(env: Env): SettingsResult {
  const problems: SettingProblem[] = [];
  const problem = (setting: string, message: string) => problems.push({ setting, message });

  const allowedFlowHostSuffixes = readSuffixes(env, problem);
  const routes = readRoutes(env, allowedFlowHostSuffixes, problem);
  const departments = readDepartments(env, problem);
  const departmentPointer = optional(env, RELAY_SETTINGS.departmentPointer);
  if (departmentPointer !== undefined && !isJsonPointer(departmentPointer)) {
    problem(
      RELAY_SETTINGS.departmentPointer,
      'must be a JSON pointer (RFC 6901) starting with "/", e.g. /user/department',
    );
  }
  const enrichmentKey = optional(env, RELAY_SETTINGS.enrichmentKey) ?? SETTING_DEFAULTS.enrichmentKey;
  const maxBodyBytes = readInteger(env, RELAY_SETTINGS.maxBodyBytes, RELAY_LIMITS.maxBodyBytes, problem);
  const maxJsonDepth = readInteger(env, RELAY_SETTINGS.maxJsonDepth, RELAY_LIMITS.maxJsonDepth, problem);
  const forwardDeadlineMs = readInteger(env, RELAY_SETTINGS.forwardDeadlineMs, RELAY_LIMITS.forwardDeadlineMs, problem);
  const maxAttempts = readInteger(env, RELAY_SETTINGS.maxAttempts, RELAY_LIMITS.maxAttempts, problem);
  const maxRetryAfterSeconds = readInteger(
    env,
    RELAY_SETTINGS.maxRetryAfterSeconds,
    RELAY_LIMITS.maxRetryAfterSeconds,
    problem,
  );
  // Events need none of the decision settings: their problems switch decisions off, not the relay.
  const decisionProblems: SettingProblem[] = [];
  const decisions = readDecisions(env, (setting, message) => decisionProblems.push({ setting, message }));
  const storage = readStorage(env, problem);

  if (problems.length > 0 || !storage) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      version: optional(env, RELAY_SETTINGS.version) ?? SETTING_DEFAULTS.version,
      routes,
      departments,
      departmentPointer,
      enrichmentKey,
      maxBodyBytes,
      maxJsonDepth,
      forwardDeadlineMs,
      maxAttempts,
      allowedFlowHostSuffixes,
      decisions,
      decisionProblems,
      maxRetryAfterSeconds,
      storage,
    },
  };
}

/** Values that must never reach a log line: flow URLs (and their sig), passwords, client secrets. */
export function secretsOf(settings: RelaySettings): string[] {
  const secrets: string[] = [];
  for (const route of settings.routes.values()) {
    secrets.push(route.flowUrl.href, route.flowUrl.search.slice(1));
    for (const value of route.flowUrl.searchParams.values()) if (value.length >= 8) secrets.push(value);
  }
  if (settings.decisions)
    secrets.push(
      settings.decisions.password,
      settings.decisions.clientSecret,
      ...settings.decisions.tokenKeys,
      settings.decisions.decisionsKey,
    );
  if (settings.storage.kind === "connectionString") secrets.push(settings.storage.connectionString);
  return secrets.filter((s) => s.length > 0);
}

/** Summary of problems for one log line or error message: names and reasons, never values. */
export function describeProblems(problems: readonly SettingProblem[]): string {
  return problems.map((p) => `${p.setting}: ${p.message}`).join("; ");
}
