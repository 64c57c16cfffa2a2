/**
 * The few fields of config/<env>.json the flow template needs, read offline (no deployed stack).
 * The full config is validated by the stack at synth; here each field used is checked again, so a
 * bad value stops the command with `<file>: field "<path>": got …; expected …`, never a broken zip.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_ENRICHMENT_KEY } from "../../contract/flow-request";
import { ROUTE_KEY } from "../../contract/patterns";
import { CliError } from "../cli-error";

export interface FlowRoute {
  readonly key: string;
  /** The workflow route's name in Directory Manager, e.g. "Create User". */
  readonly displayName: string;
  /** "entra": the relay calls with a managed-identity token, the trigger allows only it. */
  readonly auth: "sig" | "entra";
}

export interface FlowConfig {
  readonly environment: string;
  readonly identityStoreId: number;
  readonly enrichmentKey: string;
  readonly routes: readonly FlowRoute[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export function readFlowConfig(cwd: string, environment: string): FlowConfig {
  const file = join("config", `${environment}.json`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(cwd, file), "utf8").replace(/^\uFEFF/, ""));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : "is not valid JSON";
    throw new CliError(`${file} ${reason}; expected the environment's config (see docs/configuration.md)`);
  }
  const bad = (path: string, value: unknown, expected: string): never => {
    const got = value === undefined ? "is missing" : `got ${JSON.stringify(value)?.slice(0, 120)}`;
    throw new CliError(`${file}: field "${path}": ${got}; expected ${expected}`);
  };
  const config = isObject(raw) ? raw : bad("(root)", raw, "a JSON object");
  const flow = isObject(config.flowEnvironment)
    ? config.flowEnvironment
    : bad("flowEnvironment", config.flowEnvironment, "an object");
  const storeId = flow.identityStoreId;
  if (typeof storeId !== "number" || !Number.isSafeInteger(storeId) || storeId < 1)
    bad("flowEnvironment.identityStoreId", storeId, "a positive whole number (the identity store's id)");
  const routes = isObject(flow.routes) ? flow.routes : bad("flowEnvironment.routes", flow.routes, "an object");
  const list = Object.entries(routes).map(([key, route]): FlowRoute => {
    if (!ROUTE_KEY.test(key)) bad(`flowEnvironment.routes.${key}`, key, "a route key such as create-user");
    const name = isObject(route) ? route.displayName : undefined;
    if (typeof name !== "string" || name.trim() === "")
      bad(`flowEnvironment.routes.${key}.displayName`, name, "the workflow route's name in Directory Manager");
    const auth = (isObject(route) ? route.auth : undefined) ?? "sig";
    if (auth !== "sig" && auth !== "entra")
      bad(`flowEnvironment.routes.${key}.auth`, auth, '"sig" (the default) or "entra"');
    return { key, displayName: (name as string).trim(), auth: auth as "sig" | "entra" };
  });
  if (list.length === 0) bad("flowEnvironment.routes", routes, "at least one route");
  const relay = isObject(config.relay) ? config.relay : {};
  const enrichmentKey = relay.enrichmentKey ?? DEFAULT_ENRICHMENT_KEY;
  if (typeof enrichmentKey !== "string" || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(enrichmentKey))
    bad("relay.enrichmentKey", enrichmentKey, "a property name of letters, digits and underscores");
  return { environment, identityStoreId: storeId as number, enrichmentKey: enrichmentKey as string, routes: list };
}
