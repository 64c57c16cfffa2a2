import { Annotations, Aspects, TerraformElement, TerraformOutput, TerraformStack, TerraformVariable } from "../providers/cdktf";
import type { IAspect, IConstruct } from "../providers/cdktf";
import { RESOURCE_APIS, ResourceApiName } from "../resource-apis";
import { ENTRA_APP_RULES } from "./entra-app-rules";
import { FUNCTION_APP_RULES } from "./function-app-rules";
import { KEY_VAULT_RULES } from "./key-vault-rules";
import type { ElementKind, ResolvedRuleOptions, RuleContext, RuleOutcome, RuleSeverity, SecurityRule, SynthesizedElement } from "./rule";
import { SECRET_RULES } from "./secret-rules";
import { STORAGE_RULES } from "./storage-rules";
import { applicableSuppressionsOf, declaredSuppressionsOf, DeclaredSuppression, SUPPRESSION_METADATA } from "./suppress";
import { TAGS_RULES } from "./tags-rules";
import { GUID } from "../../contract/patterns";
import { MAX_CLIENT_SECRET_LIFETIME_DAYS } from "../client-secret-lifetime";

/** Every rule of the pack, in the order of the table in docs/security-rules.md. */
export const SECURITY_RULES: readonly SecurityRule[] = [
  ...FUNCTION_APP_RULES,
  ...STORAGE_RULES,
  ...KEY_VAULT_RULES,
  ...ENTRA_APP_RULES,
  ...SECRET_RULES,
  ...TAGS_RULES,
];

/** Key of the pack's record in the stack's synthesized metadata (`"//".metadata.<key>` of cdk.tf.json). */
export const SECURITY_RECORD_KEY = "dmflowSecurity";

/** Metadata type under which a stack's opt-out (with its reason) is recorded. */
export const OPT_OUT_METADATA = "dmflow:securityOptOut";

/** Storage replication types that keep a copy in a second region. */
export const GEO_REDUNDANT_REPLICATION_TYPES = ["GRS", "RAGRS", "GZRS", "RAGZRS"] as const;

export interface SecurityRulesOptions {
  /**
   * Tags every resource that takes tags must carry: tag keys, or keys with the value each must have.
   * @default - any non-empty tags map
   */
  readonly requiredTags?: Readonly<Record<string, string>> | readonly string[];
  /**
   * Replication types DMF-ST-GEO-REDUNDANT accepts.
   * @default ["GRS", "RAGRS", "GZRS", "RAGZRS"]
   */
  readonly geoRedundantReplicationTypes?: readonly string[];
  /**
   * Delegated scopes the app registration may request and be granted, per resource API (by name in
   * RESOURCE_APIS, or by the API's client id for another API).
   * @default - every scope RESOURCE_APIS lists, on those APIs only
   */
  readonly allowedDelegatedScopes?: Readonly<Record<string, readonly string[]>>;
  /**
   * Application roles (app-only permissions) allowed, per resource API (name in RESOURCE_APIS or client id).
   * @default {} - none
   */
  readonly allowedApplicationRoles?: Readonly<Record<string, readonly string[]>>;
  /** Longest client secret lifetime in days, 1-730. @default 365 */
  readonly maxClientSecretLifetimeDays?: number;
  /** Severity per rule id, replacing the rule's default ("error" fails synth, "warning" annotates). @default {} */
  readonly severity?: Readonly<Record<string, RuleSeverity>>;
  /** Severity of a check that cannot be decided at synth (an unresolved reference). @default "warning" */
  readonly unverified?: RuleSeverity;
}

