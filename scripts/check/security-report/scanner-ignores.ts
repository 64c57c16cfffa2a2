/**
 * The pack's accepted findings (suppressed, with a reason) as the ignore files Checkov and Trivy
 * read, so a pipeline that scans the synth output with either gets the package's verdict. Only the
 * ids a scanner would report on an accepted finding (its `reportedBy`) are listed, each with the
 * resources and reasons as comments. Both scanners skip by id for the whole folder, while the pack
 * decides per resource: a new resource failing an accepted id is caught by the pack, not by them.
 * No cdktf code here: the report script loads it on its own.
 */
import type { StackSecurityReport } from "../../../constructs/security/findings";

/** File names, in the synth output folder. */
export const CHECKOV_CONFIG_FILE = ".checkov.yaml";
export const TRIVY_IGNORE_FILE = ".trivyignore";

/** One accepted finding under one scanner id. */
export interface AcceptedFinding {
  readonly id: string;
  readonly stack: string;
  readonly address: string;
  readonly ruleId: string;
  readonly reason: string;
}

/** Every (scanner id, accepted finding) pair of the reports, sorted by id, stack and address. */
export function acceptedFindings(reports: readonly StackSecurityReport[]): AcceptedFinding[] {
  const found: AcceptedFinding[] = [];
  for (const { stack, record } of reports) {
    if (record?.status !== "checked") continue;
    for (const f of record.suppressed) {
      for (const id of f.reportedBy ?? [])
        found.push({ id, stack, address: f.address, ruleId: f.ruleId, reason: f.reason });
    }
  }
  return found.sort(
    (a, b) => a.id.localeCompare(b.id) || a.stack.localeCompare(b.stack) || a.address.localeCompare(b.address),
  );
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/** Ids in order, each with the comment lines of its accepted findings. */
function grouped(found: readonly AcceptedFinding[]): [string, string[]][] {
  const byId = new Map<string, string[]>();
  for (const f of found) {
    const lines = byId.get(f.id) ?? [];
    lines.push(`${f.stack}: ${f.address} (${f.ruleId}): ${oneLine(f.reason)}`);
    byId.set(f.id, lines);
  }
  return [...byId.entries()];
}

const HEADER = [
  "Written by `npm run security:report` from the security rule pack's accepted findings (suppressions with reasons);",
  "see docs/security-rules.md. Regenerated on every run: change the suppressions, not this file.",
];

/** `.checkov.yaml`: a skip-check list of the accepted Checkov ids. */
export function checkovConfig(reports: readonly StackSecurityReport[]): string {
  const checks = grouped(acceptedFindings(reports).filter((f) => f.id.startsWith("CKV")));
  const lines = HEADER.map((l) => `# ${l}`);
  if (checks.length === 0) return [...lines, "skip-check: []", ""].join("\n");
  lines.push("skip-check:");
  for (const [id, comments] of checks) lines.push(...comments.map((c) => `  # ${c}`), `  - ${id}`);
  return `${lines.join("\n")}\n`;
}

/** `.trivyignore`: the accepted Trivy ids, each after its comments. */
export function trivyIgnore(reports: readonly StackSecurityReport[]): string {
  const checks = grouped(acceptedFindings(reports).filter((f) => f.id.startsWith("AVD-")));
  const lines = HEADER.map((l) => `# ${l}`);
  for (const [id, comments] of checks) lines.push(...comments.map((c) => `# ${c}`), id);
  return `${lines.join("\n")}\n`;
}
