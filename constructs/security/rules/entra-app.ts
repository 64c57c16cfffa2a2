import {
  compliant,
  nonCompliant,
  notApplicable,
  type RuleContext,
  type RuleOutcome,
  type SecurityRule,
  unknown,
} from "../rule";
import {
  allOf,
  blockList,
  expectOneOf,
  isUnresolved,
  knownOnlyAtPlan,
  quoted,
  referencedAddress,
  valueAt,
} from "./checks";

/** The app role every service principal has when its app defines none: assigned, it lets a user or group sign in, and grants nothing. */
export const DEFAULT_ACCESS_APP_ROLE_ID = "00000000-0000-0000-0000-000000000000";

/** `${<principal>.oauth2_permission_scope_ids["Name"]}` or `app_role_ids["Name"]`: the principal, kind and name. */
const PERMISSION_LOOKUP =
  /^\$\{((?:data\.)?[\w-]+\.[\w-]+)\.(oauth2_permission_scope_ids|app_role_ids)\["([^"]+)"\]\}$/;

/** The literal client id of a resource API given as a literal or a reference to a service principal. */
function apiClientId(value: unknown, context: RuleContext): string | RuleOutcome {
  if (typeof value === "string" && !isUnresolved(value)) return value;
  const address = referencedAddress(value);
  const principal = address ? context.find(address) : undefined;
  const clientId = principal?.config.client_id;
  if (typeof clientId === "string" && !isUnresolved(clientId)) return clientId;
  return unknown(`the resource API ${quoted(value)} is known only at plan`);
}

/** The API client id behind a service principal's object id reference. */
export function apiOfPrincipalObject(value: unknown, context: RuleContext): string | RuleOutcome {
  const address = referencedAddress(value);
  if (!address)
    return unknown(`the resource service principal ${quoted(value)} is not a reference the rule can follow`);
  return apiClientId(`\${${address}.client_id}`, context);
}

function apiLabel(clientId: string, context: RuleContext): string {
  return context.options.allowedDelegatedScopes[clientId] ? clientId : `${clientId} (not an allowed resource API)`;
}

/** Checks one permission (scope or role), given by name or as a lookup expression. */
function checkPermission(
  kind: "Scope" | "Role",
  clientId: string,
  permission: unknown,
  context: RuleContext,
): RuleOutcome {
  let name: string | undefined;
  if (typeof permission === "string" && !isUnresolved(permission)) {
    name = kind === "Scope" && !/^[0-9a-f-]{36}$/i.test(permission) ? permission : undefined;
  } else {
    name = PERMISSION_LOOKUP.exec(String(permission))?.[3];
  }
  const allowed =
    (kind === "Scope" ? context.options.allowedDelegatedScopes : context.options.allowedApplicationRoles)[clientId] ??
    [];
  if (kind === "Role" && allowed.length === 0) {
    return nonCompliant(`it requests an application role (app-only permission) on ${clientId}, and none is allowed`);
  }
  if (name === undefined) {
    return unknown(
      `${kind === "Scope" ? "scope" : "role"} ${quoted(permission)} on ${clientId} is an id, not a name the rule can check`,
    );
  }
  if (allowed.includes(name)) return compliant();
  return nonCompliant(
    `${kind === "Scope" ? "delegated scope" : "application role"} "${name}" on ${apiLabel(clientId, context)} is not in the allowed list`,
  );
}

export function checkPermissions(
  kind: "Scope" | "Role",
  api: string | RuleOutcome,
  permissions: unknown,
  context: RuleContext,
): RuleOutcome {
  if (typeof api !== "string") return api;
  if (isUnresolved(permissions)) return knownOnlyAtPlan(`the permissions on ${api}`, permissions, "are");
  return allOf(...blockList(permissions).map((p) => checkPermission(kind, api, p, context)));
}

/** Days from a Go duration such as "4320h" or "8760h0m0s"; undefined when it is not one. */
export function durationDays(duration: string): number | undefined {
  const match = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(duration.trim());
  if (!match || duration.trim() === "") return undefined;
  const [h, m, s] = [match[1], match[2], match[3]].map((v) => Number(v ?? 0));
  return (h * 3600 + m * 60 + s) / 86400;
}

/** Bases of `timeadd` that are at or before the credential's creation. */
const NOW_LIKE_BASE =
  /^(?:time_rotating\.[\w-]+\.rfc3339|time_static\.[\w-]+\.rfc3339|timestamp\(\)|plantimestamp\(\))$/;

