import type { Construct } from "../providers/cdktf";
import { RoleAssignment, type StorageQueue } from "../providers/azurerm";

export interface IdentityRole {
  /** Construct id of the role assignment. */
  readonly id: string;
  /** Built-in role name, e.g. "Storage Queue Data Contributor". */
  readonly role: string;
  /** Resource id the role is granted on: the narrowest that works. */
  readonly scope: string;
  /** Why the relay needs it (shown in Azure). */
  readonly description: string;
  /** A resource the scope names, which must exist first. */
  readonly dependsOn?: StorageQueue;
}

/**
 * Grants a role to the relay's user-assigned identity. The identity is created before the app,
 * so its role assignments exist when the app starts (the app depends on them).
 */
export function grantIdentityRole(scope: Construct, principalId: string, grant: IdentityRole): RoleAssignment {
  return new RoleAssignment(scope, grant.id, {
    scope: grant.scope,
    roleDefinitionName: grant.role,
    principalId,
    principalType: "ServicePrincipal",
    description: grant.description,
    dependsOn: grant.dependsOn ? [grant.dependsOn] : undefined,
  });
}
