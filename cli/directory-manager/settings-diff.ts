/**
 * What differs between Directory Manager and the stack, field by field: the identity store's
 * Power Automate settings (the fields of the documented Workflows/MsFlow/Settings shape) and each
 * workflow route (route-diff.ts). Pure: no I/O, no printing.
 */
import type { MsFlowSettings, WorkflowRoute } from "./directory-manager-api";
import { diffRoutes, type DesiredRoute, type RouteDiff } from "./route-diff";

export { sameRequestUrl, type RouteDiff, type RouteState } from "./route-diff";

/** The settings fields the stack decides, by their API names, with the Admin Center labels. */
export const SETTINGS_FIELDS = {
  organizationalCode: "Organization Code",
  region: "Region",
  tenantID: "Tenant ID",
  groupIDServiceUrl: "Proxy Callback URL",
} as const;
export type SettingsField = keyof typeof SETTINGS_FIELDS;

export interface DesiredState {
  /** groupIDServiceUrl only when flowEnvironment.groupIDServiceUrl names it. */
  readonly settings: Readonly<Omit<Record<SettingsField, string>, "groupIDServiceUrl">> & {
    readonly groupIDServiceUrl?: string;
  };
  /** False for outputs of an older version, whose groupIDServiceUrl was derived from the server, not configured. */
  readonly callbackUrlConfigured: boolean;
  /** The app registration's client id: set in Admin Center → Register Client, not through the API. */
  readonly clientId: string;
  readonly identityStoreId: number;
  readonly routes: readonly DesiredRoute[];
}

/**
 * same; differs (written by --apply); unreadable: the answer has no such field, so it cannot be
 * confirmed; unmanaged: the stack names no value (kept as is); kept: the current value is not
 * replaced, because the config does not name the stack's value (see `reason`).
 */
export type FieldState = "same" | "differs" | "unreadable" | "unmanaged" | "kept";
export interface FieldDiff {
  readonly field: SettingsField;
  readonly label: string;
  readonly current?: string;
  readonly desired?: string;
  readonly state: FieldState;
  readonly reason?: string;
}

/** The Client ID, which the documented shape does not carry: compared only when a server returns it. */
export interface ClientIdDiff {
  readonly desired: string;
  readonly current?: string;
  readonly state: "same" | "differs" | "unreadable";
}

export interface SettingsDiff {
  /** Whether the identity store has Power Automate settings (msFlowID above 0; 0 with empty fields is none). */
  readonly registered: boolean;
  /** The settings' isAuthenticated; undefined when the answer has no such boolean (unknown). */
  readonly authenticated?: boolean;
  readonly fields: readonly FieldDiff[];
  readonly clientId: ClientIdDiff;
  readonly routes: readonly RouteDiff[];
}

const lower = (v: string) => v.trim().toLowerCase();
/** URLs: scheme and host in any case, a trailing slash aside; the path's case is kept (a proxy may care). */
function sameUrl(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a.trim()), new URL(b.trim())];
    const path = (u: URL) => u.pathname.replace(/\/+$/, "");
    return x.origin === y.origin && path(x) === path(y) && x.search === y.search;
  } catch {
    return a.trim() === b.trim();
  }
}
const SAME: Record<SettingsField, (a: string, b: string) => boolean> = {
  organizationalCode: (a, b) => lower(a) === lower(b),
  region: (a, b) => lower(a) === lower(b),
  tenantID: (a, b) => lower(a) === lower(b),
  groupIDServiceUrl: sameUrl,
};

/** A path or port: the shape the docs give this URL (Data Service path, reverse proxy port). */
function hasPathOrPort(value: string): boolean {
  try {
    const url = new URL(value);
    return url.port !== "" || url.pathname.replace(/\/+$/, "") !== "";
  } catch {
    return false;
  }
}

/** True when the documented settings have a value: msFlowID 0 with empty fields is "not registered". */
export function isRegistered(current: MsFlowSettings | undefined): boolean {
  if (!current) return false;
  if (typeof current.msFlowID === "number") return current.msFlowID > 0;
  return (Object.keys(SETTINGS_FIELDS) as SettingsField[]).some((f) => (current[f] ?? "") !== "");
}

