import type { Construct } from "../providers/cdktf";
import { RoleAssignment } from "../providers/azurerm";
import type { AzapiResource } from "../providers/azapi";
import type { PropChecks } from "../validation";
import type { FlowRelayProps } from "./props";
import { deployerGrantCount } from "../deployers";

/** The command that pushes the relay code after the infrastructure apply (docs/deploying.md). */
export const CODE_DEPLOY_COMMAND = "dmflow deploy-code";

/**
 * The least built-in role that lets an Entra identity push code to the site with OneDeploy: the SCM
 * endpoint authorises a bearer token by `Microsoft.Web/sites/publish/Action` on the site, and
 * Website Contributor (de139f84-1756-47ae-9be6-808fbbe84772) is the narrowest built-in role holding
 * `Microsoft.Web/sites/*` (docs/hosting.md#who-may-push-the-code).
 */
export const SITE_DEPLOY_ROLE = "Website Contributor";

/**
 * The stack no longer deploys the code (docs/hosting.md#code-deployment-out-of-terraform):
 * `deployCode: false` is accepted and changes nothing; `deployCode: true` or a `codePath` stop the
 * synth with the command that replaces them.
 */
export function checkNoCodeInStack(checks: PropChecks, props: Pick<FlowRelayProps, "deployCode" | "codePath">): void {
  const replacement = `left out: the stack no longer deploys the relay code; push it after the apply with \`${CODE_DEPLOY_COMMAND}\` (docs/deploying.md)`;
  if (props.deployCode === true) checks.fail("deployCode", replacement, props.deployCode);
  if (props.codePath !== undefined) checks.fail("codePath", replacement, props.codePath);
}

/**
 * Website Contributor on the site (and nothing wider) for the deployer and each other identity that
 * deploys; the deployer's own grant is counted out when it is one of the others.
 */
export function grantSiteDeploy(
  scope: Construct,
  site: AzapiResource,
  deployerObjectId: string | undefined,
  others: readonly string[],
): void {
  const grant = (id: string, principalId: string, count?: number) =>
    new RoleAssignment(scope, id, {
      scope: site.id,
      roleDefinitionName: SITE_DEPLOY_ROLE,
      principalId,
      description: `Lets this identity push the relay code with OneDeploy (${CODE_DEPLOY_COMMAND}) using Entra ID; basic publishing auth is off`,
      count,
    });
  if (deployerObjectId !== undefined)
    grant("deployer-site-deploy", deployerObjectId, deployerGrantCount(deployerObjectId, others));
  others.forEach((principalId, i) => {
    grant(`additional-deployer-${i + 1}-site-deploy`, principalId);
  });
}
