import { GUID } from "../../contract/patterns";
import { MAX_CLIENT_SECRET_LIFETIME_DAYS } from "../client-secret-lifetime";
import { RESOURCE_APIS, type ResourceApiName } from "../resource-apis";
import { PropChecks } from "../validation";
import type { ResolvedRuleOptions, RuleSeverity } from "./rule";
import { RULE_IDS } from "./rules";

/** Storage replication types that keep a copy in a second region. */
export const GEO_REDUNDANT_REPLICATION_TYPES = ["GRS", "RAGRS", "GZRS", "RAGZRS"] as const;

/** Options of the security rule pack (`applySecurityRules`). */
export interface SecurityRulesOptions {
  /**
   * Tags every resource that takes tags must carry: tag keys, or keys with the value each must have.
   * @default - any non-empty tags map
   */
  readonly requiredTags?: Readonly<Record<string, string>> | readonly string[];
  /**
   * Replication types DMF-ST-GEO-REDUNDANT accepts.
   * @default ["GRS", "RAGRS", "GZRS", "RAGZRS"]
   */
  readonly geoRedundantReplicationTypes?: readonly string[];
  /**
   * Delegated scopes the app registration may request and be granted, per resource API (by name in
   * RESOURCE_APIS, or by the API's client id for another API).
   * @default - every scope RESOURCE_APIS lists, on those APIs only
   */
  readonly allowedDelegatedScopes?: Readonly<Record<string, readonly string[]>>;
  /**
   * Application roles (app-only permissions) allowed, per resource API (name in RESOURCE_APIS or client id).
   * @default {} - none
   */
  readonly allowedApplicationRoles?: Readonly<Record<string, readonly string[]>>;
  /** Longest client secret lifetime in days, 1-730. @default 365 */
  readonly maxClientSecretLifetimeDays?: number;
  /** Severity per rule id, replacing the rule's default ("error" fails synth, "warning" annotates). @default {} */
  readonly severity?: Readonly<Record<string, RuleSeverity>>;
  /** Severity of a check that cannot be decided at synth (an unresolved reference). @default "warning" */
  readonly unverified?: RuleSeverity;
}

/** The pack's options with their defaults applied, checked once when the pack is applied. */
export interface ResolvedPackOptions {
  /** What the rules read (the synth time is added at each check). */
  readonly rules: Omit<ResolvedRuleOptions, "now">;
  /** Rule severities the stack changed from the rules' defaults. */
  readonly severity: Readonly<Record<string, RuleSeverity>>;
  /** Severity of a check that cannot be decided at synth. */
  readonly unverified: RuleSeverity;
}

const SEVERITIES: readonly RuleSeverity[] = ["error", "warning"];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isStringList = (value: unknown): value is readonly string[] =>
  Array.isArray(value) && value.every((v) => typeof v === "string" && v.trim() !== "");

/** Resolves API names to client ids, per API a list of names (scopes or roles). */
function byClientId(checks: PropChecks, prop: string, what: string, map: unknown): Record<string, readonly string[]> {
  if (!isPlainObject(map)) checks.fail(prop, `a map from resource API to ${what}`, map);
  const result: Record<string, readonly string[]> = {};
  for (const [api, values] of Object.entries(map)) {
    const known = (RESOURCE_APIS as Record<string, { clientId: string }>)[api];
    if (!known && !GUID.test(api)) {
      checks.fail(
        `${prop} key`,
        `a resource API in RESOURCE_APIS (${Object.keys(RESOURCE_APIS).join(", ")}) or a client id (GUID)`,
        api,
      );
    }
    if (!isStringList(values)) checks.fail(`${prop}["${api}"]`, `a list of ${what}`, values);
    result[known ? known.clientId : api.toLowerCase()] = [...values];
  }
  return result;
}

function requiredTagsOf(checks: PropChecks, tags: unknown): Record<string, string | undefined> | undefined {
  if (tags === undefined) return undefined;
  if (isStringList(tags)) return Object.fromEntries(tags.map((key) => [key, undefined]));
  if (isPlainObject(tags) && Object.values(tags).every((v) => typeof v === "string"))
    return { ...(tags as Record<string, string>) };
  return checks.fail("requiredTags", "a list of tag keys or a map from tag key to value", tags);
}

/**
 * Applies the defaults and checks every option; a bad one throws
 * `<where>: <option> must be …, but <value> was given`.
 */
export function resolveOptions(where: string, options: SecurityRulesOptions): ResolvedPackOptions {
  const checks = new PropChecks(where);
  const severity = options.severity ?? {};
  if (!isPlainObject(severity)) checks.fail("severity", 'a map from rule id to "error" or "warning"', severity);
  for (const [id, level] of Object.entries(severity)) {
    if (!RULE_IDS.has(id)) checks.fail("severity key", `a rule id of the pack (${[...RULE_IDS].join(", ")})`, id);
    checks.oneOf(`severity["${id}"]`, level, SEVERITIES);
  }
  const unverified = checks.oneOf("unverified", options.unverified ?? "warning", SEVERITIES);
  const max = checks.wholeNumber(
    "maxClientSecretLifetimeDays",
    // By default the longest lifetime DirectoryManagerApp accepts.
    options.maxClientSecretLifetimeDays ?? MAX_CLIENT_SECRET_LIFETIME_DAYS,
    1,
    730,
    {
      knownAtSynthBecause: "the rules compare secret end dates with it",
    },
  );
  const geo = options.geoRedundantReplicationTypes ?? GEO_REDUNDANT_REPLICATION_TYPES;
  if (!isStringList(geo))
    checks.fail("geoRedundantReplicationTypes", 'a list of replication types such as "GZRS"', geo);
  const defaultScopes = Object.fromEntries(
    (Object.keys(RESOURCE_APIS) as ResourceApiName[]).map((api) => [api, [...RESOURCE_APIS[api].scopes]]),
  );
  return {
    rules: {
      requiredTags: requiredTagsOf(checks, options.requiredTags),
      geoRedundantReplicationTypes: geo,
      allowedDelegatedScopes: byClientId(
        checks,
        "allowedDelegatedScopes",
        "delegated scope names",
        options.allowedDelegatedScopes ?? defaultScopes,
      ),
      allowedApplicationRoles: byClientId(
        checks,
        "allowedApplicationRoles",
        "application role names",
        options.allowedApplicationRoles ?? {},
      ),
      maxClientSecretLifetimeDays: max,
    },
    severity: { ...severity },
    unverified,
  };
}
