/**
 * The relay's configuration, read from app settings (RELAY_SETTINGS) and validated once at start-up.
 * Every problem names the setting it is about; no message ever contains a setting's value, because
 * flow URLs and credentials are secrets.
 */
import { DEFAULT_FLOW_HOST_SUFFIXES } from "../../contract/flow-hosts";
import { GUID, ROUTE_KEY } from "../../contract/patterns";
import { RELAY_LIMITS, type Limit } from "../../contract/relay-limits";
import { RELAY_SETTINGS, type RelayDepartmentSetting, type RelayRouteSetting } from "../../contract/relay-settings";
import { checkFlowUrl, FlowUrlError } from "./flow-url";
import { isJsonPointer } from "./json-pointer";

export type Env = Readonly<Record<string, string | undefined>>;

export interface RelayRoute {
  readonly key: string;
  readonly displayName: string;
  readonly flowUrlSetting: string;
  readonly flowUrl: URL;
}

export interface DepartmentSite {
  /** The department's name as configured (the map's key). */
  readonly department: string;
  readonly siteUrl: string;
  readonly groupObjectId?: string;
}

export interface DirectoryManagerSettings {
  /** Base URL of Directory Manager, e.g. https://dm.example.com. */
  readonly baseUrl: URL;
  readonly tokenUrl: URL;
  readonly username: string;
  readonly password: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * Where the queues and the payload blobs live: a connection string (Azurite, local) or the account's
 * queue and blob endpoints via managed identity (Azure).
 */
export type StorageSettings =
  | { readonly kind: "connectionString"; readonly connectionString: string }
  | { readonly kind: "identity"; readonly queueServiceUrl: string; readonly blobServiceUrl: string; readonly clientId?: string };

export interface RelayConfig {
  readonly version: string;
  readonly routes: ReadonlyMap<string, RelayRoute>;
  /** Keyed by lower-cased department name; empty when enrichment is off. */
  readonly departments: ReadonlyMap<string, DepartmentSite>;
  /** JSON pointer to the department; undefined means a top-level "department" property, any case. */
  readonly departmentPointer?: string;
  readonly enrichmentKey: string;
  readonly maxBodyBytes: number;
  readonly forwardDeadlineMs: number;
  readonly maxAttempts: number;
  readonly allowedFlowHostSuffixes: readonly string[];
  readonly decisions?: DirectoryManagerSettings;
  readonly storage: StorageSettings;
}

export interface ConfigProblem {
  readonly setting: string;
  readonly message: string;
}

export type ConfigResult = { ok: true; config: RelayConfig } | { ok: false; problems: ConfigProblem[] };

/** Set by scripts/build/relay.js (esbuild define) to the package version; absent when run from source. */
declare const __RELAY_BUILD_VERSION__: string | undefined;

export const CONFIG_DEFAULTS = {
  enrichmentKey: "sharePointSite",
  version: typeof __RELAY_BUILD_VERSION__ === "string" ? __RELAY_BUILD_VERSION__ : "unknown",
} as const;

export function readConfig(env: Env): ConfigResult {
  const problems: ConfigProblem[] = [];
  const problem = (setting: string, message: string) => problems.push({ setting, message });

  const allowedFlowHostSuffixes = readSuffixes(env, problem);
  const routes = readRoutes(env, allowedFlowHostSuffixes, problem);
  const departments = readDepartments(env, problem);
  const departmentPointer = optional(env, RELAY_SETTINGS.departmentPointer);
  if (departmentPointer !== undefined && !isJsonPointer(departmentPointer)) {
    problem(RELAY_SETTINGS.departmentPointer, 'must be a JSON pointer (RFC 6901) starting with "/", e.g. /user/department');
  }
  const enrichmentKey = optional(env, RELAY_SETTINGS.enrichmentKey) ?? CONFIG_DEFAULTS.enrichmentKey;
  const maxBodyBytes = readInteger(env, RELAY_SETTINGS.maxBodyBytes, RELAY_LIMITS.maxBodyBytes, problem);
  const forwardDeadlineMs = readInteger(env, RELAY_SETTINGS.forwardDeadlineMs, RELAY_LIMITS.forwardDeadlineMs, problem);
  const maxAttempts = readInteger(env, RELAY_SETTINGS.maxAttempts, RELAY_LIMITS.maxAttempts, problem);
  const decisions = readDecisions(env, problem);
  const storage = readStorage(env, problem);

  if (problems.length > 0 || !storage) return { ok: false, problems };
  return {
    ok: true,
    config: {
      version: optional(env, RELAY_SETTINGS.version) ?? CONFIG_DEFAULTS.version,
      routes,
      departments,
      departmentPointer,
      enrichmentKey,
      maxBodyBytes,
      forwardDeadlineMs,
      maxAttempts,
      allowedFlowHostSuffixes,
      decisions,
      storage,
    },
  };
}

/** Values that must never reach a log line: flow URLs (and their sig), passwords, client secrets. */
export function secretsOf(config: RelayConfig): string[] {
  const secrets: string[] = [];
  for (const route of config.routes.values()) {
    secrets.push(route.flowUrl.href, route.flowUrl.search.slice(1));
    for (const value of route.flowUrl.searchParams.values()) if (value.length >= 8) secrets.push(value);
  }
  if (config.decisions) secrets.push(config.decisions.password, config.decisions.clientSecret);
  if (config.storage.kind === "connectionString") secrets.push(config.storage.connectionString);
  return secrets.filter((s) => s.length > 0);
}

/** Summary of problems for one log line or error message: names and reasons, never values. */
export function describeProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${p.setting}: ${p.message}`).join("; ");
}

type Report = (setting: string, message: string) => void;

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** App settings that are Key Vault references stay literal when the host could not resolve them. */
function unresolvedKeyVaultReference(value: string): boolean {
  return value.startsWith("@Microsoft.KeyVault(");
}

function required(env: Env, name: string, problem: Report): string | undefined {
  const value = optional(env, name);
  if (value === undefined) problem(name, "is missing");
  else if (unresolvedKeyVaultReference(value)) {
    problem(name, "is a Key Vault reference the host could not resolve (check the function app identity's access to the vault)");
  } else return value;
  return undefined;
}

function readJson(env: Env, name: string, problem: Report): Record<string, unknown> | undefined {
  const text = optional(env, name);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    problem(name, "is not valid JSON");
    return undefined;
  }
  if (!isObject(value)) {
    problem(name, "must be a JSON object");
    return undefined;
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readInteger(env: Env, name: string, limit: Limit, problem: Report): number {
  const text = optional(env, name);
  if (text === undefined) return limit.default;
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || value < limit.min || value > limit.max) {
    problem(name, `must be a whole number from ${limit.min} to ${limit.max}`);
    return limit.default;
  }
  return value;
}

function readSuffixes(env: Env, problem: Report): readonly string[] {
  const text = optional(env, RELAY_SETTINGS.allowedFlowHostSuffixes);
  if (text === undefined) return DEFAULT_FLOW_HOST_SUFFIXES;
  const suffixes = text.split(",").map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0);
  // A leading dot keeps the match on a label boundary: ".logic.azure.com" never matches "evillogic.azure.com".
  const bad = suffixes.filter((s) => !/^(\.[a-z0-9-]+){2,}$/.test(s));
  if (suffixes.length === 0 || bad.length > 0) {
    problem(RELAY_SETTINGS.allowedFlowHostSuffixes, 'must list host suffixes that start with a dot and have at least two labels, e.g. ".environment.api.powerplatform.com"');
    return DEFAULT_FLOW_HOST_SUFFIXES;
  }
  return suffixes;
}

function readRoutes(env: Env, suffixes: readonly string[], problem: Report): Map<string, RelayRoute> {
  const routes = new Map<string, RelayRoute>();
  const json = readJson(env, RELAY_SETTINGS.routes, problem);
  if (json === undefined) {
    if (optional(env, RELAY_SETTINGS.routes) === undefined) problem(RELAY_SETTINGS.routes, "is missing");
    return routes;
  }
  for (const [key, raw] of Object.entries(json)) {
    const where = `${RELAY_SETTINGS.routes} route "${key}"`;
    if (!ROUTE_KEY.test(key)) {
      problem(RELAY_SETTINGS.routes, `route key "${key}" must be lower-case words joined by hyphens, e.g. create-user`);
      continue;
    }
    const setting = raw as Partial<RelayRouteSetting>;
    if (!isObject(raw) || typeof setting.displayName !== "string" || typeof setting.flowUrlSetting !== "string" || !setting.flowUrlSetting) {
      problem(RELAY_SETTINGS.routes, `${where} must be {"displayName": string, "flowUrlSetting": string}`);
      continue;
    }
    const urlText = required(env, setting.flowUrlSetting, problem);
    if (urlText === undefined) continue;
    try {
      const flowUrl = checkFlowUrl(urlText, suffixes);
      routes.set(key, { key, displayName: setting.displayName, flowUrlSetting: setting.flowUrlSetting, flowUrl });
    } catch (error) {
      if (!(error instanceof FlowUrlError)) throw error;
      problem(setting.flowUrlSetting, `the flow URL of route "${key}" ${error.message}`);
    }
  }
  if (json !== undefined && Object.keys(json).length === 0) problem(RELAY_SETTINGS.routes, "must configure at least one route");
  return routes;
}

function readDepartments(env: Env, problem: Report): Map<string, DepartmentSite> {
  const departments = new Map<string, DepartmentSite>();
  const json = readJson(env, RELAY_SETTINGS.departments, problem);
  for (const [department, raw] of Object.entries(json ?? {})) {
    const setting = raw as Partial<RelayDepartmentSetting>;
    const where = `department "${department}"`;
    if (!isObject(raw) || typeof setting.siteUrl !== "string" || !/^https:\/\/[^/?#]+\/\S*$/.test(setting.siteUrl)) {
      problem(RELAY_SETTINGS.departments, `${where} needs a "siteUrl" starting with https://`);
      continue;
    }
    if (setting.groupObjectId !== undefined && (typeof setting.groupObjectId !== "string" || !GUID.test(setting.groupObjectId))) {
      problem(RELAY_SETTINGS.departments, `${where} has a "groupObjectId" that is not a GUID`);
      continue;
    }
    const key = department.trim().toLowerCase();
    if (departments.has(key)) problem(RELAY_SETTINGS.departments, `${where} is listed twice (names are matched case-insensitively)`);
    departments.set(key, { department, siteUrl: setting.siteUrl, ...(setting.groupObjectId ? { groupObjectId: setting.groupObjectId } : {}) });
  }
  return departments;
}

