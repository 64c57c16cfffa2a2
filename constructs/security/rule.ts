/**
 * The shape of a security rule: a small pure function over one element of the synthesized
 * Terraform JSON (a resource, data source, output, provider, variable or locals block), returning
 * compliant, non-compliant, not applicable, or unknown (the value it needs is an unresolved
 * reference, so the rule can neither pass nor fail it at synth).
 */

/** What a finding does to synth: an error fails it, a warning is annotated. */
export type RuleSeverity = "error" | "warning";

/** The kinds of element in the synthesized JSON a rule can look at. */
export type ElementKind = "resource" | "data" | "output" | "provider" | "variable" | "locals" | "backend";

/** One element of the synthesized JSON, with everything a rule may read about it. */
export interface SynthesizedElement {
  readonly kind: ElementKind;
  /** Terraform type, e.g. "azurerm_key_vault"; "output", "variable" or "locals" for those kinds. */
  readonly type: string;
  /** Logical id (resource name, output name, provider index). */
  readonly name: string;
  /** Terraform address, e.g. "azurerm_key_vault.kv_1234", "output.client_id", "provider.azurerm[0]", "terraform.backend.azurerm". */
  readonly address: string;
  /** The resolved configuration as synthesized (snake_case, overrides applied, `//` removed). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Construct path, when the element came from a construct. */
  readonly path?: string;
  /**
   * Whether the resource type takes a key/value `tags` map (known from its binding).
   * @default - unknown: decided by the presence of `tags` in the config
   */
  readonly takesTags?: boolean;
  /** `dmflow:*` metadata of the construct and its ancestors, e.g. "dmflow:clientSecretLifetimeDays". */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** Read-only view of the rest of the synthesized stack, for rules that follow a reference. */
export interface RuleContext {
  /** The element at a Terraform address ("azurerm_storage_account.x", "data.azuread_service_principal.y", "var.z"). */
  find(address: string): SynthesizedElement | undefined;
  /** Every element of one kind and type, e.g. ("resource", "azurerm_storage_account_queue_properties"). */
  ofType(kind: ElementKind, type: string): readonly SynthesizedElement[];
  /** The pack's resolved options. */
  readonly options: ResolvedRuleOptions;
}

/** The options rules read; see SecurityRulesOptions for each one's meaning and default. */
export interface ResolvedRuleOptions {
  readonly requiredTags?: Readonly<Record<string, string | undefined>>;
  readonly geoRedundantReplicationTypes: readonly string[];
  /** Allowed delegated scopes by resource API client id. */
  readonly allowedDelegatedScopes: Readonly<Record<string, readonly string[]>>;
  /** Allowed application roles (app permissions) by resource API client id. */
  readonly allowedApplicationRoles: Readonly<Record<string, readonly string[]>>;
  readonly maxClientSecretLifetimeDays: number;
  /** Synth time, for literal end dates. */
  readonly now: Date;
}

export type RuleOutcome =
  | { readonly status: "compliant" }
  | { readonly status: "not-applicable" }
  | { readonly status: "non-compliant"; readonly problem: string }
  | { readonly status: "unknown"; readonly problem: string };

/** A rule of the pack. */
export interface SecurityRule {
  /** Our id, `DMF-<SERVICE>-<CHECK>`. */
  readonly id: string;
  /** Public rule ids it mirrors (Checkov, Trivy/tfsec, AVM); empty when no scanner has one. */
  readonly mirrors: readonly string[];
  /** What it checks, in one sentence (a column of the table in docs/security-rules.md). */
  readonly description: string;
  /** Severity when the stack does not override it. */
  readonly severity: RuleSeverity;
  /** How to fix a finding, in one or two sentences. */
  readonly fix: string;
  /** Element kinds it looks at. @default ["resource"] */
  readonly kinds?: readonly ElementKind[];
  /** Terraform types it looks at, or "*" for every element of its kinds. */
  readonly types: readonly string[] | "*";
  readonly check: (element: SynthesizedElement, context: RuleContext) => RuleOutcome;
}

export const compliant = (): RuleOutcome => ({ status: "compliant" });
export const notApplicable = (): RuleOutcome => ({ status: "not-applicable" });
export const nonCompliant = (problem: string): RuleOutcome => ({ status: "non-compliant", problem });
export const unknown = (problem: string): RuleOutcome => ({ status: "unknown", problem });

/** True for a string that holds a Terraform expression (`${...}`): its value is known only at plan. */
export function isUnresolved(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
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
export function show(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}

/**
 * Checks one boolean setting that must equal `required`. `providerDefault` is what the provider
 * applies when the attribute is left out (from the resource's documentation).
 */
export function expectBoolean(config: unknown, path: string, required: boolean, providerDefault: boolean): RuleOutcome {
  const value = valueAt(config, path);
  if (isUnresolved(value)) return unknown(`${path} is ${show(value)}, known only at plan`);
  if (value === undefined || value === null) {
    return providerDefault === required
      ? compliant()
      : nonCompliant(`${path} is not set, and the provider default is ${providerDefault}`);
  }
  const actual = value === true || value === "true" ? true : value === false || value === "false" ? false : undefined;
  if (actual === undefined) return unknown(`${path} is ${show(value)}, not a boolean`);
  return actual === required ? compliant() : nonCompliant(`${path} is ${actual}`);
}

/** Checks one string setting that must be one of `allowed` (`providerDefault` applies when left out). */
export function expectOneOf(config: unknown, path: string, allowed: readonly string[], providerDefault?: string): RuleOutcome {
  const value = valueAt(config, path);
  if (isUnresolved(value)) return unknown(`${path} is ${show(value)}, known only at plan`);
  if (value === undefined || value === null) {
    if (providerDefault === undefined) return nonCompliant(`${path} is not set`);
    return allowed.includes(providerDefault)
      ? compliant()
      : nonCompliant(`${path} is not set, and the provider default is ${show(providerDefault)}`);
  }
  return allowed.includes(String(value))
    ? compliant()
    : nonCompliant(`${path} is ${show(value)}; expected ${allowed.map(show).join(" or ")}`);
}

/** Combines outcomes of one rule's several checks: any failure fails, else any unknown is unknown. */
export function allOf(...outcomes: RuleOutcome[]): RuleOutcome {
  const problems = (status: "non-compliant" | "unknown") =>
    outcomes.flatMap((o) => (o.status === status ? [o.problem] : []));
  const failed = problems("non-compliant");
  if (failed.length > 0) return nonCompliant(failed.join("; "));
  const unsure = problems("unknown");
  if (unsure.length > 0) return unknown(unsure.join("; "));
  return outcomes.every((o) => o.status === "not-applicable") && outcomes.length > 0 ? notApplicable() : compliant();
}

/** The address a `${type.name.attr...}` reference points at ("data.x.y" or "x.y"), when the whole value is one reference. */
export function referencedAddress(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^\$\{((?:data\.)?[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]+)(?:\.[^}]*)?\}$/.exec(value);
  return match?.[1];
}
