/**
 * How results read: a settings diff as aligned lines (= same, ~ differs, ? cannot be confirmed,
 * ! missing or kept, - not managed), and each verify check as one ✓/✗ line with its evidence and, when it
 * fails, the fix. The JSON report carries the same content.
 */
import { routeTruth } from "./directory-manager/route-diff";
import type { FieldDiff, RouteDiff, SettingsDiff } from "./directory-manager/settings-diff";

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
  const why = f.reason ? ` (${f.reason})` : "";
  switch (f.state) {
    case "same":
      return `  = ${label}  ${f.desired}`;
    case "differs":
      return `  ~ ${label}  ${shown(f.current)} → ${f.desired}${why}`;
    case "unreadable":
      return `  ? ${label}  ${f.desired} (not in Directory Manager's answer: cannot be confirmed; check it in Admin Center)`;
    case "unmanaged":
      return `  - ${label}  ${shown(f.current)}${why}`;
    case "kept":
      return `  ! ${label}  ${shown(f.current)} kept, not replaced by ${f.desired}${why}`;
  }
}

function clientIdLine(diff: SettingsDiff, width: number): string {
  const label = "Client ID".padEnd(width);
  const { clientId } = diff;
  if (clientId.state === "same") return `  = ${label}  ${clientId.desired} (returned by this server)`;
  if (clientId.state === "differs")
    return `  ! ${label}  ${clientId.current}, the stack's is ${clientId.desired}: change it in Admin Center → Register Client`;
  return `  ? ${label}  ${clientId.desired} (not in the 11.1 API, nor the Client Secret: set and check both in Admin Center → Register Client)`;
}

function routeLine(r: RouteDiff, width: number): string[] {
  const name = r.displayName.padEnd(width);
  const truth = r.state === "missing" ? [] : [`      ${routeTruth(r)}`];
  switch (r.state) {
    case "same":
      return [`  = ${name}  ${r.desired}`, ...truth];
    case "differs":
      if (r.current !== undefined && withoutQuery(r.current) === withoutQuery(r.desired))
        return [`  ~ ${name}  ${r.desired} (same URL, another function key)`, ...truth];
      return [`  ~ ${name}  ${shown(r.current)} → ${r.desired}`, ...truth];
    case "missing":
      return [
        `  ! ${name}  no workflow route of this name in Directory Manager: create it in Admin Center, then run again`,
      ];
    case "unmanaged":
      return [`  - ${name}  not managed: the stack has no relay URL for route "${r.routeKey}"`, ...truth];
  }
}

export function diffLines(diff: SettingsDiff, identityStoreId: number): string[] {
  const auth = diff.authenticated === undefined ? "isAuthenticated unknown" : `isAuthenticated ${diff.authenticated}`;
  const state = !diff.registered ? "not registered yet" : `registered, ${auth}`;
  const width = Math.max(
    "Client ID".length,
    ...diff.fields.map((f) => f.label.length),
    ...diff.routes.map((r) => r.displayName.length),
  );
  return [
    `Power Automate settings of identity store ${identityStoreId} (${state})`,
    ...diff.fields.map((f) => fieldLine(f, width)),
    clientIdLine(diff, width),
    "Workflow routes (Microsoft Flow Request URL; flow template and msFlowToken as the API shows them)",
    ...diff.routes.flatMap((r) => routeLine(r, width)),
  ];
}

/** The diff as plain data for --json (URLs masked on output like every other line). */
export function diffJson(diff: SettingsDiff): unknown {
  return {
    registered: diff.registered,
    authenticated: diff.authenticated ?? null,
    settings: diff.fields.map(({ field, label, current, desired, state, reason }) => ({
      field,
      label,
      current: current ?? null,
      desired: desired ?? null,
      state,
      ...(reason ? { reason } : {}),
    })),
    clientId: { current: diff.clientId.current ?? null, desired: diff.clientId.desired, state: diff.clientId.state },
    routes: diff.routes.map(({ routeKey, displayName, state, current, desired, templateCreated, tokenPresent }) => ({
      routeKey,
      displayName,
      state,
      current: current ?? null,
      desired: desired ?? null,
      templateCreated: templateCreated ?? null,
      tokenPresent: tokenPresent ?? null,
    })),
  };
}