function readHttpsUrl(env: Env, name: string, problem: Report): URL | undefined {
  const text = required(env, name, problem);
  if (text === undefined) return undefined;
  try {
    const url = new URL(text);
    if (url.protocol === "https:" && !url.username && !url.password) return url;
  } catch {
    // reported below
  }
  problem(name, "must be an https URL without credentials");
  return undefined;
}

function readDecisions(env: Env, problem: Report): DirectoryManagerSettings | undefined {
  const enabled = optional(env, RELAY_SETTINGS.decisionsEnabled)?.toLowerCase();
  if (enabled === undefined || enabled === "false") return undefined;
  if (enabled !== "true") {
    problem(RELAY_SETTINGS.decisionsEnabled, 'must be "true" or "false"');
    return undefined;
  }
  const baseUrl = readHttpsUrl(env, RELAY_SETTINGS.directoryManagerUrl, problem);
  const tokenUrl = optional(env, RELAY_SETTINGS.directoryManagerTokenUrl)
    ? readHttpsUrl(env, RELAY_SETTINGS.directoryManagerTokenUrl, problem)
    : baseUrl && defaultTokenUrl(baseUrl);
  const username = required(env, RELAY_SETTINGS.directoryManagerUsername, problem);
  const password = required(env, RELAY_SETTINGS.directoryManagerPassword, problem);
  const clientId = required(env, RELAY_SETTINGS.directoryManagerClientId, problem);
  const clientSecret = required(env, RELAY_SETTINGS.directoryManagerClientSecret, problem);
  if (!baseUrl || !tokenUrl || !username || !password || !clientId || !clientSecret) return undefined;
  return { baseUrl, tokenUrl, username, password, clientId, clientSecret };
}

