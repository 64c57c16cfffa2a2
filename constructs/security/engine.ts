/**
 * The engine: splits a synthesized stack (its Terraform JSON) into the elements rules look at, and
 * runs the rules over them. Pure functions over JSON; the Aspect (aspect.ts) ties them to constructs.
 */
import type { SecurityFinding } from "./findings";
import { resolveOptions, type ResolvedPackOptions, type SecurityRulesOptions } from "./options";
import type {
  ElementKind,
  ResolvedRuleOptions,
  RuleContext,
  RuleOutcome,
  SecurityRule,
  SynthesizedElement,
} from "./rule";
import { isScannerId } from "./rule";
import { SECURITY_RULES } from "./rules";

/** Splits a synthesized stack into the elements rules look at. */
// biome-ignore lint/suspicious/noExplicitAny: synthesized JSON is untyped; each rule narrows the part it reads
export function elementsOf(json: Record<string, any>): SynthesizedElement[] {
  const elements: SynthesizedElement[] = [];
  const strip = (config: Record<string, unknown>) => {
    const { "//": _meta, ...rest } = config;
    return rest;
  };
  for (const [kind, prefix] of [
    ["resource", ""],
    ["data", "data."],
  ] as const) {
    // biome-ignore lint/suspicious/noExplicitAny: as above
    for (const [type, byName] of Object.entries<Record<string, any>>(json[kind] ?? {})) {
      // biome-ignore lint/suspicious/noExplicitAny: as above
      for (const [name, config] of Object.entries<Record<string, any>>(byName ?? {})) {
        elements.push({
          kind,
          type,
          name,
          address: `${prefix}${type}.${name}`,
          config: strip(config ?? {}),
          path: config?.["//"]?.metadata?.path,
        });
      }
    }
  }
  for (const [name, config] of Object.entries<Record<string, unknown>>(json.output ?? {})) {
    elements.push({ kind: "output", type: "output", name, address: `output.${name}`, config: config ?? {} });
  }
  for (const [name, config] of Object.entries<Record<string, unknown>>(json.variable ?? {})) {
    elements.push({ kind: "variable", type: "variable", name, address: `var.${name}`, config: config ?? {} });
  }
  for (const [type, configs] of Object.entries<unknown>(json.provider ?? {})) {
    (Array.isArray(configs) ? configs : [configs]).forEach((config, i) =>
      elements.push({
        kind: "provider",
        type,
        name: String(i),
        address: `provider.${type}[${i}]`,
        config: (config ?? {}) as Record<string, unknown>,
      }),
    );
  }
  for (const [type, config] of Object.entries<Record<string, unknown>>(json.terraform?.backend ?? {})) {
    elements.push({ kind: "backend", type, name: type, address: `terraform.backend.${type}`, config: config ?? {} });
  }
  if (json.locals)
    elements.push({ kind: "locals", type: "locals", name: "locals", address: "locals", config: json.locals });
  return elements;
}

/** Rules by `kind:type`, plus those for every type of a kind: looked up once per element. */
function indexRules(rules: readonly SecurityRule[]): (kind: ElementKind, type: string) => readonly SecurityRule[] {
  const byType = new Map<string, SecurityRule[]>();
  const add = (key: string, rule: SecurityRule) => byType.set(key, [...(byType.get(key) ?? []), rule]);
  for (const rule of rules) {
    for (const kind of rule.kinds ?? ["resource"]) {
      if (rule.types === "*") add(`${kind}:*`, rule);
      else for (const type of rule.types) add(`${kind}:${type}`, rule);
    }
  }
  const cache = new Map<string, readonly SecurityRule[]>();
  return (kind, type) => {
    const key = `${kind}:${type}`;
    let found = cache.get(key);
    if (!found) {
      found = [...(byType.get(key) ?? []), ...(byType.get(`${kind}:*`) ?? [])];
      cache.set(key, found);
    }
    return found;
  };
}

const rulesFor = indexRules(SECURITY_RULES);

/** The read-only view of the stack that rules get, over a set of elements. */
export function buildContext(elements: readonly SynthesizedElement[], options: ResolvedRuleOptions): RuleContext {
  const index = new Map<string, SynthesizedElement>();
  const byKindType = new Map<string, SynthesizedElement[]>();
  for (const e of elements) {
    index.set(e.address, e);
    const key = `${e.kind}:${e.type}`;
    const same = byKindType.get(key);
    if (same) same.push(e);
    else byKindType.set(key, [e]);
  }
  return {
    options,
    find: (address) => index.get(address),
    ofType: (kind, type) => byKindType.get(`${kind}:${type}`) ?? [],
  };
}

/**
 * A rule context over a set of elements, as the pack builds it at synth: for testing a rule on
 * hand-written elements, or running the rules over JSON synthesized elsewhere.
 */
export function createRuleContext(
  elements: readonly SynthesizedElement[],
  options: SecurityRulesOptions = {},
  now: Date = new Date(),
): RuleContext {
  return buildContext(elements, { ...resolveOptions("createRuleContext", options).rules, now });
}

/**
 * One rule's outcome on one element: not applicable when the rule does not look at the element's
 * kind and type; a rule that throws on an unexpected shape yields "unknown", never a crash.
 */
export function evaluateRule(rule: SecurityRule, element: SynthesizedElement, context: RuleContext): RuleOutcome {
  const kinds = rule.kinds ?? ["resource"];
  if (!kinds.includes(element.kind) || (rule.types !== "*" && !rule.types.includes(element.type)))
    return { status: "not-applicable" };
  try {
    return rule.check(element, context);
  } catch (e) {
    return { status: "unknown", problem: `the rule could not read the configuration (${(e as Error).message})` };
  }
}

/** The Checkov/Trivy ids that report a non-compliant outcome: the ones it names, else every scanner id the rule mirrors. */
export function reportedByOf(rule: SecurityRule, outcome: RuleOutcome): readonly string[] {
  if (outcome.status !== "non-compliant") return [];
  return outcome.reportedBy ?? rule.mirrors.filter(isScannerId);
}

/** A finding with the element it is about. */
export interface ElementFinding {
  readonly element: SynthesizedElement;
  readonly finding: SecurityFinding;
}

/**
 * Runs every rule that looks at each element, in element order then rule order, and returns what
 * is not compliant or cannot be verified, with the stack's severities applied. `stackPath` is the
 * path of findings on elements without one.
 */
export function evaluateElements(
  elements: readonly SynthesizedElement[],
  context: RuleContext,
  severities: Pick<ResolvedPackOptions, "severity" | "unverified">,
  stackPath: string,
): ElementFinding[] {
  const found: ElementFinding[] = [];
  for (const element of elements) {
    for (const rule of rulesFor(element.kind, element.type)) {
      const outcome = evaluateRule(rule, element, context);
      if (outcome.status === "compliant" || outcome.status === "not-applicable") continue;
      const unverified = outcome.status === "unknown";
      found.push({
        element,
        finding: {
          ruleId: rule.id,
          mirrors: rule.mirrors,
          reportedBy: reportedByOf(rule, outcome),
          severity: unverified ? severities.unverified : (severities.severity[rule.id] ?? rule.severity),
          status: unverified ? "unverified" : "non-compliant",
          path: element.path ?? stackPath,
          address: element.address,
          problem: outcome.problem,
          fix: rule.fix,
        },
      });
    }
  }
  return found;
}
