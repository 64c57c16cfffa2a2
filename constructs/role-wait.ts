import type { Construct, TerraformResource } from "./providers/cdktf";
import type { RoleAssignment } from "./providers/azurerm";
import { Sleep } from "./providers/time";
import type { PropChecks } from "./validation";

/**
 * Seconds a data-plane write waits after the deployer's role assignment is created. Azure takes
 * up to 10 minutes to honour a new data-plane role (its RBAC troubleshooting page), most often
 * one or two; azurerm's first read of a Key Vault secret or blob fails on a 403 with no retry.
 */
export const DEFAULT_ROLE_WAIT_SECONDS = 120;

/** Checks a role wait prop: a whole number of seconds from 1 to 1800, known at synth. */
export function roleWaitSeconds(checks: PropChecks, prop: string, value: number | undefined): number {
  return checks.wholeNumber(prop, value ?? DEFAULT_ROLE_WAIT_SECONDS, 1, 1800, {
    knownAtSynthBecause: "it is the time_sleep's duration",
  });
}

/**
 * A `time_sleep` after role assignments: what must wait for the roles to work depends on it. It
 * waits when first created, and again whenever one of the assignments is replaced (e.g. another
 * principal deploys), because the assignments' ids are its triggers.
 */
export function waitForRoles(
  scope: Construct,
  id: string,
  roles: readonly RoleAssignment[],
  seconds: number,
): TerraformResource {
  return new Sleep(scope, id, {
    createDuration: `${seconds}s`,
    triggers: Object.fromEntries(roles.map((role, i) => [`role_${i}`, roleIds(role)])),
    dependsOn: [...roles],
  });
}

/** The assignment's id; for one with a `count`, its instances' ids joined (none when count is 0). */
function roleIds(role: RoleAssignment): string {
  if (role.count === undefined) return role.id;
  return `\${join(",", ${role.terraformResourceType}.${role.friendlyUniqueId}[*].id)}`;
}
