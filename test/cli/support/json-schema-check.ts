/**
 * Checks a value against the JSON-schema subset the flow's trigger schemas use (contract/flow-request.ts):
 * type (one or a list), properties, required, pattern, minLength. It throws on any other keyword,
 * so a schema that grows past this subset fails the tests instead of being half-checked.
 * No JSON-schema validator is installed; Power Automate's trigger takes draft 4.
 */
import type { JsonSchema } from "../../../contract/flow-request";

const KNOWN = new Set(["type", "description", "properties", "required", "pattern", "minLength"]);

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** The problems found, each "<path>: <what>"; empty when the value matches. */
export function schemaProblems(schema: JsonSchema, value: unknown, path = "$"): string[] {
  for (const key of Object.keys(schema))
    if (!KNOWN.has(key)) throw new Error(`${path}: schema keyword "${key}" is outside the checked subset`);
  const problems: string[] = [];
  if (schema.type !== undefined) {
    const allowed = typeof schema.type === "string" ? [schema.type] : schema.type;
    const actual = typeOf(value);
    if (!allowed.includes(actual) && !(actual === "integer" && allowed.includes("number")))
      return [`${path}: is ${actual}, expected ${allowed.join(" or ")}`];
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${path}: too short`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value))
      problems.push(`${path}: does not match ${schema.pattern}`);
  }
  if (typeOf(value) === "object") {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? [])
      if (!Object.hasOwn(object, name)) problems.push(`${path}.${name}: missing`);
    for (const [name, inner] of Object.entries(schema.properties ?? {}))
      if (Object.hasOwn(object, name)) problems.push(...schemaProblems(inner, object[name], `${path}.${name}`));
  }
  return problems;
}
