/**
 * What the pack finds and records: findings, suppressed findings and the record kept in each
 * stack's synthesized metadata. No cdktf code here, so the report script can load it on its own.
 */
import type { RuleSeverity } from "./rule";
import type { DeclaredSuppression } from "./suppress";

/** Key of the pack's record in the stack's synthesized metadata (`"//".metadata.<key>` of cdk.tf.json). */
export const SECURITY_RECORD_KEY = "dmflowSecurity";

/** One rule's verdict on one element that is not compliant, or that could not be verified. */
export interface SecurityFinding {
  readonly ruleId: string;
  readonly mirrors: readonly string[];
  /** Checkov/Trivy ids that report this element too (what an accepted finding exports to their ignore files). */
  readonly reportedBy?: readonly string[];
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

/** One synthesized stack and what the rule pack recorded for it (undefined: the pack was not applied). */
export interface StackSecurityReport {
  readonly stack: string;
  readonly record?: SecurityRecord;
}

/** The message of a finding, as annotated (cdktf prefixes the construct path). */
export function formatFinding(f: SecurityFinding): string {
  const mirrors = f.mirrors.length > 0 ? ` (${f.mirrors.join(", ")})` : "";
  const verdict = f.status === "unverified" ? "cannot be verified at synth: " : "";
  return `${f.ruleId}${mirrors} ${f.address}: ${verdict}${f.problem}. Fix: ${f.fix} Or suppressRule(scope, "${f.ruleId}", "<reason>").`;
}
