/**
 * Helpers the rules share: reading a setting from an element's synthesized configuration (nested
 * blocks, unresolved references) and checking one setting against what the policy requires.
 */
import {
  compliant,
  nonCompliant,
  notApplicable,
  type RuleContext,
  type RuleOutcome,
  type SynthesizedElement,
  unknown,
} from "../rule";

/** True for a string that holds a Terraform expression (`${...}`): its value is known only at plan. */
export function isUnresolved(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/**
 * The outcome when a setting's value is a Terraform expression: the rule cannot decide before plan.
 * `verb` fits the setting's wording ("claim_values holds …", "the permissions on X are …").
 */
export function knownOnlyAtPlan(setting: string, value: unknown, verb: "is" | "holds" | "are" = "is"): RuleOutcome {
  return unknown(`${setting} ${verb} ${quoted(value)}, known only at plan`);
}

/**
 * The value at a dotted path of snake_case keys. A nested block may be synthesized as an object or
 * as a one-element list; both are read the same way. Stops at an unresolved value and returns it.
 */
export function valueAt(config: unknown, path: string): unknown {
  let current: unknown = config;
  for (const key of path.split(".")) {
    current = singleBlock(current);
    if (current === undefined || current === null || isUnresolved(current)) return current;
    if (typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A block synthesized as an object or a list of objects, as one object (the first). */
export function singleBlock(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** A block synthesized as an object or a list of objects, as a list. */
export function blockList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Quotes a value for a message; never used on a value that may be a secret. */
export function quoted(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}

/**
 * Checks one boolean setting that must equal `required`. `providerDefault` is what the provider
 * applies when the attribute is left out (from the resource's documentation).
 */
export function expectBoolean(config: unknown, path: string, required: boolean, providerDefault: boolean): RuleOutcome {
  const value = valueAt(config, path);
  if (isUnresolved(value)) return knownOnlyAtPlan(`${path}`, value);
  if (value === undefined || value === null) {
    return providerDefault === required
      ? compliant()
      : nonCompliant(`${path} is not set, and the provider default is ${providerDefault}`);
  }
  const actual = value === true || value === "true" ? true : value === false || value === "false" ? false : undefined;
  if (actual === undefined) return unknown(`${path} is ${quoted(value)}, not a boolean`);
  return actual === required ? compliant() : nonCompliant(`${path} is ${actual}`);
}

/** Checks one string setting that must be one of `allowed` (`providerDefault` applies when left out). */
export function expectOneOf(
  config: unknown,
  path: string,
  allowed: readonly string[],
  providerDefault?: string,
): RuleOutcome {
  const value = valueAt(config, path);
  if (isUnresolved(value)) return knownOnlyAtPlan(`${path}`, value);
  if (value === undefined || value === null) {
    if (providerDefault === undefined) return nonCompliant(`${path} is not set`);
    return allowed.includes(providerDefault)
      ? compliant()
      : nonCompliant(`${path} is not set, and the provider default is ${quoted(providerDefault)}`);
  }
  return allowed.includes(String(value))
    ? compliant()
    : nonCompliant(`${path} is ${quoted(value)}; expected ${allowed.map(quoted).join(" or ")}`);
}

/**
 * Combines outcomes of one rule's several checks: any failure fails, else any unknown is unknown.
 * The failure names the scanner ids of its parts when every failed part names them.
 */
export function allOf(...outcomes: RuleOutcome[]): RuleOutcome {
  const problems = (status: "non-compliant" | "unknown") =>
    outcomes.flatMap((o) => (o.status === status ? [o.problem] : []));
  const failed = problems("non-compliant");
  if (failed.length > 0) {
    const ids = outcomes.map((o) => (o.status === "non-compliant" ? o.reportedBy : []));
    return nonCompliant(failed.join("; "), ids.every((r) => r !== undefined) ? [...new Set(ids.flat())] : undefined);
  }
  const unsure = problems("unknown");
  if (unsure.length > 0) return unknown(unsure.join("; "));
  return outcomes.every((o) => o.status === "not-applicable") && outcomes.length > 0 ? notApplicable() : compliant();
}

/** A check's failure as the given scanner ids report it (the checks that read that setting); other outcomes as they are. */
export function reportedAs(outcome: RuleOutcome, ids: readonly string[]): RuleOutcome {
  return outcome.status === "non-compliant" ? nonCompliant(outcome.problem, ids) : outcome;
}

/** The address a `${type.name.attr...}` reference points at ("data.x.y" or "x.y"), when the whole value is one reference. */
export function referencedAddress(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^\$\{((?:data\.)?[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]+)(?:\.[^}]*)?\}$/.exec(value);
  return match?.[1];
}

/** One thing wrong with an element, and the mirrored Checkov/Trivy ids that report it too ([] when only the pack does). */
export interface Failure {
  readonly problem: string;
  readonly reportedBy: readonly string[];
}

/** Compliant when nothing failed; otherwise non-compliant with every problem and the ids that report any of them. */
export function verdict(failures: readonly (Failure | undefined | false)[]): RuleOutcome {
  const found = failures.filter((f): f is Failure => Boolean(f));
  if (found.length === 0) return compliant();
  return nonCompliant(found.map((f) => f.problem).join("; "), [...new Set(found.flatMap((f) => f.reportedBy))]);
}

/**
 * Resources of `type` whose `attribute` (a dotted path) references `target` (as Trivy's adapters and
 * Checkov's connections see it). `unsure` when one references something this stack cannot match at
 * synth (a variable, a module output).
 */
export function referencing(
  target: SynthesizedElement,
  context: RuleContext,
  type: string,
  attribute: string,
): { found: SynthesizedElement[]; unsure: boolean } {
  const found: SynthesizedElement[] = [];
  let unsure = false;
  for (const other of context.ofType("resource", type)) {
    const value = valueAt(other.config, attribute);
    const address = referencedAddress(value);
    if (address === target.address) found.push(other);
    else if (isUnresolved(value) && !address?.startsWith(`${target.type}.`)) unsure = true;
  }
  return { found, unsure };
}
