import {
  Annotations,
  Aspects,
  TerraformElement,
  TerraformOutput,
  type TerraformStack,
  TerraformVariable,
} from "../providers/cdktf";
import type { IAspect, IConstruct } from "../providers/cdktf";
import { PropChecks } from "../validation";
import { buildContext, elementsOf, evaluateElements } from "./engine";
import {
  formatFinding,
  SECURITY_RECORD_KEY,
  type SecurityFinding,
  type SecurityRecord,
  type SuppressedFinding,
} from "./findings";
import { OPT_OUT_METADATA, optOutReasonOf } from "./opt-out";
import { type ResolvedPackOptions, resolveOptions, type SecurityRulesOptions } from "./options";
import type { RuleSeverity, SynthesizedElement } from "./rule";
import { RULE_IDS, SECURITY_RULES } from "./rules";
import {
  applicableSuppressionsOf,
  declaredSuppressionsOf,
  type DeclaredSuppression,
  SUPPRESSION_METADATA,
} from "./suppress";

/** `dmflow:*` metadata (besides suppressions) of a construct and its ancestors; the nearest wins. */
function dmflowMetadata(construct: IConstruct): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  for (const scope of construct.node.scopes) {
    for (const entry of scope.node.metadata) {
      if (entry.type.startsWith("dmflow:") && entry.type !== SUPPRESSION_METADATA && entry.type !== OPT_OUT_METADATA) {
        found ??= {};
        found[entry.type] = entry.data;
      }
    }
  }
  return found;
}

/** Adds an annotation unless the construct already has the same message (synth may run twice). */
function annotateOnce(construct: IConstruct, severity: RuleSeverity, message: string): void {
  if (construct.node.metadata.some((m) => m.data === message)) return;
  if (severity === "error") Annotations.of(construct).addError(message);
  else Annotations.of(construct).addWarning(message);
}

/** The element that carries the pack's record into the synthesized JSON, and marks the end of the aspect pass. */
class SecurityRecordElement extends TerraformElement {
  constructor(
    scope: TerraformStack,
    id: string,
    private readonly pack: SecurityRules,
  ) {
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
  private readonly options: ResolvedPackOptions;
  private recordElement?: SecurityRecordElement;
  private lastRecord?: SecurityRecord;

  /** Use {@link applySecurityRules}. */
  private constructor(stack: TerraformStack, options: SecurityRulesOptions) {
    this.stack = stack;
    this.options = resolveOptions(stack.node.path, options);
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
    const severity = this.options.severity;
    const base = {
      rules: SECURITY_RULES.length,
      severityOverrides: Object.keys(severity).length > 0 ? severity : undefined,
    };
    const optOutReason = optOutReasonOf(stack);
    if (optOutReason !== undefined) {
      annotateOnce(stack, "warning", `Security rules are switched off for stack ${stack.node.id}: ${optOutReason}`);
      this.lastRecord = {
        status: "opted-out",
        optOutReason,
        elements: 0,
        findings: [],
        suppressed: [],
        suppressions: [],
        ...base,
      };
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
          annotateOnce(
            construct,
            "warning",
            `suppressRule names the unknown rule "${s.ruleId}", so it suppresses nothing; the rules are listed in docs/security-rules.md`,
          );
        }
      }
    }

    const elements = elementsOf(stack.toTerraform()).map((e): SynthesizedElement => {
      const construct =
        e.kind === "output" || e.kind === "variable" ? named.get(e.address) : e.path ? byPath.get(e.path) : undefined;
      if (!construct) return { ...e, path: stack.node.path };
      return {
        ...e,
        path: construct.node.path,
        takesTags: e.kind === "resource" ? "tagsInput" in construct : undefined,
        metadata: dmflowMetadata(construct),
      };
    });
    const context = buildContext(elements, { ...this.options.rules, now: new Date() });

    const findings: SecurityFinding[] = [];
    const suppressed: SuppressedFinding[] = [];
    const matched = new Map<DeclaredSuppression, number>();
    const suppressionCache = new Map<string, DeclaredSuppression[]>();
    for (const { element, finding } of evaluateElements(elements, context, this.options, stack.node.path)) {
      const construct = byPath.get(element.path ?? "") ?? stack;
      let applicable = suppressionCache.get(construct.node.path);
      if (!applicable) {
        applicable = applicableSuppressionsOf(construct);
        suppressionCache.set(construct.node.path, applicable);
      }
      const suppression = applicable.find((s) => s.ruleId === finding.ruleId);
      if (suppression) {
        const declaredOne = declared.find(
          (d) => d.path === suppression.path && d.ruleId === suppression.ruleId && d.reason === suppression.reason,
        )!;
        matched.set(declaredOne, (matched.get(declaredOne) ?? 0) + 1);
        suppressed.push({ ...finding, reason: suppression.reason, suppressedAt: suppression.path });
        continue;
      }
      findings.push(finding);
      annotateOnce(construct, finding.severity, formatFinding(finding));
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
      new PropChecks(stack).fail(
        "options",
        "given to the first applySecurityRules call only (the pack is already applied to this stack)",
        options,
      );
    }
    return existing;
  }
  return SecurityRules.apply(stack, options ?? {});
}
