/** Where and as whom the decisions endpoint calls Directory Manager's API (RELAY_DECISIONS_ENABLED and the DIRECTORY_MANAGER_* settings). */
import { RELAY_SETTINGS } from "../../contract/relay-settings";
import { optional, required, type Env, type Report } from "./setting-values";

export interface DirectoryManagerSettings {
  /** Base URL of Directory Manager, e.g. https://dm.example.com. */
  readonly baseUrl: URL;
  readonly tokenUrl: URL;
  readonly username: string;
  readonly password: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

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
  if (!baseUrl || !tokenUrl || !username || !password || !clientId || !clientSecret) return undefined;
  return { baseUrl, tokenUrl, username, password, clientId, clientSecret };
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
