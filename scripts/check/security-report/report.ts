import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
// findings.ts holds no cdktf code: the report reads synthesized JSON and never loads cdktf.
import {
  SECURITY_RECORD_KEY,
  type SecurityFinding,
  type SecurityRecord,
  type StackSecurityReport,
  type SuppressedFinding,
} from "../../../constructs/security/findings";

export type { StackSecurityReport } from "../../../constructs/security/findings";

/** Reads every stack in a cdktf output folder (its manifest.json) and the pack's record of each. */
export function readSecurityReports(outdir: string): StackSecurityReport[] {
  const manifestPath = join(outdir, "manifest.json");
  if (!existsSync(manifestPath)) {
    throw new Error(
      `${manifestPath} does not exist: synthesize first (npx cdktf synth), or run the report without --from`,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  return Object.entries(manifest.stacks).map(([stack, entry]) => {
    const json = JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), "utf8")) as {
      "//"?: { metadata?: Record<string, unknown> };
    };
    return { stack, record: json["//"]?.metadata?.[SECURITY_RECORD_KEY] as SecurityRecord | undefined };
  });
}

/** Report rows: every finding and suppressed finding, failures first. */
export interface ReportRow {
  readonly stack: string;
  readonly status: "FAIL" | "WARN" | "UNVERIFIED" | "SUPPRESSED";
  readonly finding: SecurityFinding | SuppressedFinding;
}

const ORDER = { FAIL: 0, WARN: 1, UNVERIFIED: 2, SUPPRESSED: 3 } as const;

export function reportRows(reports: readonly StackSecurityReport[]): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const { stack, record } of reports) {
    for (const f of record?.findings ?? []) {
      rows.push({
        stack,
        status: f.status === "unverified" ? "UNVERIFIED" : f.severity === "error" ? "FAIL" : "WARN",
        finding: f,
      });
    }
    for (const f of record?.suppressed ?? []) rows.push({ stack, status: "SUPPRESSED", finding: f });
  }
  return rows.sort(
    (a, b) =>
      ORDER[a.status] - ORDER[b.status] ||
      a.stack.localeCompare(b.stack) ||
      a.finding.path.localeCompare(b.finding.path),
  );
}

/** True when some stack has an unsuppressed error finding (synth fails on it). */
export function hasFailures(reports: readonly StackSecurityReport[]): boolean {
  return reports.some((r) => (r.record?.findings ?? []).some((f) => f.severity === "error"));
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ].join("\n");
}

/** The report as Markdown: per stack status, a table of findings and suppressed findings, and a table of suppressions. */
export function formatSecurityReport(reports: readonly StackSecurityReport[]): string {
  const lines: string[] = ["# Security rules report", ""];
  for (const { stack, record } of reports) {
    if (!record) lines.push(`- **${stack}**: the security rule pack is not applied to this stack`);
    else if (record.status === "opted-out") lines.push(`- **${stack}**: rules switched off: ${record.optOutReason}`);
    else {
      const errors = record.findings.filter((f) => f.severity === "error").length;
      lines.push(
        `- **${stack}**: ${record.rules} rules over ${record.elements} elements: ${errors} failing, ` +
          `${record.findings.length - errors} warnings or unverified, ${record.suppressed.length} suppressed`,
      );
    }
  }
  const rows = reportRows(reports);
  lines.push("", "## Findings", "");
  lines.push(
    rows.length === 0
      ? "No findings."
      : table(
          ["Stack", "Status", "Rule", "Mirrors", "Severity", "Construct", "Address", "Detail"],
          rows.map(({ stack, status, finding: f }) => [
            stack,
            status,
            f.ruleId,
            f.mirrors.join(", ") || "-",
            f.severity,
            f.path,
            f.address,
            "reason" in f ? `${f.problem}. Suppressed: ${f.reason}` : `${f.problem}. Fix: ${f.fix}`,
          ]),
        ),
  );
  const suppressions = reports.flatMap(({ stack, record }) =>
    (record?.suppressions ?? []).map((s) => ({ stack, ...s })),
  );
  lines.push("", "## Suppressions", "");
  lines.push(
    suppressions.length === 0
      ? "No suppressions."
      : table(
          ["Stack", "Rule", "Declared on", "Findings suppressed", "Reason"],
          suppressions.map((s) => [
            s.stack,
            s.ruleId,
            s.path,
            s.matched === 0 ? "0 (unused)" : String(s.matched),
            s.reason,
          ]),
        ),
  );
  return `${lines.join("\n")}\n`;
}

// The scanners' ignore files, for the report script (one bundle).
export {
  acceptedFindings,
  checkovConfig,
  CHECKOV_CONFIG_FILE,
  trivyIgnore,
  TRIVY_IGNORE_FILE,
} from "./scanner-ignores";
