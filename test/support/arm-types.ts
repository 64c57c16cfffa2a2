// Checks an ARM request body against a subset of Azure's published type definitions
// (test/fixtures/arm-types/*.json, cut by scripts/fixtures/arm-types-subset.js), so a misspelt or
// read-only property in an azapi body fails the tests instead of the first apply.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export type TypeDescription = {
  type?: "string" | "integer" | "boolean" | "array" | "object" | "any";
  enum?: string[];
  known?: string[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
  items?: TypeDescription;
  $ref?: string;
  unexpanded?: string;
  discriminator?: string;
  elements?: Record<string, { $ref: string }>;
  flags?: string[];
};
export interface ArmTypes {
  source: Record<string, unknown>;
  resources: Record<string, TypeDescription>;
  types: Record<string, { properties: Record<string, TypeDescription>; additionalProperties?: TypeDescription }>;
}

export function loadArmTypes(...files: string[]): ArmTypes {
  const parts = files.map(
    (file) => JSON.parse(readFileSync(join(__dirname, "../fixtures/arm-types", file), "utf8")) as ArmTypes,
  );
  return {
    source: Object.fromEntries(files.map((file, i) => [file, parts[i].source])),
    resources: Object.assign({}, ...parts.map((p) => p.resources)),
    types: Object.assign({}, ...parts.map((p) => p.types)),
  };
}

/** Arguments azapi takes beside the body; in the body they would be sent twice or ignored. */
const AZAPI_ARGUMENTS = ["name", "location", "identity", "tags"];
/** A Terraform reference or expression: its value is known only at apply. */
const isExpression = (value: unknown) => typeof value === "string" && value.includes("${");

/**
 * Problems of one request body, each "<path>: <what is wrong>"; [] when it fits.
 * @param name the resource's name, which picks the variant of a type discriminated by name
 */
export function armBodyProblems(
  types: ArmTypes,
  resourceType: string,
  body: Record<string, unknown>,
  name?: string,
): string[] {
  let top = types.resources[resourceType];
  if (top === undefined)
    return [`${resourceType} is not in the type subset (${Object.keys(types.resources).join(", ")})`];
  if (top.discriminator !== undefined) {
    const variant = name !== undefined ? top.elements?.[name] : undefined;
    if (variant === undefined)
      return [
        `${resourceType}: name must be one of ${Object.keys(top.elements ?? {}).join(", ")}, but ${name} was given`,
      ];
    top = variant;
  }
  const problems: string[] = [];
  for (const key of AZAPI_ARGUMENTS) {
    if (key in body) problems.push(`body.${key}: set it as the azapi argument, not in the body`);
  }
  check(
    types,
    top,
    Object.fromEntries(Object.entries(body).filter(([key]) => !AZAPI_ARGUMENTS.includes(key))),
    "body",
    problems,
    true,
  );
  return problems;
}

function check(
  types: ArmTypes,
  description: TypeDescription,
  value: unknown,
  path: string,
  problems: string[],
  topLevel = false,
): void {
  if (value === undefined || description.type === "any") return;
  if (description.$ref !== undefined) {
    checkObject(types, description.$ref, value, path, problems, topLevel);
    return;
  }
  if (description.type === "object") {
    if (typeof value !== "object" || value === null || Array.isArray(value))
      problems.push(`${path}: must be an object (${description.unexpanded})`);
    return;
  }
  if (description.type === "array") {
    if (!Array.isArray(value)) problems.push(`${path}: must be an array`);
    else value.forEach((item, i) => check(types, description.items!, item, `${path}[${i}]`, problems));
    return;
  }
  if (isExpression(value)) return;
  if (description.enum !== undefined) {
    if (!description.enum.includes(value as string))
      problems.push(`${path}: must be one of ${description.enum.join(", ")}, but ${JSON.stringify(value)} was given`);
  } else if (description.type === "string") {
    if (typeof value !== "string") problems.push(`${path}: must be a string, but ${JSON.stringify(value)} was given`);
    else if (description.pattern !== undefined && !new RegExp(description.pattern).test(value))
      problems.push(`${path}: must match ${description.pattern}`);
    else if (description.known !== undefined && !description.known.includes(value))
      problems.push(
        `${path}: ${JSON.stringify(value)} is none of the documented values ${description.known.join(", ")}`,
      );
  } else if (description.type === "integer") {
    const bad =
      !Number.isInteger(value) ||
      (description.minValue !== undefined && (value as number) < description.minValue) ||
      (description.maxValue !== undefined && (value as number) > description.maxValue);
    if (bad)
      problems.push(
        `${path}: must be a whole number${description.minValue !== undefined ? ` from ${description.minValue}` : ""}${description.maxValue !== undefined ? ` to ${description.maxValue}` : ""}, but ${JSON.stringify(value)} was given`,
      );
  } else if (description.type === "boolean" && typeof value !== "boolean") {
    problems.push(`${path}: must be true or false, but ${JSON.stringify(value)} was given`);
  }
}

function checkObject(
  types: ArmTypes,
  typeName: string,
  value: unknown,
  path: string,
  problems: string[],
  topLevel: boolean,
): void {
  const type = types.types[typeName];
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push(`${path}: must be an object (${typeName})`);
    return;
  }
  const object = value as Record<string, unknown>;
  for (const [key, property] of Object.entries(object)) {
    const description = type.properties[key] ?? type.additionalProperties;
    if (description === undefined) {
      problems.push(`${path}.${key}: not a property of ${typeName}`);
    } else if (description.flags?.includes("ReadOnly")) {
      problems.push(`${path}.${key}: read-only in ${typeName}`);
    } else {
      check(types, description, property, `${path}.${key}`, problems);
    }
  }
  for (const [key, description] of Object.entries(type.properties)) {
    // The top level's required name and location are azapi arguments, outside the body.
    if (topLevel && AZAPI_ARGUMENTS.includes(key)) continue;
    if (description.flags?.includes("Required") && object[key] === undefined)
      problems.push(`${path}.${key}: required by ${typeName}`);
  }
}
