/**
 * Typed models of the parts of a Power Automate cloud flow this package writes: the workflow
 * definition language (schema 2016-06-01) and the solution's `clientdata` wrapper. Written for
 * this package after Azure/LogicAppsUX's LogicAppsV2 models
 * (libs/logic-apps-shared/src/utils/src/lib/models/logicAppsV2.ts, commit a1f3cef), kept to what
 * the flow uses; no JSON schema of the language is published.
 */
import type { JsonSchema } from "../../contract/flow-request";

export const WORKFLOW_DEFINITION_SCHEMA =
  "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#";

/** The statuses an action can end in, as runAfter names them. */
export type RunAfterStatus = "Succeeded" | "Failed" | "Skipped" | "TimedOut";
export type RunAfter = Readonly<Record<string, readonly RunAfterStatus[]>>;

export interface RuntimeConfiguration {
  /** Hide the inputs and/or outputs from the run history ("Secure inputs" / "Secure outputs"). */
  readonly secureData?: { readonly properties: readonly ("inputs" | "outputs")[] };
}

/** "When an HTTP request is received". */
export interface RequestTrigger {
  readonly type: "Request";
  readonly kind: "Http";
  readonly inputs: {
    readonly schema: JsonSchema;
    readonly headersSchema?: JsonSchema;
    readonly method?: "POST";
    /**
     * Who may call: "All" anyone with the URL's sig, "Tenant" any user in the tenant, "User" the
     * object ids in triggerAllowedUsers ("Specific users in my tenant"). Inferred from exported flows.
     */
    readonly triggerAuthenticationType?: "All" | "Tenant" | "User";
    readonly triggerAllowedUsers?: string;
  };
  readonly runtimeConfiguration?: RuntimeConfiguration;
}

interface ActionBase {
  readonly runAfter: RunAfter;
  readonly runtimeConfiguration?: RuntimeConfiguration;
  readonly limit?: { readonly timeout: string };
  readonly description?: string;
}

/** A connector operation that waits for a callback, e.g. "Start and wait for an approval". */
export interface OpenApiConnectionWebhookAction extends ActionBase {
  readonly type: "OpenApiConnectionWebhook";
  readonly inputs: {
    readonly host: { readonly connectionName: string; readonly operationId: string; readonly apiId: string };
    readonly parameters: Readonly<Record<string, string | boolean>>;
    readonly authentication: "@parameters('$authentication')";
  };
}

/** The built-in HTTP action (premium). */
export interface HttpAction extends ActionBase {
  readonly type: "Http";
  readonly inputs: {
    readonly method: "POST";
    readonly uri: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: Readonly<Record<string, unknown>>;
  };
}

/** Ends the run with a status, so a failure shows in the run history. */
export interface TerminateAction extends ActionBase {
  readonly type: "Terminate";
  readonly inputs: {
    readonly runStatus: "Failed" | "Succeeded" | "Cancelled";
    readonly runError?: { readonly code: string; readonly message: string };
  };
}

export type WorkflowAction = OpenApiConnectionWebhookAction | HttpAction | TerminateAction;

/** A definition parameter; solution environment variables appear as these, named "<display> (<schema name>)". */
export interface WorkflowParameter {
  readonly type: "String" | "Object" | "SecureObject";
  readonly defaultValue: unknown;
  readonly metadata?: { readonly schemaName: string; readonly description?: string };
}

export interface WorkflowDefinition {
  readonly $schema: typeof WORKFLOW_DEFINITION_SCHEMA;
  readonly contentVersion: "1.0.0.0";
  readonly parameters: Readonly<Record<string, WorkflowParameter>>;
  readonly triggers: Readonly<Record<string, RequestTrigger>>;
  readonly actions: Readonly<Record<string, WorkflowAction>>;
}

/** A connection the flow uses, bound through a solution connection reference. */
export interface FlowConnectionReference {
  readonly runtimeSource: "embedded";
  readonly connection: { readonly connectionReferenceLogicalName: string };
  readonly api: { readonly name: string };
}

/** The file Workflows/<name>-<GUID>.json: the flow's `clientdata`. */
export interface FlowClientData {
  readonly properties: {
    readonly connectionReferences: Readonly<Record<string, FlowConnectionReference>>;
    readonly definition: WorkflowDefinition;
  };
  readonly schemaVersion: "1.0.0.0";
}
