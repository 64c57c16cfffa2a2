import type { PropChecks } from "./validation";

/**
 * The first-party APIs Directory Manager's app registration may be granted delegated scopes on,
 * with the scopes this package allows for each (least privilege: anything else is an error).
 * Scope ids are NOT listed: they are looked up by name at plan time (docs/facts.md).
 */
export const RESOURCE_APIS = {
  /** Microsoft Flow Service (Power Automate). Delegated scopes only; it has no app roles. */
  flowService: {
    displayName: "Microsoft Flow Service (Power Automate)",
    clientId: "7df0a125-d3be-4c96-aa54-591f83ff541c",
    scopes: [
      "Flows.Read.All",
      "Flows.Manage.All",
      "Activity.Read.All",
      "Approvals.Read.All",
      "Approvals.Manage.All",
      "Flows.Read.Plans",
      "Flows.Write.Plans",
      "User",
    ],
  },
  /** Dynamics CRM (Dataverse), where the flow environment lives. */
  dynamicsCrm: {
    displayName: "Dynamics CRM (Dataverse)",
    clientId: "00000007-0000-0000-c000-000000000000",
    scopes: ["user_impersonation"],
  },
  /** Microsoft Graph. */
  microsoftGraph: {
    displayName: "Microsoft Graph",
    clientId: "00000003-0000-0000-c000-000000000000",
    scopes: ["User.Read", "openid", "profile", "email", "offline_access"],
  },
  /** PowerApps Service. */
  powerAppsService: {
    displayName: "PowerApps Service",
    clientId: "475226c6-020e-4fb2-8a90-7a972cbfc1d4",
    scopes: ["User"],
  },
} as const;

export type ResourceApiName = keyof typeof RESOURCE_APIS;
export type ScopeOf<A extends ResourceApiName> = (typeof RESOURCE_APIS)[A]["scopes"][number];

/** Delegated scopes per resource API, by name. */
export type DelegatedPermissions = { readonly [A in ResourceApiName]?: readonly ScopeOf<A>[] };

/**
 * The default set. Inferred, not documented by Netwrix (its permission list is only in a
 * screenshot): see docs/facts.md.
 */
export const DEFAULT_DELEGATED_PERMISSIONS: DelegatedPermissions = {
  flowService: [
    "Flows.Read.All",
    "Flows.Manage.All",
    "Activity.Read.All",
    "Approvals.Read.All",
    "Approvals.Manage.All",
    "User",
  ],
  dynamicsCrm: ["user_impersonation"],
  microsoftGraph: ["User.Read"],
};

/**
 * Whether a delegated scope lets the app change things as the signed-in user (a Manage, Write or
 * ReadWrite scope, or Dataverse's user_impersonation): tenant-wide consent to one needs a review.
 */
export function isWriteScope(scope: string): boolean {
  return /(^|\.)(Manage|Write|ReadWrite)(\.|$)/.test(scope) || scope === "user_impersonation";
}

/** Checks delegated scopes per API against the allowed ones; a failure names `prop`, the API and the value. */
export function validateDelegatedPermissions(
  permissions: Record<string, readonly string[]>,
  checks: PropChecks,
  prop: string,
): void {
  const apis = Object.keys(RESOURCE_APIS) as ResourceApiName[];
  for (const [api, scopes] of Object.entries(permissions)) {
    checks.oneOf(`${prop} keys`, api, apis as string[], "the resource APIs this package knows");
    const allowed: readonly string[] = RESOURCE_APIS[api as ResourceApiName].scopes;
    scopes.forEach((scope, i) =>
      checks.oneOf(`${prop}.${api}[${i}]`, scope, allowed, `the ${api} scopes this package allows`),
    );
    if (new Set(scopes).size !== scopes.length)
      checks.fail(`${prop}.${api}`, "a list that names each scope once", scopes);
  }
}
