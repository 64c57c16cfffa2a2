/**
 * A GET response built from a vendored REST API spec example (test/fixtures/arm-examples/) and a
 * request body: what ARM answers after storing that body, as far as the example shows ARM's habits.
 * - Shape: the example response, with the request's values laid over it (ARM stores what it is sent).
 * - Write-only: a property the example's request sends and its response leaves out (e.g.
 *   `siteConfig.appSettings`) is left out of the answer too.
 * - Resource ids: the type segments (resourceGroups, the namespace, each type) spelt as in the ids
 *   the example response carries (e.g. `Microsoft.Web/serverfarms`).
 * - Enum-like strings: a value equal but for case to the example response's value at the same path is
 *   answered with the example's spelling.
 * Properties the example does not show are echoed as sent: unverified, and said so in docs/hosting.md.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

export interface ArmExample {
  readonly request: Json;
  readonly response: Json;
}

/** A vendored example: `parameters.<body parameter>` as the request, `responses.200.body` as the response. */
export function loadArmExample(file: string, requestParameter?: string): ArmExample {
  const doc = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "arm-examples", file), "utf8"));
  return { request: requestParameter ? doc.parameters[requestParameter] : {}, response: doc.responses["200"].body };
}

/** Lower-case spelling → ARM's spelling of every type segment of the ids in `value`. */
function idSpellings(value: Json, found = new Map<string, string>()): Map<string, string> {
  if (typeof value === "string" && /^\/subscriptions\//i.test(value)) {
    const parts = value.split("/");
    // "", subscriptions, <id>, resourceGroups, <name>, providers, <namespace>, <type>, <name>, <child type>, <name>…
    parts.forEach((part, i) => {
      if (i === 1 || i === 3 || i === 5 || i === 6 || (i >= 7 && i % 2 === 1)) found.set(part.toLowerCase(), part);
    });
  } else if (Array.isArray(value)) for (const v of value) idSpellings(v, found);
  else if (isObject(value)) for (const v of Object.values(value)) idSpellings(v, found);
  return found;
}

function respellId(id: string, spellings: Map<string, string>): string {
  return id
    .split("/")
    .map((part, i) =>
      i === 1 || i === 3 || i === 5 || i === 6 || (i >= 7 && i % 2 === 1)
        ? (spellings.get(part.toLowerCase()) ?? part)
        : part,
    )
    .join("/");
}

/** The request as ARM answers it, laid over the example response. */
export function armEcho(example: ArmExample, request: Json): Json {
  const spellings = idSpellings(example.response);
  const echo = (sent: Json, exampleRequest: Json, exampleResponse: Json): Json => {
    if (typeof sent === "string") {
      if (/^\/subscriptions\//i.test(sent)) return respellId(sent, spellings);
      if (typeof exampleResponse === "string" && exampleResponse.toLowerCase() === sent.toLowerCase())
        return exampleResponse;
      return sent;
    }
    if (Array.isArray(sent)) return sent.map((item) => echo(item, undefined, undefined));
    if (!isObject(sent)) return sent;
    const base = isObject(exampleResponse) ? { ...exampleResponse } : {};
    for (const [key, value] of Object.entries(sent)) {
      const askedFor = isObject(exampleRequest) ? exampleRequest[key] : undefined;
      const answered = isObject(exampleResponse) ? exampleResponse[key] : undefined;
      if (askedFor !== undefined && answered === undefined) continue; // write-only
      base[key] = echo(value, askedFor, answered);
    }
    return base;
  };
  return echo(request, example.request, example.response);
}

/**
 * `body` with its Terraform references replaced by `values` (by expression, e.g.
 * "azurerm_service_plan.plan.id"), and `${replace(<reference>, "/<regex>/", "<with>")}` evaluated
 * the way Terraform's replace does (every match; `(?i)` as case-insensitive).
 */
export function resolveReferences(body: Json, values: Readonly<Record<string, string>>): Json {
  const value = (expression: string) => values[expression] ?? `<${expression}>`;
  const resolve = (v: Json): Json => {
    if (typeof v === "string") {
      const call = /^\$\{replace\(([^,]+), "\/(.*)\/", "(.*)"\)\}$/.exec(v);
      if (call) {
        const [, ref, pattern, replacement] = call;
        const caseless = pattern.startsWith("(?i)");
        return value(ref).replace(new RegExp(pattern.replace(/^\(\?i\)/, ""), caseless ? "gi" : "g"), replacement);
      }
      return v.replace(/\$\{([^}]+)\}/g, (_, expression: string) => value(expression));
    }
    if (Array.isArray(v)) return v.map(resolve);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    return v;
  };
  return resolve(body);
}
