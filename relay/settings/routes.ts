/**
 * The routes the relay serves (RELAY_ROUTES) and the flow URL behind each, checked against the
 * allowed host suffixes (RELAY_ALLOWED_FLOW_HOST_SUFFIXES) at start-up.
 */
import { FLOW_HOST_SUFFIXES } from "../../contract/flow-hosts";
import { ROUTE_KEY } from "../../contract/patterns";
import { RELAY_SETTINGS, type RelayRouteSetting } from "../../contract/relay-settings";
import { checkFlowUrl, FlowUrlError } from "./flow-url";
import { isObject, optional, readJson, required, type Env, type Report } from "./setting-values";

export interface RelayRoute {
  readonly key: string;
  readonly displayName: string;
  readonly flowUrlSetting: string;
  readonly flowUrl: URL;
  /** "entra": the relay sends a managed-identity token; the URL carries no sig. */
  readonly auth: "sig" | "entra";
}

export function readSuffixes(env: Env, problem: Report): readonly string[] {
  const text = optional(env, RELAY_SETTINGS.allowedFlowHostSuffixes);
  if (text === undefined) return FLOW_HOST_SUFFIXES.public;
  const suffixes = text
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
  // A leading dot keeps the match on a label boundary: ".logic.azure.com" never matches "evillogic.azure.com".
  const bad = suffixes.filter((s) => !/^(\.[a-z0-9-]+){2,}$/.test(s));
  if (suffixes.length === 0 || bad.length > 0) {
    problem(
      RELAY_SETTINGS.allowedFlowHostSuffixes,
      'must list host suffixes that start with a dot and have at least two labels, e.g. ".environment.api.powerplatform.com"',
    );
    return FLOW_HOST_SUFFIXES.public;
  }
  return suffixes;
}

export function readRoutes(env: Env, suffixes: readonly string[], problem: Report): Map<string, RelayRoute> {
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
    if (
      !isObject(raw) ||
      typeof setting.displayName !== "string" ||
      typeof setting.flowUrlSetting !== "string" ||
      !setting.flowUrlSetting
    ) {
      problem(RELAY_SETTINGS.routes, `${where} must be {"displayName": string, "flowUrlSetting": string}`);
      continue;
    }
    const auth = setting.auth ?? "sig";
    if (auth !== "sig" && auth !== "entra") {
      problem(RELAY_SETTINGS.routes, `${where} has "auth" ${JSON.stringify(auth)}; expected "sig" or "entra"`);
      continue;
    }
    const urlText = required(env, setting.flowUrlSetting, problem);
    if (urlText === undefined) continue;
    try {
      const flowUrl = checkFlowUrl(urlText, suffixes);
      // In Entra mode the token is the credential: a sig would be a second bearer secret to keep.
      if (auth === "entra" && flowUrl.searchParams.has("sig"))
        throw new FlowUrlError('must not carry a sig parameter when the route\'s "auth" is "entra"');
      routes.set(key, {
        key,
        displayName: setting.displayName,
        flowUrlSetting: setting.flowUrlSetting,
        flowUrl,
        auth,
      });
    } catch (error) {
      if (!(error instanceof FlowUrlError)) throw error;
      problem(setting.flowUrlSetting, `the flow URL of route "${key}" ${error.message}`);
    }
  }
  if (Object.keys(json).length === 0) problem(RELAY_SETTINGS.routes, "must configure at least one route");
  return routes;
}
