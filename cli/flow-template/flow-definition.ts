/**
 * One route's flow: the HTTP trigger the relay posts to, "Start and wait for an approval", and the
 * decision sent back to the relay's /api/decisions on every outcome (approve, reject, nobody
 * answered); if no decision could be sent the run ends as Failed, so it shows in the run history.
 */
import {
  DECISIONS_ENDPOINT,
  FLOW_REQUEST_HEADERS,
  flowTriggerBodySchema,
  flowTriggerHeadersSchema,
} from "../../contract/flow-request";
import type { FlowConfig, FlowRoute } from "./flow-config";
import {
  APPROVALS_CONNECTOR,
  approvalsReferenceName,
  parameterName,
  solutionVariables,
  type SolutionVariable,
} from "./solution-variables";
import {
  WORKFLOW_DEFINITION_SCHEMA,
  type FlowClientData,
  type HttpAction,
  type WorkflowParameter,
} from "./workflow-model";

/** Action names, in the admin's words (the designer shows them with spaces). */
export const ACTION = {
  approval: "Start_and_wait_for_an_approval",
  sendDecision: "Send_the_decision_to_the_relay",
  denyUnanswered: "Deny_when_nobody_answered_in_time",
  stopAsFailed: "Stop_as_failed_when_no_decision_was_sent",
} as const;

/** Power Automate's name for the HTTP trigger (it is in the trigger URL: …/triggers/manual/…). */
export const TRIGGER = "manual";

/**
 * How long the approval waits: 13 days, inside the decision token's 14-day life (a test checks it
 * against the relay's DECISION_TOKEN_TTL_SECONDS), so a late answer still carries a valid token.
 */
export const APPROVAL_TIMEOUT = "P13D";
export const APPROVAL_TIMEOUT_DAYS = 13;

const param = (variable: SolutionVariable) => `@parameters('${parameterName(variable)}')`;
const triggerBody = (member: string) => `triggerBody()?['${member}']`;
const approvalBody = `body('${ACTION.approval}')`;

function decisionAction(
  config: FlowConfig,
  vars: ReturnType<typeof solutionVariables>,
  decision: string,
  reason: string,
  runAfter: HttpAction["runAfter"],
): HttpAction {
  return {
    type: "Http",
    inputs: {
      method: "POST",
      uri: param(vars.decisionsUrl),
      headers: {
        "content-type": "application/json",
        [DECISIONS_ENDPOINT.functionKeyHeader]: param(vars.functionKey),
        [DECISIONS_ENDPOINT.keyHeader]: param(vars.decisionsKey),
      },
      body: {
        identityStoreId: config.identityStoreId,
        workflowRequestId: `@int(${triggerBody("workflowRequestId")})`,
        decision,
        reason,
        decisionToken: `@triggerOutputs()?['headers']?['${FLOW_REQUEST_HEADERS.decisionToken}']`,
      },
    },
    runAfter,
    // The keys are in the inputs: hide them (and the relay's answer) from the run history.
    runtimeConfiguration: { secureData: { properties: ["inputs", "outputs"] } },
  };
}

/**
 * `relayPrincipalId`: the relay identity's object id, the only caller a route in Entra mode allows
 * (the stack output relay_identity_principal_id).
 */
