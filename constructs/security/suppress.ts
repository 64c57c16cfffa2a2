import type { IConstruct } from "../providers/cdktf";
import { PropChecks } from "../validation";

/** Metadata type under which suppressions are recorded in the synthesized JSON. */
export const SUPPRESSION_METADATA = "dmflow:suppression";

/** A rule switched off for one construct (and everything under it), with the reason why. */
export interface RuleSuppression {
  /** Our rule id, e.g. "DMF-FUNC-PUBLIC-ACCESS". */
  readonly ruleId: string;
  /** Why the finding does not apply here, and the compensating control. */
  readonly reason: string;
}

/**
 * Suppresses one security rule for a construct and its children. The reason is mandatory and is
 * recorded in the construct's metadata, so it shows up in the synthesized JSON and the report.
 */
export function suppressRule(scope: IConstruct, ruleId: string, reason: string): void {
  const checks = new PropChecks(scope);
  if (typeof ruleId !== "string" || !/^DMF-[A-Z0-9-]+$/.test(ruleId))
    checks.fail("ruleId", 'a rule id like "DMF-FUNC-PUBLIC-ACCESS"', ruleId);
  if (typeof reason !== "string" || reason.trim().length < 10) {
    checks.fail(
      "reason",
      `a written reason why ${ruleId} does not apply here and what compensates (at least 10 characters)`,
      reason,
    );
  }
  scope.node.addMetadata(SUPPRESSION_METADATA, { ruleId, reason: reason.trim() } satisfies RuleSuppression);
}

/** The suppressions that apply to a construct: its own and those of its ancestors. */
export function suppressionsOf(scope: IConstruct): RuleSuppression[] {
  return scope.node.scopes.flatMap((c) =>
    c.node.metadata.filter((m) => m.type === SUPPRESSION_METADATA).map((m) => m.data as RuleSuppression),
  );
}

/** A suppression with the construct it was declared on. */
export interface DeclaredSuppression extends RuleSuppression {
  /** Construct path of the construct suppressRule was called on. */
  readonly path: string;
}

/** The suppressions declared on a construct itself (not its ancestors). */
export function declaredSuppressionsOf(scope: IConstruct): DeclaredSuppression[] {
  return scope.node.metadata
    .filter((m) => m.type === SUPPRESSION_METADATA)
    .map((m) => ({ ...(m.data as RuleSuppression), path: scope.node.path }));
}

/** The suppressions that apply to a construct, each with the construct it was declared on. */
export function applicableSuppressionsOf(scope: IConstruct): DeclaredSuppression[] {
  return scope.node.scopes.flatMap(declaredSuppressionsOf);
}
