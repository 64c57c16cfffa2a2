import type { Construct, TerraformResource } from "./providers/cdktf";
import type { RoleAssignment } from "./providers/azurerm";
import { Sleep } from "./providers/time";
import type { PropChecks } from "./validation";
import { SETTING_BOUNDS, boundedProp } from "./settings-bounds";

/** Checks a role wait prop (SETTING_BOUNDS.roleWaitSeconds), known at synth. */
export function roleWaitSeconds(checks: PropChecks, prop: string, value: number | undefined): number {
  return boundedProp(checks, prop, value, SETTING_BOUNDS.roleWaitSeconds, {
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