export function flowClientData(config: FlowConfig, route: FlowRoute, relayPrincipalId?: string): FlowClientData {
  if (route.auth === "entra" && relayPrincipalId === undefined)
    throw new Error(`route ${route.key} is in Entra mode: the relay's object id is needed`);
  const vars = solutionVariables(route);
  const variableParameters = Object.fromEntries(
    Object.values(vars).map((v): [string, WorkflowParameter] => [
      parameterName(v),
      { type: "String", defaultValue: "", metadata: { schemaName: v.schemaName, description: v.description } },
    ]),
  );
  const site = `${triggerBody(config.enrichmentKey)}?['siteUrl']`;
  return {
    properties: {
      connectionReferences: {
        [APPROVALS_CONNECTOR.apiName]: {
          runtimeSource: "embedded",
          connection: { connectionReferenceLogicalName: approvalsReferenceName(route) },
          api: { name: APPROVALS_CONNECTOR.apiName },
        },
      },
      definition: {
        $schema: WORKFLOW_DEFINITION_SCHEMA,
        contentVersion: "1.0.0.0",
        parameters: {
          $connections: { type: "Object", defaultValue: {} },
          $authentication: { type: "SecureObject", defaultValue: {} },
          ...variableParameters,
        },
        triggers: {
          [TRIGGER]: {
            type: "Request",
            kind: "Http",
            inputs: {
              method: "POST",
              schema: flowTriggerBodySchema(config.enrichmentKey),
              headersSchema: flowTriggerHeadersSchema(),
              ...(route.auth === "entra"
                ? { triggerAuthenticationType: "User" as const, triggerAllowedUsers: relayPrincipalId }
                : {}),
            },
            // The event may carry personal data: keep it out of the run history.
            runtimeConfiguration: { secureData: { properties: ["outputs"] } },
          },
        },
        actions: {
          [ACTION.approval]: {
            type: "OpenApiConnectionWebhook",
            inputs: {
              host: {
                connectionName: APPROVALS_CONNECTOR.apiName,
                operationId: APPROVALS_CONNECTOR.operationId,
                apiId: APPROVALS_CONNECTOR.connectorId,
              },
              parameters: {
                approvalType: "Basic",
                "WebhookApprovalCreationInput/title": `${route.displayName}: Directory Manager request @{${triggerBody("workflowRequestId")}}`,
                // The event's own "approvers" when Directory Manager's workflow sends one, else the variable.
                "WebhookApprovalCreationInput/assignedTo": `@{coalesce(${triggerBody("approvers")}, parameters('${parameterName(vars.approvers)}'))}`,
                "WebhookApprovalCreationInput/details": `Directory Manager asks for a decision on workflow request @{${triggerBody("workflowRequestId")}} (${route.displayName}).\n\nDepartment: @{${triggerBody("department")}}\n\nRelay event id: @{triggerOutputs()?['headers']?['${FLOW_REQUEST_HEADERS.eventId}']}`,
                "WebhookApprovalCreationInput/itemLink": `@{${site}}`,
                "WebhookApprovalCreationInput/itemLinkDescription": "The department's site",
                "WebhookApprovalCreationInput/enableNotifications": true,
                "WebhookApprovalCreationInput/enableReassignment": true,
              },
              authentication: "@parameters('$authentication')",
            },
            runAfter: {},
            limit: { timeout: APPROVAL_TIMEOUT },
          },
          [ACTION.sendDecision]: decisionAction(
            config,
            vars,
            `@if(equals(${approvalBody}?['outcome'], 'Approve'), 'approve', 'deny')`,
            `@take(coalesce(first(${approvalBody}?['responses'])?['comments'], ''), ${DECISIONS_ENDPOINT.maxReasonChars})`,
            { [ACTION.approval]: ["Succeeded"] },
          ),
          [ACTION.denyUnanswered]: decisionAction(
            config,
            vars,
            "deny",
            `Nobody answered the approval within ${APPROVAL_TIMEOUT_DAYS} days.`,
            { [ACTION.approval]: ["TimedOut"] },
          ),
          [ACTION.stopAsFailed]: {
            type: "Terminate",
            inputs: {
              runStatus: "Failed",
              runError: {
                code: "NoDecisionSent",
                message: "No decision reached the relay: decide the request in Directory Manager and check this run.",
              },
            },
            // Runs when neither decision action succeeded: the approval failed, or both sends failed.
            runAfter: {
              [ACTION.sendDecision]: ["Failed", "TimedOut", "Skipped"],
              [ACTION.denyUnanswered]: ["Failed", "TimedOut", "Skipped"],
            },
          },
        },
      },
    },
    schemaVersion: "1.0.0.0",
  };
}
