/**
 * Who can sign in to an Entra app and what it is granted beyond its own registration: user
 * assignment on service principals, application roles granted to managed identities, and
 * tenant-wide consent to scopes that change things. No scanner reads azuread_* resources, so these
 * rules are the only guard there and name no scanner id.
 */
import { isWriteScope } from "../../resource-apis";
import { compliant, nonCompliant, notApplicable, type SecurityRule } from "../rule";
import { blockList, expectBoolean, isUnresolved, knownOnlyAtPlan, quoted } from "./checks";
import { apiOfPrincipalObject, checkPermissions, DEFAULT_ACCESS_APP_ROLE_ID } from "./entra-app";

/**
 * A reference to a managed identity's principal id: a user-assigned identity's `principal_id`, or
 * the system-assigned `identity[0].principal_id` of any resource (azapi: also `output.identity.principalId`).
 */
const MANAGED_IDENTITY_PRINCIPAL =
  /^\$\{(?:(?:data\.)?azurerm_user_assigned_identity\.[\w-]+\.principal_id|(?:data\.)?[\w-]+\.[\w-]+\.(?:identity(?:\[0\]|\.0)\.principal_id|output\.identity\.principalId))\}$/;

export const ENTRA_ACCESS_RULES: readonly SecurityRule[] = [
  {
    id: "DMF-ENTRA-ASSIGNMENT-REQUIRED",
    mirrors: [],
    description:
      "Entra service principal lets only assigned users and groups sign in (`app_role_assignment_required = true`; the default false lets anyone in the tenant get a token for the app).",
    severity: "error",
    fix:
      "Set appRoleAssignmentRequired: true (DirectoryManagerApp: signInRequiresAssignment) and assign the users or groups " +
      "that sign in (Enterprise applications, Users and groups, or azuread_app_role_assignment).",
    types: ["azuread_service_principal"],
    check: (e) => {
      // use_existing adopts someone else's principal (a first-party API's): its sign-in policy is not this stack's to set.
      if (e.config.use_existing === true) return notApplicable();
      return expectBoolean(e.config, "app_role_assignment_required", true, false);
    },
  },
  {
    id: "DMF-ENTRA-MANAGED-IDENTITY-ROLES",
    mirrors: [],
    description:
      "An application role (app-only permission) is granted to a managed identity only when it is in the allowed list (`allowedApplicationRoles`): such grants appear in no app registration's API permissions.",
    severity: "error",
    fix:
      "Remove the azuread_app_role_assignment, or list the role in the rule pack's allowedApplicationRoles for that API " +
      "after review (anything running as the identity holds it tenant-wide).",
    types: ["azuread_app_role_assignment"],
    check: (e, context) => {
      const principal = e.config.principal_object_id;
      if (typeof principal !== "string" || !MANAGED_IDENTITY_PRINCIPAL.test(principal)) return notApplicable();
      if (e.config.app_role_id === DEFAULT_ACCESS_APP_ROLE_ID) return notApplicable(); // lets it sign in, grants nothing
      const outcome = checkPermissions(
        "Role",
        apiOfPrincipalObject(e.config.resource_object_id, context),
        [e.config.app_role_id],
        context,
      );
      return outcome.status === "non-compliant"
        ? nonCompliant(`managed identity ${principal}: ${outcome.problem}`)
        : outcome;
    },
  },
  {
    id: "DMF-ENTRA-MANAGE-CONSENT",
    mirrors: [],
    description:
      "Tenant-wide (admin) consent covers no scope that changes things (Manage, Write, ReadWrite, user_impersonation) unless a suppression records its review; consent for one user (`user_object_id`) passes.",
    severity: "error",
    fix:
      "Review the grant and record the review as a suppression with its reason (DirectoryManagerApp: adminConsentReview, " +
      "config directoryManagerApp.adminConsentReview; its default set carries the package's review), consent per user " +
      "with userObjectId, or drop the scope.",
    types: ["azuread_service_principal_delegated_permission_grant"],
    check: (e) => {
      // Without user_object_id the grant is consent on behalf of every user in the tenant.
      if (e.config.user_object_id !== undefined && e.config.user_object_id !== null) return compliant();
      const claims = e.config.claim_values;
      if (isUnresolved(claims)) return knownOnlyAtPlan("claim_values", claims);
      const unresolved = blockList(claims).find(isUnresolved);
      if (unresolved !== undefined) return knownOnlyAtPlan("claim_values", unresolved, "holds");
      const writes = blockList(claims).map(String).filter(isWriteScope);
      if (writes.length === 0) return compliant();
      return nonCompliant(
        `it consents for every user in the tenant to ${writes.map(quoted).join(", ")}, which let the app change things as the signed-in user`,
      );
    },
  },
];