/** Directory Manager's security service listens on port 4443 of the same host (docs/facts.md). */
export function defaultTokenUrl(baseUrl: URL): URL {
  return new URL(`https://${baseUrl.hostname}:4443/GroupIDSecurityService/connect/token`);
}

/**
 * The Functions host's own storage settings: identity-based in Azure, a connection string locally.
 * Each service URI setting wins over the one derived from the account name.
 */
function readStorage(env: Env, problem: Report): StorageSettings | undefined {
  const connectionString = optional(env, "AzureWebJobsStorage");
  if (connectionString !== undefined) return { kind: "connectionString", connectionString };
  const clientId = optional(env, "AzureWebJobsStorage__clientId");
  const account = optional(env, "AzureWebJobsStorage__accountName");
  if (account !== undefined && !/^[a-z0-9]{3,24}$/.test(account)) {
    problem("AzureWebJobsStorage__accountName", "must be a storage account name (3-24 lower-case letters and digits)");
    return undefined;
  }
  const serviceUrl = (service: "queue" | "blob") =>
    optional(env, `AzureWebJobsStorage__${service}ServiceUri`) ?? (account !== undefined ? `https://${account}.${service}.core.windows.net` : undefined);
  const queueServiceUrl = serviceUrl("queue");
  const blobServiceUrl = serviceUrl("blob");
  if (queueServiceUrl === undefined) {
    problem("AzureWebJobsStorage__accountName", "is missing (or set AzureWebJobsStorage to a connection string for local runs)");
    return undefined;
  }
  if (blobServiceUrl === undefined) {
    problem("AzureWebJobsStorage__blobServiceUri", "is missing: with AzureWebJobsStorage__queueServiceUri and no AzureWebJobsStorage__accountName, the payload blobs need it");
    return undefined;
  }
  return { kind: "identity", queueServiceUrl, blobServiceUrl, clientId };
}