/** Checks a credential's end date against the longest lifetime allowed. */
function checkEndDate(
  credential: Readonly<Record<string, unknown>>,
  context: RuleContext,
  recordedDays: unknown,
): RuleOutcome {
  const max = context.options.maxClientSecretLifetimeDays;
  const verdict = (days: number, how: string) =>
    days <= max
      ? compliant()
      : nonCompliant(`${how} makes it valid ${Math.round(days)} days; at most ${max} are allowed`);
  const endDate = credential.end_date;
  const relative = credential.end_date_relative;
  if ((endDate === undefined || endDate === null) && typeof relative === "string" && !isUnresolved(relative)) {
    const days = durationDays(relative);
    return days === undefined
      ? unknown(`end_date_relative ${quoted(relative)} is not a duration`)
      : verdict(days, `end_date_relative ${quoted(relative)}`);
  }
  if (endDate === undefined || endDate === null) {
    return nonCompliant("it has no end_date, so Entra ID makes it valid for two years");
  }
  if (typeof endDate === "string" && !isUnresolved(endDate)) {
    const at = Date.parse(endDate);
    if (Number.isNaN(at)) return unknown(`end_date ${quoted(endDate)} is not an RFC 3339 date`);
    return verdict((at - context.options.now.getTime()) / 86_400_000, `end_date ${quoted(endDate)}`);
  }
  const timeadd = /^\$\{timeadd\(\s*([^,]+?)\s*,\s*"([^"]+)"\s*\)\}$/.exec(String(endDate));
  if (timeadd && NOW_LIKE_BASE.test(timeadd[1])) {
    const days = durationDays(timeadd[2]);
    if (days !== undefined) return verdict(days, `end_date timeadd(..., "${timeadd[2]}")`);
  }
  const recorded =
    typeof recordedDays === "number" ? ` (the construct records a lifetime of ${recordedDays} days)` : "";
  return unknown(`end_date ${quoted(endDate)} is known only at plan${recorded}`);
}

/** A rotation trigger: rotate_when_changed, or an end date that moves with a time_rotating resource. */
function checkRotation(credential: Readonly<Record<string, unknown>>, inline: boolean): RuleOutcome {
  if (/\btime_rotating\./.test(String(credential.end_date ?? ""))) return compliant();
  if (inline)
    return nonCompliant(
      "the inline password has no rotation trigger (its end_date does not follow a time_rotating resource)",
    );
  const trigger = credential.rotate_when_changed;
  if (isUnresolved(trigger)) return knownOnlyAtPlan("rotate_when_changed", trigger);
  if (trigger && typeof trigger === "object" && Object.keys(trigger).length > 0) return compliant();
  return nonCompliant("it has no rotation trigger (rotate_when_changed), so it is never replaced before it expires");
}

const APPLICATIONS = ["azuread_application", "azuread_application_registration"];

/** Owners an app registration needs (Microsoft's app management guidance: at least two). */
const MIN_OWNERS = 2;

