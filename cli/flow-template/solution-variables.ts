/**
 * The solution's environment variables and its one connection reference: what the admin binds at
 * import (the deployment-settings file) and what the flow's definition reads through parameters().
 */
import type { FlowRoute } from "./flow-config";

/** The solution publisher's customization prefix: every schema name starts with it. */
export const PUBLISHER_PREFIX = "dmflow";

export interface SolutionVariable {
  readonly schemaName: string;
  readonly displayName: string;
  readonly description: string;
  /** A credential: kept out of run history (secureData) and documented as sensitive. */
  readonly sensitive: boolean;
}

/** The route's name as one word of letters and digits: "Create User" -> "CreateUser". */
export function pascalName(route: FlowRoute): string {
  const words = route.key.split("-");
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
}

/**
 * Text variables, not the Secret (Key Vault) type: a cloud flow reads a secret variable only
 * through Dataverse's RetrieveEnvironmentVariableSecretValue, a second connection this flow
 * avoids (docs/flow.md, "The keys").
 */
export function solutionVariables(route: FlowRoute) {
  const v = (name: string, displayName: string, description: string, sensitive = false): SolutionVariable => ({
    schemaName: `${PUBLISHER_PREFIX}_${name}`,
    displayName,
    description,
    sensitive,
  });
  return {
    decisionsUrl: v(
      "RelayDecisionsUrl",
      "Relay decisions URL",
      "The stack output relay_decisions_url (without ?code=).",
    ),
    functionKey: v(
      "RelayFunctionKey",
      "Relay decision function key",
      "Sensitive: the decision function's own key, valid for /api/decisions only (relay_decisions_function_key_command prints it).",
      true,
    ),
    decisionsKey: v(
      "RelayDecisionsKey",
      "Relay decisions key",
      "Sensitive: the key relay_decisions_key_command prints, sent as x-relay-decisions-key.",
      true,
    ),
    approvers: v(
      `Approvers${pascalName(route)}`,
      `Approvers for ${route.displayName}`,
      `Who approves ${route.displayName} requests: e-mail addresses separated by semicolons.`,
    ),
  } as const;
}

/** How a definition reads an environment variable: the parameter "<display name> (<schema name>)". */
export function parameterName(variable: SolutionVariable): string {
  return `${variable.displayName} (${variable.schemaName})`;
}

/** The Approvals connector, the flow's only connection. */
export const APPROVALS_CONNECTOR = {
  apiName: "shared_approvals",
  connectorId: "/providers/Microsoft.PowerApps/apis/shared_approvals",
  operationId: "StartAndWaitForAnApproval",
} as const;

export function approvalsReferenceName(route: FlowRoute): string {
  return `${PUBLISHER_PREFIX}_Approvals${pascalName(route)}`;
}
