import { PropChecks } from "../validation";
import { GUID } from "../../contract/patterns";

/**
 * Built-in Azure roles the deploy hands out inside its resource groups (role definition ids are
 * the same in every tenant). The pipeline may assign these and no others.
 */
export const DEPLOY_ASSIGNABLE_ROLES: Readonly<Record<string, string>> = {
  // the stack grants it to the deploying identity, to write its secrets
  "Key Vault Secrets Officer": "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
  // the relay's identity reads flow URLs and credentials
  "Key Vault Secrets User": "4633458b-17de-408a-b874-0445c86b69e6",
  // the relay's identity uses host storage and the deployment container
  "Storage Blob Data Owner": "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  // the relay's identity uses its queues
  "Storage Queue Data Contributor": "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
  // the deployers push the relay code to the site with OneDeploy and Entra ID (dmflow deploy-code)
  "Website Contributor": "de139f84-1756-47ae-9be6-808fbbe84772",
  // the relay's identity sends telemetry (Application Insights local auth is off)
  "Monitoring Metrics Publisher": "3913510d-42f4-4e42-8a64-420c390055eb",
};

/**
 * Resource providers the environment stacks use. The bootstrap's administrator registers them
 * once; the pipeline, with no right on the subscription, runs with registration off.
 */
export const DEPLOY_RESOURCE_PROVIDERS: readonly string[] = [
  "Microsoft.KeyVault",
  "Microsoft.Storage",
  "Microsoft.Web",
  "Microsoft.Insights",
  "Microsoft.OperationalInsights",
  "Microsoft.ManagedIdentity",
  // the relay's network path: the network, subnets, private endpoints and DNS zones
  "Microsoft.Network",
  // Flex Consumption's VNet integration: its subnet is delegated to Microsoft.App/environments
  "Microsoft.App",
];

/**
 * An Azure ABAC condition for Role Based Access Control Administrator: role assignments may be
 * created and deleted only for the listed role definitions.
 */
export function constrainedRoleAssignmentCondition(roleDefinitionIds: readonly string[]): string {
  const checks = new PropChecks("constrainedRoleAssignmentCondition");
  roleDefinitionIds.forEach((roleId, i) =>
    checks.matches(`roleDefinitionIds[${i}]`, roleId, GUID, "a role definition id (GUID)"),
  );
  const ids = roleDefinitionIds.join(", ");
  const only = (action: string, source: string) =>
    `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/${action}'})) OR (@${source}[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${ids}}))`;
  return `${only("write", "Request")} AND ${only("delete", "Resource")}`;
}
