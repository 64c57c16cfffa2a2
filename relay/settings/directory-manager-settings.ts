/** Where and as whom the decisions endpoint calls Directory Manager's API (RELAY_DECISIONS_ENABLED and the DIRECTORY_MANAGER_* settings). */
import { RELAY_SETTINGS } from "../../contract/relay-settings";
import { isJsonPointer } from "./json-pointer";
import { optional, required, type Env, type Report } from "./setting-values";

export interface DirectoryManagerSettings {
  /** Base URL of Directory Manager, e.g. https://dm.example.com. */
  readonly baseUrl: URL;
  readonly tokenUrl: URL;
  readonly username: string;
  readonly password: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The only identity store decisions are accepted for. */
  readonly identityStoreId: number;
  /** Decision token keys: the current one first (signs), then the previous one (still accepted). */
  readonly tokenKeys: readonly string[];
  /** What the flow sends as x-relay-decisions-key. */
  readonly decisionsKey: string;
  /** JSON pointer to the workflow request id in an event; undefined: top-level "workflowRequestId", any case. */
  readonly workflowRequestPointer?: string;
}

const MIN_KEY_CHARS = 32;

/** Undefined when decisions are off, or when a setting they need has a problem (reported). */
export function readDecisions(env: Env, problem: Report): DirectoryManagerSettings | undefined {
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
  const storeText = required(env, RELAY_SETTINGS.directoryManagerIdentityStoreId, problem);
  const identityStoreId = storeText !== undefined && /^[1-9]\d{0,9}$/.test(storeText) ? Number(storeText) : undefined;
  if (storeText !== undefined && identityStoreId === undefined)
    problem(RELAY_SETTINGS.directoryManagerIdentityStoreId, "must be a positive whole number");
  const key = (name: string, needed: boolean) => {
    const value = needed ? required(env, name, problem) : optional(env, name);
    if (value !== undefined && value.length < MIN_KEY_CHARS)
      problem(name, `must be at least ${MIN_KEY_CHARS} characters`);
    return value !== undefined && value.length >= MIN_KEY_CHARS ? value : undefined;
  };
  const tokenKey = key(RELAY_SETTINGS.decisionTokenKey, true);
  const previousKey = key(RELAY_SETTINGS.decisionTokenPreviousKey, false);
  const decisionsKey = key(RELAY_SETTINGS.decisionsKey, true);
  const workflowRequestPointer = optional(env, RELAY_SETTINGS.workflowRequestPointer);
  if (workflowRequestPointer !== undefined && !isJsonPointer(workflowRequestPointer)) {
    problem(
      RELAY_SETTINGS.workflowRequestPointer,
      'must be a JSON pointer (RFC 6901) starting with "/", e.g. /request/id',
    );
  }
  if (
    !baseUrl ||
    !tokenUrl ||
    !username ||
    !password ||
    !clientId ||
    !clientSecret ||
    !identityStoreId ||
    !tokenKey ||
    !decisionsKey
  )
    return undefined;
  const tokenKeys = previousKey ? [tokenKey, previousKey] : [tokenKey];
  return {
    baseUrl,
    tokenUrl,
    username,
    password,
    clientId,
    clientSecret,
    identityStoreId,
    tokenKeys,
    decisionsKey,
    workflowRequestPointer,
  };
}

/** Directory Manager's security service listens on port 4443 of the same host (docs/facts.md). */
export function defaultTokenUrl(baseUrl: URL): URL {
  return new URL(`https://${baseUrl.hostname}:4443/GroupIDSecurityService/connect/token`);
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
