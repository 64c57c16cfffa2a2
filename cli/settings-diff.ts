/**
 * What differs between Directory Manager and the stack, field by field: the identity store's
 * Power Automate settings and each workflow route's request URL. Pure: no I/O, no printing.
 */
import type { MsFlowSettings, WorkflowRoute } from "./directory-manager-api";

/** The settings fields the stack decides, by their API names, with the Admin Center labels. */
export const SETTINGS_FIELDS = {
  organizationalCode: "Organization Code",
  region: "Region",
  tenantID: "Tenant ID",
  clientID: "Client ID",
  groupIDServiceUrl: "Service URL",
} as const;
export type SettingsField = keyof typeof SETTINGS_FIELDS;

export interface DesiredState {
  readonly settings: Readonly<Record<SettingsField, string>>;
  readonly identityStoreId: number;
  /** Each route with the URL Directory Manager should call; undefined without a relay. */
  readonly routes: readonly { readonly routeKey: string; readonly displayName: string; readonly requestUrl?: string }[];
}

/** same; differs; unreadable: the API did not return the field (the Client ID, see docs/cli.md). */
export type FieldState = "same" | "differs" | "unreadable";
export interface FieldDiff {
  readonly field: SettingsField;
  readonly label: string;
  readonly current?: string;
  readonly desired: string;
  readonly state: FieldState;
}

/** missing: no route of that name in Directory Manager; unmanaged: the stack has no relay URL for it. */
export type RouteState = "same" | "differs" | "missing" | "unmanaged";
export interface RouteDiff {
  readonly routeKey: string;
  readonly displayName: string;
  readonly state: RouteState;
  readonly current?: string;
  readonly desired?: string;
  /** The route as Directory Manager returned it, to write back with the new URL. */
  readonly route?: WorkflowRoute;
}

export interface SettingsDiff {
  /** Whether the identity store has Power Automate settings at all. */
  readonly registered: boolean;
  /** The settings' isAuthenticated: false until someone clicks Authenticate in Admin Center. */
  readonly authenticated?: boolean;
  readonly fields: readonly FieldDiff[];
  readonly routes: readonly RouteDiff[];
}

const lower = (v: string) => v.trim().toLowerCase();
const url = (v: string) => lower(v).replace(/\/+$/, "");
/** Two request URLs are the same when host, path and decoded query agree (`code=a%3D%3D` is `code=a==`). */
export function sameRequestUrl(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    const query = (u: URL) => JSON.stringify([...u.searchParams].sort(([k1], [k2]) => k1.localeCompare(k2)));
    return x.origin === y.origin && x.pathname === y.pathname && query(x) === query(y);
  } catch {
    return a === b;
  }
}

const SAME: Record<SettingsField, (v: string) => string> = {
  organizationalCode: lower,
  region: lower,
  tenantID: lower,
  clientID: lower,
  groupIDServiceUrl: url,
};

/** A field as read; the Client ID's name in the answer is inferred (the 11.1 samples omit it). */
function readField(current: MsFlowSettings, field: SettingsField): string | undefined {
  const value = field === "clientID" ? (current.clientID ?? current.clientId) : current[field];
  return typeof value === "string" ? value : undefined;
}

export function diffSettings(
  desired: DesiredState,
  current: MsFlowSettings | undefined,
  routes: readonly WorkflowRoute[],
): SettingsDiff {
  const fields = (Object.keys(SETTINGS_FIELDS) as SettingsField[]).map((field): FieldDiff => {
    const wanted = desired.settings[field];
    const base = { field, label: SETTINGS_FIELDS[field], desired: wanted };
    if (!current) return { ...base, state: "differs" };
    const value = readField(current, field);
    if (value === undefined && field === "clientID") return { ...base, state: "unreadable" };
    const state = value !== undefined && SAME[field](value) === SAME[field](wanted) ? "same" : "differs";
    return { ...base, current: value ?? undefined, state };
  });
  const byName = new Map<string, WorkflowRoute>();
  for (const route of routes) if (!byName.has(lower(route.name))) byName.set(lower(route.name), route);
  const routeDiffs = desired.routes.map((wanted): RouteDiff => {
    const base = { routeKey: wanted.routeKey, displayName: wanted.displayName };
    const route = byName.get(lower(wanted.displayName));
    if (!route) return { ...base, state: "missing", desired: wanted.requestUrl };
    const current = route.msFlowRequestUrl ?? undefined;
    if (wanted.requestUrl === undefined) return { ...base, state: "unmanaged", current, route };
    const same = current !== undefined && sameRequestUrl(current, wanted.requestUrl);
    return { ...base, state: same ? "same" : "differs", current, desired: wanted.requestUrl, route };
  });
  return { registered: current !== undefined, authenticated: current?.isAuthenticated, fields, routes: routeDiffs };
}

/** What --apply would write: settings fields and routes that differ. */
export function pendingWrites(diff: SettingsDiff): {
  readonly fields: readonly FieldDiff[];
  readonly routes: readonly RouteDiff[];
} {
  return {
    fields: diff.fields.filter((f) => f.state === "differs"),
    routes: diff.routes.filter((r) => r.state === "differs"),
  };
}

/** True when nothing differs and no route is missing. */
export function inSync(diff: SettingsDiff): boolean {
  const pending = pendingWrites(diff);
  return pending.fields.length === 0 && pending.routes.length === 0 && !diff.routes.some((r) => r.state === "missing");
}

/** The settings body to write: what was read (kept as is), with the stack's values and the client secret. */
export function settingsToWrite(
  desired: DesiredState,
  current: MsFlowSettings | undefined,
  clientSecret: string,
): Record<string, unknown> {
  return {
    ...(current ?? { msFlowID: 0, isAuthenticated: false }),
    ...desired.settings,
    identityStoreID: desired.identityStoreId,
    // Inferred field name: the 11.1 console asks for a client secret; the API samples do not show it.
    clientSecret,
  };
}
