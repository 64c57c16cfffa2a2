import { type App, Testing } from "../../constructs/providers/cdktf";
import type { TerraformStack } from "../../constructs/providers/cdktf";
import { parseEnvironmentConfig } from "../../constructs/app/config-loader";
import type { EnvironmentConfigInput } from "../../constructs/app/config-schema";
import { DirectoryManagerFlowStack } from "../../constructs/app/directory-manager-flow-stack";

/** The synthesized Terraform JSON of one stack. */
export interface SynthJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, Record<string, unknown>>;
  variable?: Record<string, Record<string, unknown>>;
  provider?: Record<string, Record<string, unknown>[]>;
  terraform?: Record<string, unknown>;
}

export function synthStack(stack: TerraformStack): SynthJson {
  return JSON.parse(Testing.synth(stack)) as SynthJson;
}

/** Synthesizes DirectoryManagerFlowStack for a config (validated like a config file). */
export function synthEnvironment(
  config: EnvironmentConfigInput,
  environment = "test",
): { stack: DirectoryManagerFlowStack; json: SynthJson } {
  const app = Testing.app() as App;
  const stack = new DirectoryManagerFlowStack(app, environment, {
    environment,
    config: parseEnvironmentConfig(config, `config/${environment}.json`),
  });
  return { stack, json: synthStack(stack) };
}

/** All resources (or data sources) of one type, as [logical id, config] pairs. */
export function ofType(
  json: SynthJson,
  type: string,
  kind: "resource" | "data" = "resource",
): [string, Record<string, any>][] {
  return Object.entries(json[kind]?.[type] ?? {});
}

/** The only resource of a type; fails when there is not exactly one. */
export function onlyOfType(
  json: SynthJson,
  type: string,
  kind: "resource" | "data" = "resource",
): [string, Record<string, any>] {
  const all = ofType(json, type, kind);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** The Terraform reference expression to an attribute of a resource: `${type.id.attr}`. */
export function ref(type: string, id: string, attribute: string, kind: "resource" | "data" = "resource"): string {
  return `\${${kind === "data" ? "data." : ""}${type}.${id}.${attribute}}`;
}

/** How many resources (or data sources) of each type a stack declares. */
export function inventory(json: SynthJson, kind: "resource" | "data" = "resource"): Record<string, number> {
  return Object.fromEntries(Object.entries(json[kind] ?? {}).map(([type, byId]) => [type, Object.keys(byId).length]));
}

/** The relay's function app: the one azapi_resource of type Microsoft.Web/sites. */
export function relaySite(json: SynthJson): [string, Record<string, any>] {
  const sites = ofType(json, "azapi_resource").filter(([, c]) => String(c.type).startsWith("Microsoft.Web/sites@"));
  if (sites.length !== 1) throw new Error(`expected exactly one Microsoft.Web/sites, found ${sites.length}`);
  return sites[0];
}

/** A site's app settings (ARM's name/value list in its body) as a map. */
export function siteAppSettings(site: Record<string, any>): Record<string, string> {
  const list = site.body.properties.siteConfig.appSettings as { name: string; value: string }[];
  return Object.fromEntries(list.map(({ name, value }) => [name, value]));
}