export const ENTRA_APP_RULES: readonly SecurityRule[] = [
  {
    id: "DMF-ENTRA-SINGLE-TENANT",
    mirrors: [],
    description: 'Entra app registration is single tenant (`sign_in_audience = "AzureADMyOrg"`).',
    severity: "error",
    fix: 'Set signInAudience: "AzureADMyOrg" (the default).',
    types: APPLICATIONS,
    check: (e) => expectOneOf(e.config, "sign_in_audience", ["AzureADMyOrg"], "AzureADMyOrg"),
  },
  {
    id: "DMF-ENTRA-OWNERS",
    mirrors: [],
    description: `Entra app registration has at least ${MIN_OWNERS} distinct owners (\`owners\` and \`azuread_application_owner\`), so it outlives any one of them.`,
    severity: "error",
    fix: "Add the object id of a second accountable person to owners (DirectoryManagerApp ownerObjectIds; directoryManagerApp.ownerObjectIds in config).",
    types: APPLICATIONS,
    check: (e, context) => {
      const owners = e.config.owners;
      const extra = context
        .ofType("resource", "azuread_application_owner")
        .filter((o) => referencedAddress(o.config.application_id) === e.address)
        .map((o) => o.config.owner_object_id);
      // Each distinct entry is one owner: a literal object id, or a reference (the deployer, a variable's element).
      const distinct = new Set([...(Array.isArray(owners) ? owners : []), ...extra].map((o) => String(o)));
      if (distinct.size >= MIN_OWNERS) return compliant();
      if (isUnresolved(owners)) return knownOnlyAtPlan("owners", owners);
      if (distinct.size === 0)
        return nonCompliant(
          "it has no owner, so nobody is accountable for it and it cannot be managed without a directory role",
        );
      return nonCompliant(
        `it has one owner (${quoted([...distinct][0])}); with at least ${MIN_OWNERS} it is not orphaned when one leaves or loses access`,
      );
    },
  },
  {
    id: "DMF-ENTRA-LEAST-PRIVILEGE",
    mirrors: [],
    description:
      "Entra app requests and is granted only delegated scopes from the allowed list (RESOURCE_APIS), and no application roles unless configured.",
    severity: "error",
    fix:
      "Request only the scopes Directory Manager needs (see RESOURCE_APIS and delegatedPermissions); to allow an " +
      "application role or another scope, list it in the rule pack's allowedApplicationRoles or allowedDelegatedScopes.",
    types: [
      "azuread_application",
      "azuread_service_principal_delegated_permission_grant",
      "azuread_application_api_access",
      "azuread_app_role_assignment",
    ],
    check: (e, context) => {
      switch (e.type) {
        case "azuread_application": {
          const access = e.config.required_resource_access;
          if (isUnresolved(access)) return knownOnlyAtPlan("required_resource_access", access);
          return allOf(
            compliant(),
            ...blockList(access).flatMap((block) => {
              const api = apiClientId(valueAt(block, "resource_app_id"), context);
              const entries = blockList(valueAt(block, "resource_access"));
              return entries.map((entry) => {
                const type = valueAt(entry, "type");
                if (type !== "Scope" && type !== "Role")
                  return unknown(`resource_access type ${quoted(type)} is not Scope or Role`);
                return checkPermissions(type, api, [valueAt(entry, "id")], context);
              });
            }),
          );
        }
        case "azuread_service_principal_delegated_permission_grant":
          return checkPermissions(
            "Scope",
            apiOfPrincipalObject(e.config.resource_service_principal_object_id, context),
            e.config.claim_values,
            context,
          );
        case "azuread_application_api_access": {
          const api = apiClientId(e.config.api_client_id, context);
          return allOf(
            compliant(),
            checkPermissions("Scope", api, e.config.scope_ids ?? [], context),
            checkPermissions("Role", api, e.config.role_ids ?? [], context),
          );
        }
        default: {
          // An app role assigned to a service principal this stack declares is an application permission;
          // roles assigned to users or groups are not (they sign in with their own rights), nor is
          // the default access role (it lets a principal sign in and grants nothing).
          if (e.config.app_role_id === DEFAULT_ACCESS_APP_ROLE_ID) return notApplicable();
          const principal = referencedAddress(e.config.principal_object_id);
          if (principal === undefined) {
            return isUnresolved(e.config.principal_object_id) || typeof e.config.principal_object_id !== "string"
              ? unknown(`principal_object_id ${quoted(e.config.principal_object_id)} cannot be followed at synth`)
              : unknown(
                  `principal_object_id ${quoted(e.config.principal_object_id)} is a literal id; the rule cannot tell if it is an application`,
                );
          }
          if (!/^(data\.)?azuread_service_principal\./.test(principal)) return notApplicable();
          return checkPermissions(
            "Role",
            apiOfPrincipalObject(e.config.resource_object_id, context),
            [e.config.app_role_id],
            context,
          );
        }
      }
    },
  },
  {
    id: "DMF-ENTRA-SECRET-LIFETIME",
    mirrors: [],
    description:
      "Every client secret (`azuread_application_password`, `azuread_service_principal_password`, inline `password`) ends within 12 months (configurable) and has a rotation trigger.",
    severity: "error",
    fix:
      'Set endDate to timeadd(<time_rotating>.rfc3339, "<hours>h") at most 8760h ahead and rotateWhenChanged ' +
      "to the time_rotating id (DirectoryManagerApp does both).",
    types: [...APPLICATIONS, "azuread_application_password", "azuread_service_principal_password"],
    check: (e, context) => {
      const recorded = e.metadata?.["dmflow:clientSecretLifetimeDays"];
      if (APPLICATIONS.includes(e.type)) {
        const inline = blockList(e.config.password);
        if (inline.length === 0) return notApplicable();
        return allOf(
          ...inline.map((p) => {
            const credential = (p ?? {}) as Readonly<Record<string, unknown>>;
            return allOf(checkEndDate(credential, context, recorded), checkRotation(credential, true));
          }),
        );
      }
      return allOf(checkEndDate(e.config, context, recorded), checkRotation(e.config, false));
    },
  },
];