/** One rule's verdict on one element that is not compliant, or that could not be verified. */
export interface SecurityFinding {
  readonly ruleId: string;
  readonly mirrors: readonly string[];
  /** "error" fails synth; "warning" is annotated. */
  readonly severity: RuleSeverity;
  /** "non-compliant", or "unverified" when the value is known only at plan. */
  readonly status: "non-compliant" | "unverified";
  /** Construct path (the stack's path for elements without a construct). */
  readonly path: string;
  /** Terraform address, e.g. "azurerm_key_vault.vault_1234" or "output.client_id". */
  readonly address: string;
  /** What is wrong. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

/** A finding that a suppression switched off, with the suppression's reason. */
export interface SuppressedFinding extends SecurityFinding {
  readonly reason: string;
  /** Construct path the suppression was declared on. */
  readonly suppressedAt: string;
}

/** A declared suppression and how many findings it switched off (0: unused, worth removing). */
export interface SuppressionRecord extends DeclaredSuppression {
  readonly matched: number;
}

/** What the pack records in the synthesized JSON, under `"//".metadata.dmflowSecurity`. */
export interface SecurityRecord {
  /** "checked", or "opted-out" when the stack switched the pack off (with the reason). */
  readonly status: "checked" | "opted-out";
  readonly optOutReason?: string;
  /** Number of rules in the pack. */
  readonly rules: number;
  /** Elements checked. */
  readonly elements: number;
  /** Unsuppressed findings. */
  readonly findings: readonly SecurityFinding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly suppressions: readonly SuppressionRecord[];
  /** Rule severities this stack changed from the defaults. */
  readonly severityOverrides?: Readonly<Record<string, RuleSeverity>>;
}

/** Longest client secret lifetime by default: the one DirectoryManagerApp accepts. */
export const DEFAULT_MAX_CLIENT_SECRET_LIFETIME_DAYS = MAX_CLIENT_SECRET_LIFETIME_DAYS;

const RULE_IDS = new Set(SECURITY_RULES.map((r) => r.id));

/** Resolves API names to client ids; unknown names are errors. */
function byClientId(map: Readonly<Record<string, readonly string[]>>, what: string): Record<string, readonly string[]> {
  const result: Record<string, readonly string[]> = {};
  for (const [api, values] of Object.entries(map)) {
    const known = (RESOURCE_APIS as Record<string, { clientId: string }>)[api];
    if (!known && !GUID.test(api)) {
      throw new Error(`${what}: "${api}" is neither a resource API in RESOURCE_APIS (${Object.keys(RESOURCE_APIS).join(", ")}) nor a client id (GUID)`);
    }
    result[known ? known.clientId : api.toLowerCase()] = [...values];
  }
  return result;
}

function resolveOptions(where: string, options: SecurityRulesOptions): Omit<ResolvedRuleOptions, "now"> {
  for (const id of Object.keys(options.severity ?? {})) {
    if (!RULE_IDS.has(id)) throw new Error(`${where}: severity names the unknown rule "${id}"; the rules are ${[...RULE_IDS].join(", ")}`);
  }
  const max = options.maxClientSecretLifetimeDays ?? DEFAULT_MAX_CLIENT_SECRET_LIFETIME_DAYS;
  if (!Number.isInteger(max) || max < 1 || max > 730) {
    throw new Error(`${where}: maxClientSecretLifetimeDays must be a whole number from 1 to 730, but ${max} was given`);
  }
  const tags = options.requiredTags;
  const defaultScopes = Object.fromEntries(
    (Object.keys(RESOURCE_APIS) as ResourceApiName[]).map((api) => [api, [...RESOURCE_APIS[api].scopes]]),
  );
  return {
    requiredTags: tags === undefined ? undefined : Array.isArray(tags) ? Object.fromEntries((tags as readonly string[]).map((k) => [k, undefined])) : { ...(tags as Record<string, string>) },
    geoRedundantReplicationTypes: options.geoRedundantReplicationTypes ?? GEO_REDUNDANT_REPLICATION_TYPES,
    allowedDelegatedScopes: byClientId(options.allowedDelegatedScopes ?? defaultScopes, `${where}: allowedDelegatedScopes`),
    allowedApplicationRoles: byClientId(options.allowedApplicationRoles ?? {}, `${where}: allowedApplicationRoles`),
    maxClientSecretLifetimeDays: max,
  };
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

const ruleIndex = indexRules(SECURITY_RULES);

/** Splits a synthesized stack into the elements rules look at. */
function elementsOf(json: Record<string, any>): SynthesizedElement[] {
  const elements: SynthesizedElement[] = [];
  const strip = (config: Record<string, unknown>) => {
    const { ["//"]: _meta, ...rest } = config;
    return rest;
  };
  for (const [kind, prefix] of [["resource", ""], ["data", "data."]] as const) {
    for (const [type, byName] of Object.entries<Record<string, any>>(json[kind] ?? {})) {
      for (const [name, config] of Object.entries<Record<string, any>>(byName ?? {})) {
        elements.push({ kind, type, name, address: `${prefix}${type}.${name}`, config: strip(config ?? {}), path: config?.["//"]?.metadata?.path });
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
      elements.push({ kind: "provider", type, name: String(i), address: `provider.${type}[${i}]`, config: (config ?? {}) as Record<string, unknown> }),
    );
  }
  for (const [type, config] of Object.entries<Record<string, unknown>>(json.terraform?.backend ?? {})) {
    elements.push({ kind: "backend", type, name: type, address: `terraform.backend.${type}`, config: config ?? {} });
  }
  if (json.locals) elements.push({ kind: "locals", type: "locals", name: "locals", address: "locals", config: json.locals });
  return elements;
}

function buildContext(elements: readonly SynthesizedElement[], options: ResolvedRuleOptions): RuleContext {
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
export function createRuleContext(elements: readonly SynthesizedElement[], options: SecurityRulesOptions = {}, now: Date = new Date()): RuleContext {
  return buildContext(elements, { ...resolveOptions("createRuleContext", options), now });
}

/**
 * One rule's outcome on one element: not applicable when the rule does not look at the element's
 * kind and type; a rule that throws on an unexpected shape yields "unknown", never a crash.
 */
export function evaluateRule(rule: SecurityRule, element: SynthesizedElement, context: RuleContext): RuleOutcome {
  const kinds = rule.kinds ?? ["resource"];
  if (!kinds.includes(element.kind) || (rule.types !== "*" && !rule.types.includes(element.type))) return { status: "not-applicable" };
  try {
    return rule.check(element, context);
  } catch (e) {
    return { status: "unknown", problem: `the rule could not read the configuration (${(e as Error).message})` };
  }
}

/** `dmflow:*` metadata (besides suppressions) of a construct and its ancestors; the nearest wins. */
function dmflowMetadata(construct: IConstruct): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  for (const scope of construct.node.scopes) {
    for (const entry of scope.node.metadata) {
      if (entry.type.startsWith("dmflow:") && entry.type !== SUPPRESSION_METADATA && entry.type !== OPT_OUT_METADATA) {
        (found ??= {})[entry.type] = entry.data;
      }
    }
  }
  return found;
}

/** The message of a finding, as annotated (cdktf prefixes the construct path). */
export function formatFinding(f: SecurityFinding): string {
  const mirrors = f.mirrors.length > 0 ? ` (${f.mirrors.join(", ")})` : "";
  const verdict = f.status === "unverified" ? "cannot be verified at synth: " : "";
  return `${f.ruleId}${mirrors} ${f.address}: ${verdict}${f.problem}. Fix: ${f.fix} Or suppressRule(scope, "${f.ruleId}", "<reason>").`;
}

/** The element that carries the pack's record into the synthesized JSON, and marks the end of the aspect pass. */
class SecurityRecordElement extends TerraformElement {
  constructor(scope: TerraformStack, id: string, private readonly pack: SecurityRules) {
    super(scope, id);
  }

  public toMetadata(): Record<string, unknown> {
    const record = this.pack.record;
    return record ? { [SECURITY_RECORD_KEY]: record } : {};
  }
}

const RECORD_ID = "dmflow-security-rules";
const PACKS = new WeakMap<TerraformStack, SecurityRules>();

/**
 * The security rule pack applied to one stack. Each synth, an Aspect evaluates every rule over the
 * stack's synthesized JSON once, after every other aspect has run: findings become error or warning
 * annotations on their constructs (cdktf fails synth on errors, listing them all), and the record of
 * findings and suppressions goes into the stack's synthesized metadata.
 */
export class SecurityRules {
  /** The pack applied to a stack, if any. */
  public static of(stack: TerraformStack): SecurityRules | undefined {
    return PACKS.get(stack);
  }

  public readonly stack: TerraformStack;
  private readonly options: Omit<ResolvedRuleOptions, "now">;
  private readonly severityOverrides: Readonly<Record<string, RuleSeverity>>;
  private readonly unverifiedSeverity: RuleSeverity;
  private recordElement?: SecurityRecordElement;
  private lastRecord?: SecurityRecord;

  /** Use {@link applySecurityRules}. */
  private constructor(stack: TerraformStack, options: SecurityRulesOptions) {
    this.stack = stack;
    this.options = resolveOptions(`${stack.node.path}: applySecurityRules`, options);
    this.severityOverrides = { ...(options.severity ?? {}) };
    this.unverifiedSeverity = options.unverified ?? "warning";
    const pack = this;
    Aspects.of(stack).add({
      visit(node: IConstruct) {
        if (node === stack) pack.placeRecordLast();
        else if (node === pack.recordElement) pack.check();
      },
    } satisfies IAspect);
  }

  /** @internal */
  public static apply(stack: TerraformStack, options: SecurityRulesOptions): SecurityRules {
    const pack = new SecurityRules(stack, options);
    PACKS.set(stack, pack);
    return pack;
  }

  /** The record of the last check (undefined before the first synth). */
  public get record(): SecurityRecord | undefined {
    return this.lastRecord;
  }

  /** Unsuppressed findings of the last check. */
  public get findings(): readonly SecurityFinding[] {
    return this.lastRecord?.findings ?? [];
  }

  /** Switches the pack off for this stack; the reason is recorded and reported. */
  public optOut(reason: string): void {
    optOutOfSecurityRules(this.stack, reason);
  }

  /**
   * The record element is the stack's last child, so the aspect reaches it after every other
   * construct (and every other aspect's visit to them): the check then sees the final tree.
   */
  private placeRecordLast(): void {
    const children = this.stack.node.children;
    if (this.recordElement && children[children.length - 1] === this.recordElement) return;
    if (this.recordElement) this.stack.node.tryRemoveChild(RECORD_ID);
    this.recordElement = new SecurityRecordElement(this.stack, RECORD_ID, this);
  }

  /** Runs every rule over the stack's synthesized JSON now, annotates the findings and returns the record. */
  public check(): SecurityRecord {
    const stack = this.stack;
    const optOut = stack.node.metadata.find((m) => m.type === OPT_OUT_METADATA)?.data as { reason: string } | undefined;
    const base = { rules: SECURITY_RULES.length, severityOverrides: Object.keys(this.severityOverrides).length > 0 ? this.severityOverrides : undefined };
    if (optOut) {
      annotateOnce(stack, "warning", `Security rules are switched off for stack ${stack.node.id}: ${optOut.reason}`);
      this.lastRecord = { status: "opted-out", optOutReason: optOut.reason, elements: 0, findings: [], suppressed: [], suppressions: [], ...base };
      return this.lastRecord;
    }

    const byPath = new Map<string, IConstruct>();
    // Outputs and variables are keyed by name in the JSON, without a construct path.
    const named = new Map<string, IConstruct>();
    const declared: DeclaredSuppression[] = [];
    for (const construct of stack.node.findAll()) {
      byPath.set(construct.node.path, construct);
      if (TerraformOutput.isTerraformOutput(construct)) named.set(`output.${construct.friendlyUniqueId}`, construct);
      else if (construct instanceof TerraformVariable) named.set(`var.${construct.friendlyUniqueId}`, construct);
      const own = declaredSuppressionsOf(construct);
      declared.push(...own);
      for (const s of own) {
        if (!RULE_IDS.has(s.ruleId)) {
          annotateOnce(construct, "warning", `suppressRule names the unknown rule "${s.ruleId}", so it suppresses nothing; the rules are listed in docs/security-rules.md`);
        }
      }
    }

    const elements = elementsOf(stack.toTerraform()).map((e): SynthesizedElement => {
      const construct = e.kind === "output" || e.kind === "variable" ? named.get(e.address) : e.path ? byPath.get(e.path) : undefined;
      if (!construct) return { ...e, path: stack.node.path };
      return {
        ...e,
        path: construct.node.path,
        takesTags: e.kind === "resource" ? "tagsInput" in construct : undefined,
        metadata: dmflowMetadata(construct),
      };
    });
    const context = buildContext(elements, { ...this.options, now: new Date() });

    const findings: SecurityFinding[] = [];
    const suppressed: SuppressedFinding[] = [];
    const matched = new Map<DeclaredSuppression, number>();
    const suppressionCache = new Map<string, DeclaredSuppression[]>();
    for (const element of elements) {
      const construct = byPath.get(element.path ?? "") ?? stack;
      for (const rule of ruleIndex(element.kind, element.type)) {
        const outcome = evaluateRule(rule, element, context);
        if (outcome.status === "compliant" || outcome.status === "not-applicable") continue;
        const finding: SecurityFinding = {
          ruleId: rule.id,
          mirrors: rule.mirrors,
          severity: outcome.status === "unknown" ? this.unverifiedSeverity : (this.severityOverrides[rule.id] ?? rule.severity),
          status: outcome.status === "unknown" ? "unverified" : "non-compliant",
          path: element.path ?? stack.node.path,
          address: element.address,
          problem: outcome.problem,
          fix: rule.fix,
        };
        let applicable = suppressionCache.get(construct.node.path);
        if (!applicable) suppressionCache.set(construct.node.path, (applicable = applicableSuppressionsOf(construct)));
        const suppression = applicable.find((s) => s.ruleId === rule.id);
        if (suppression) {
          const declaredOne = declared.find((d) => d.path === suppression.path && d.ruleId === suppression.ruleId && d.reason === suppression.reason)!;
          matched.set(declaredOne, (matched.get(declaredOne) ?? 0) + 1);
          suppressed.push({ ...finding, reason: suppression.reason, suppressedAt: suppression.path });
          continue;
        }
        findings.push(finding);
        annotateOnce(construct, finding.severity, formatFinding(finding));
      }
    }

    this.lastRecord = {
      status: "checked",
      elements: elements.length,
      findings,
      suppressed,
      suppressions: declared.map((d) => ({ ...d, matched: matched.get(d) ?? 0 })),
      ...base,
    };
    return this.lastRecord;
  }
}

/** Adds an annotation unless the construct already has the same message (synth may run twice). */
function annotateOnce(construct: IConstruct, severity: RuleSeverity, message: string): void {
  if (construct.node.metadata.some((m) => m.data === message)) return;
  if (severity === "error") Annotations.of(construct).addError(message);
  else Annotations.of(construct).addWarning(message);
}

/**
 * Applies the security rule pack to a stack: every synth checks each synthesized resource, data
 * source, output, provider, variable, local and the state backend against the rules listed in docs/security-rules.md.
 * A non-compliant element is an error annotation (synth fails, listing every finding), an
 * unverifiable one a warning; suppressions (`suppressRule`) and the findings are recorded in the
 * stack's synthesized metadata.
 * Calling it again on the same stack returns the pack already applied.
 */
export function applySecurityRules(stack: TerraformStack, options?: SecurityRulesOptions): SecurityRules {
  const existing = SecurityRules.of(stack);
  if (existing) {
    if (options !== undefined) {
      throw new Error(`${stack.node.path}: the security rules are already applied to this stack; pass the options to the first applySecurityRules call`);
    }
    return existing;
  }
  return SecurityRules.apply(stack, options ?? {});
}

/**
 * Switches the security rules off for one stack, with a written reason (recorded in the
 * synthesized metadata, annotated as a warning and listed by `npm run security:report`).
 * Call it before synth, before or after the pack is applied.
 */
export function optOutOfSecurityRules(stack: TerraformStack, reason: string): void {
  if (reason.trim().length < 10) {
    throw new Error(`${stack.node.path}: switching the security rules off needs a written reason (at least 10 characters)`);
  }
  if (stack.node.metadata.some((m) => m.type === OPT_OUT_METADATA)) return;
  stack.node.addMetadata(OPT_OUT_METADATA, { reason: reason.trim() });
}
