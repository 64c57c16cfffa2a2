/** Where and as whom the relay calls Directory Manager's API (the DIRECTORY_MANAGER_* settings). */
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
  /** The only identity store decisions are accepted for. */
  readonly identityStoreId: number;
}

/** Undefined when a setting is missing or wrong (each problem reported). */
export function readDirectoryManager(env: Env, problem: Report): DirectoryManagerSettings | undefined {
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
  if (!baseUrl || !tokenUrl || !username || !password || !clientId || !clientSecret || !identityStoreId)
    return undefined;
  return { baseUrl, tokenUrl, username, password, clientId, clientSecret, identityStoreId };
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
