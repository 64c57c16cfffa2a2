/**
 * Each workflow route the stack owns against the route Directory Manager holds: its request URL
 * (the one field dmflow writes), and what only the console does, as far as the API shows it:
 * the flow template created (isMsFlowTemplateRouteCreated) and the flow token present (msFlowToken).
 * Fields from allwfroutes.md's sample; a missing boolean is unknown, not "no".
 */
import type { WorkflowRoute } from "./directory-manager-api";

export interface DesiredRoute {
  readonly routeKey: string;
  readonly displayName: string;
  /** The URL Directory Manager should call; undefined without a relay. */
  readonly requestUrl?: string;
}

/** missing: no route of that name in Directory Manager; unmanaged: the stack has no relay URL for it. */
export type RouteState = "same" | "differs" | "missing" | "unmanaged";
export interface RouteDiff {
  readonly routeKey: string;
  readonly displayName: string;
  readonly state: RouteState;
  readonly current?: string;
  readonly desired?: string;
  /** isMsFlowTemplateRouteCreated as read; undefined when the answer has no such boolean. */
  readonly templateCreated?: boolean;
  /** Whether msFlowToken has a value; undefined when the answer has no such field. */
  readonly tokenPresent?: boolean;
  /** The route as Directory Manager returned it, to write back with the new URL. */
  readonly route?: WorkflowRoute;
}

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

const byName = (name: string) => name.trim().toLowerCase();

export function diffRoutes(desired: readonly DesiredRoute[], routes: readonly WorkflowRoute[]): RouteDiff[] {
  const named = new Map<string, WorkflowRoute>();
  for (const route of routes) if (!named.has(byName(route.name))) named.set(byName(route.name), route);
  return desired.map((wanted): RouteDiff => {
    const base = { routeKey: wanted.routeKey, displayName: wanted.displayName };
    const route = named.get(byName(wanted.displayName));
    if (!route) return { ...base, state: "missing", ...(wanted.requestUrl ? { desired: wanted.requestUrl } : {}) };
    const current = route.msFlowRequestUrl ?? undefined;
    const truth = {
      ...(typeof route.isMsFlowTemplateRouteCreated === "boolean"
        ? { templateCreated: route.isMsFlowTemplateRouteCreated }
        : {}),
      ...("msFlowToken" in route
        ? { tokenPresent: typeof route.msFlowToken === "string" && route.msFlowToken !== "" }
        : {}),
      route,
    };
    if (wanted.requestUrl === undefined) return { ...base, state: "unmanaged", current, ...truth };
    const same = current !== undefined && sameRequestUrl(current, wanted.requestUrl);
    return { ...base, state: same ? "same" : "differs", current, desired: wanted.requestUrl, ...truth };
  });
}

/** What is still missing on a route for it to work, in the console's words; empty when set up. */
export function routeGaps(route: RouteDiff): string[] {
  if (route.state === "missing") return ["not in Directory Manager"];
  const gaps: string[] = [];
  const unset = (route.current ?? "") === "";
  if (route.state === "differs") gaps.push(unset ? "request URL not set" : "request URL differs");
  if (route.state === "unmanaged" && unset) gaps.push("request URL not set");
  if (route.templateCreated !== true)
    gaps.push(route.templateCreated === false ? "no flow template" : "flow template unknown");
  if (route.tokenPresent !== true) gaps.push(route.tokenPresent === false ? "no msFlowToken" : "msFlowToken unknown");
  return gaps;
}

/** One route's truth as a short phrase: URL, template, token. */
export function routeTruth(route: RouteDiff): string {
  const yes = (v: boolean | undefined, what: string) => (v === undefined ? `${what} unknown` : v ? what : `no ${what}`);
  const url =
    route.state === "same"
      ? "request URL set"
      : route.state === "unmanaged"
        ? `request URL ${(route.current ?? "") === "" ? "not set" : "set"} (not managed)`
        : (route.current ?? "") === ""
          ? "request URL not set"
          : "request URL differs";
  return `${url}, ${yes(route.templateCreated, "flow template")}, ${yes(route.tokenPresent, "msFlowToken")}`;
}
