/**
 * How results read: a settings diff as aligned lines (= same, ~ differs, ? cannot be read,
 * ! missing, - not managed), and each verify check as one ✓/✗ line with its evidence and, when it
 * fails, the fix. The JSON report carries the same content.
 */
import type { FieldDiff, RouteDiff, SettingsDiff } from "./settings-diff";

export type CheckStatus = "pass" | "fail" | "skip";

export interface CheckResult {
  /** Stable id for pipelines, e.g. "relay-health". */
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** What was seen: one line each. */
  readonly evidence: readonly string[];
  /** What to do, when the check fails. */
  readonly fix?: string;
}

const MARK: Record<CheckStatus, string> = { pass: "✓", fail: "✗", skip: "-" };

export function checkLines(result: CheckResult): string[] {
  const [first, ...rest] = result.evidence;
  const lines = [`${MARK[result.status]} ${result.title}${first ? `: ${first}` : ""}`, ...rest.map((e) => `    ${e}`)];
  if (result.status === "fail" && result.fix) lines.push(`    fix: ${result.fix}`);
  return lines;
}

const shown = (value: string | undefined) => (value === undefined || value === "" ? "(not set)" : value);
/** The URL without its query: two route URLs that differ only there differ in the function key. */
const withoutQuery = (value: string | undefined) => value?.split("?")[0];

function fieldLine(f: FieldDiff, width: number): string {
  const label = f.label.padEnd(width);
  switch (f.state) {
    case "same":
      return `  = ${label}  ${f.desired}`;
    case "differs":
      return `  ~ ${label}  ${shown(f.current)} → ${f.desired}`;
    case "unreadable":
      return `  ? ${label}  ${f.desired} (the API does not return it; check it in Admin Center, or write it with --apply --push-client-secret)`;
  }
}

function routeLine(r: RouteDiff, width: number): string {
  const name = r.displayName.padEnd(width);
  switch (r.state) {
    case "same":
      return `  = ${name}  ${r.desired}`;
    case "differs":
      if (r.current !== undefined && withoutQuery(r.current) === withoutQuery(r.desired))
        return `  ~ ${name}  ${r.desired} (same URL, another function key)`;
      return `  ~ ${name}  ${shown(r.current)} → ${r.desired}`;
    case "missing":
      return `  ! ${name}  no workflow route of this name in Directory Manager: create it in Admin Center, then run again`;
    case "unmanaged":
      return `  - ${name}  not managed: the stack has no relay URL for route "${r.routeKey}"`;
  }
}

export function diffLines(diff: SettingsDiff, identityStoreId: number): string[] {
  const state = !diff.registered
    ? "not registered yet"
    : diff.authenticated === false
      ? "registered, not authenticated"
      : "registered";
  const width = Math.max(...diff.fields.map((f) => f.label.length), ...diff.routes.map((r) => r.displayName.length));
  return [
    `Power Automate settings of identity store ${identityStoreId} (${state})`,
    ...diff.fields.map((f) => fieldLine(f, width)),
    "Workflow routes (Microsoft Flow Request URL)",
    ...diff.routes.map((r) => routeLine(r, width)),
  ];
}

/** The diff as plain data for --json (URLs masked on output like every other line). */
export function diffJson(diff: SettingsDiff): unknown {
  return {
    registered: diff.registered,
    authenticated: diff.authenticated ?? null,
    settings: diff.fields.map(({ field, label, current, desired, state }) => ({
      field,
      label,
      current: current ?? null,
      desired,
      state,
    })),
    routes: diff.routes.map(({ routeKey, displayName, state, current, desired }) => ({
      routeKey,
      displayName,
      state,
      current: current ?? null,
      desired: desired ?? null,
    })),
  };
}