function diffField(desired: DesiredState, current: MsFlowSettings | undefined, field: SettingsField): FieldDiff {
  const wanted = desired.settings[field];
  const base = { field, label: SETTINGS_FIELDS[field], ...(wanted === undefined ? {} : { desired: wanted }) };
  const read = current?.[field];
  const value = typeof read === "string" && read !== "" ? read : undefined;
  const withCurrent = value === undefined ? base : { ...base, current: value };
  if (wanted === undefined)
    return {
      ...withCurrent,
      state: "unmanaged",
      reason: "flowEnvironment.groupIDServiceUrl is not set, so dmflow leaves this field alone",
    };
  if (current && isRegistered(current) && !(field in current)) return { ...base, state: "unreadable" };
  if (value !== undefined && SAME[field](value, wanted)) return { ...withCurrent, state: "same" };
  if (field === "groupIDServiceUrl" && value !== undefined && !desired.callbackUrlConfigured)
    return {
      ...withCurrent,
      state: "kept",
      reason:
        "the stack's value was derived from directoryManagerServer by an older version; name the URL in flowEnvironment.groupIDServiceUrl to write it",
    };
  if (field === "groupIDServiceUrl" && value !== undefined && hasPathOrPort(value))
    return {
      ...withCurrent,
      state: "differs",
      reason: `the current URL has a path or port; it is replaced only because flowEnvironment.groupIDServiceUrl names ${wanted}`,
    };
  return { ...withCurrent, state: "differs" };
}

function diffClientId(desired: DesiredState, current: MsFlowSettings | undefined): ClientIdDiff {
  // Not in the documented shape; a server that does return it is compared (either spelling).
  const read = current?.clientID ?? current?.clientId;
  if (typeof read !== "string" || read === "") return { desired: desired.clientId, state: "unreadable" };
  return {
    desired: desired.clientId,
    current: read,
    state: lower(read) === lower(desired.clientId) ? "same" : "differs",
  };
}

export function diffSettings(
  desired: DesiredState,
  current: MsFlowSettings | undefined,
  routes: readonly WorkflowRoute[],
): SettingsDiff {
  const fields = (Object.keys(SETTINGS_FIELDS) as SettingsField[]).map((f) => diffField(desired, current, f));
  const authenticated = typeof current?.isAuthenticated === "boolean" ? current.isAuthenticated : undefined;
  return {
    registered: isRegistered(current),
    ...(authenticated === undefined ? {} : { authenticated }),
    fields,
    clientId: diffClientId(desired, current),
    routes: diffRoutes(desired.routes, routes),
  };
}

/** What --apply would write: settings fields and routes that differ (unreadable fields alone never start a write). */
export function pendingWrites(diff: SettingsDiff): {
  readonly fields: readonly FieldDiff[];
  readonly routes: readonly RouteDiff[];
} {
  return {
    fields: diff.fields.filter((f) => f.state === "differs" || (!diff.registered && f.desired !== undefined)),
    routes: diff.routes.filter((r) => r.state === "differs"),
  };
}

/** True when nothing the API shows differs and no route is missing. */
export function inSync(diff: SettingsDiff): boolean {
  const pending = pendingWrites(diff);
  return (
    diff.registered &&
    pending.fields.length === 0 &&
    pending.routes.length === 0 &&
    diff.clientId.state !== "differs" &&
    !diff.routes.some((r) => r.state === "missing")
  );
}

/** Fields the stack names that the API did not return: they cannot be confirmed. */
export function unconfirmed(diff: SettingsDiff): readonly FieldDiff[] {
  return diff.fields.filter((f) => f.state === "unreadable");
}

/**
 * The settings body to write, exactly the documented keys (configurepowerautomate.md,
 * updatepowerautomatesettings.md): what was read, with the stack's values. No Client ID or
 * Client Secret: the documented shape has neither (they are set in Admin Center → Register Client).
 */
export function settingsToWrite(desired: DesiredState, current: MsFlowSettings | undefined): Record<string, unknown> {
  const registered = isRegistered(current);
  const managed = Object.fromEntries(
    Object.entries(desired.settings).filter(([field, value]) => {
      if (value === undefined) return false;
      // A kept callback URL is never overwritten.
      return !(field === "groupIDServiceUrl" && current?.groupIDServiceUrl && !desired.callbackUrlConfigured);
    }),
  );
  return {
    msFlowID: registered ? current?.msFlowID : 0,
    // Inferred: in every sample msFlowUserID equals tenantID; isAuthenticated is never claimed.
    msFlowUserID: current?.msFlowUserID ?? desired.settings.tenantID,
    groupIDServiceUrl: current?.groupIDServiceUrl ?? null,
    identityStoreID: desired.identityStoreId,
    isAuthenticated: current?.isAuthenticated ?? false,
    organizationalCode: current?.organizationalCode ?? null,
    region: current?.region ?? null,
    tenantID: current?.tenantID ?? null,
    ...managed,
  };
}
