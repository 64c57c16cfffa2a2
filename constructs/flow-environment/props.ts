import type { KeyVaultSecret } from "../providers/azurerm";
import type { KeyVaultRef } from "../key-vault-ref";
import type { FlowCloud } from "./flow-request-url";

/** Where a route's flow request URL (a bearer secret) comes from. */
export type FlowRequestUrlSource =
  /** A sensitive Terraform variable `flow_request_url_<route_key>`; the pipeline passes `TF_VAR_…`. */
  | { readonly source: "variable" }
  /** Managed outside Terraform: a placeholder secret, then `az keyvault secret set` (Terraform ignores the value). */
  | { readonly source: "external" }
  /** A reference of the caller's own (its own sensitive variable, another resource); never a literal. */
  | { readonly source: "reference"; readonly value: string };

export interface FlowRouteProps {
  /** The workflow route's name in Directory Manager, e.g. "Create User". */
  readonly displayName: string;
  readonly flowRequestUrl: FlowRequestUrlSource;
  /**
   * How the relay calls the flow: "sig", the URL's signature; "entra", a managed-identity token to
   * a trigger set to "Specific users", with a URL that has no sig (docs/flow.md, "Entra mode";
   * unverified until run once against a real tenant). @default "sig"
   */
  readonly auth?: "sig" | "entra";
}

export interface DepartmentSiteProps {
  /** The department's SharePoint site, https://<tenant>.sharepoint.com/sites/<name>. */
  readonly siteUrl: string;
  /** Entra group that grants access to the site. @default - none, or the created dynamic group */
  readonly groupObjectId?: string;
}

export interface FlowEnvironmentProps {
  /** Organization code of the flow environment (myorg in myorg.crm4.dynamics.com), or its URL. */
  readonly orgCode: string;
  /** Dataverse region subdomain (crm4) or Power Platform geo (europe). @default - taken from orgCode when it is a URL */
  readonly region?: string;
  /** Directory Manager server: host name, IP address or https URL; becomes an https base URL. */
  readonly directoryManagerServer: string;
  /**
   * The URL Power Automate calls back on to approve the workflow request: Netwrix's
   * `groupIDServiceUrl` ("Proxy Callback URL" in Admin Center), e.g. the Data Service URL with its
   * path or the Power Automate Reverse Proxy's URL with its port. https, no query or fragment.
   * Not derived from directoryManagerServer: a proxy host is not the API host.
   * @default - not managed: dmflow dm-settings leaves Directory Manager's value alone
   */
  readonly groupIDServiceUrl?: string;
  /** Directory Manager identity store id, a positive whole number. */
  readonly identityStoreId: number;
  /** Client id of Directory Manager's app registration (a reference or a GUID). */
  readonly clientId: string;
  /** Entra tenant id (a reference or a GUID). */
  readonly tenantId: string;
  /** Workflow routes by key (lower-case words joined by hyphens, e.g. "create-user"); at least one. */
  readonly routes: Record<string, FlowRouteProps>;
  /**
   * Start of the names of the sensitive variables that carry the flow URLs:
   * `<variablePrefix>_<route key in snake case>`. Unique in the stack (two constructs that
   * declare the same variable fail at synth).
   * @default - this construct's path below its stack in snake case, then "_flow_request_url"
   */
  readonly variablePrefix?: string;
  /** The vault that holds each route's flow URL. */
  readonly keyVault: KeyVaultRef;
  /** Cloud of the flow environment; decides the allowed flow URL hosts. @default "public" */
  readonly cloud?: FlowCloud;
  /**
   * Raise it (1, 2, …) to write changed flow request URLs at the next apply: they are written
   * write-only, so Terraform cannot see a changed value by itself; the secrets' expiry restarts too.
   * A whole number, 1-1000000.
   * @default 1
   */
  readonly flowUrlsVersion?: number;
  /** Days a flow URL secret is valid, 31-730; each apply after lifetime - 30 days extends it. @default 365 */
  readonly flowUrlSecretLifetimeDays?: number;
  /** Department → SharePoint site, passed to the relay for enrichment. @default {} */
  readonly departments?: Record<string, DepartmentSiteProps>;
  /** Create one Entra security group per department with dynamic membership on user.department. @default false */
  readonly createDepartmentGroups?: boolean;
  /** Display name prefix of the department groups. @default "SharePoint access - " */
  readonly departmentGroupNamePrefix?: string;
}

/** One route as declared: its display name and the Key Vault secret that holds its flow URL. */
export interface FlowRoute {
  readonly key: string;
  readonly displayName: string;
  /** "entra": the relay sends a managed-identity token instead of relying on the URL's sig. */
  readonly auth: "sig" | "entra";
  readonly flowUrlSecret: KeyVaultSecret;
  /** The sensitive variable that fills the secret, when the source is "variable". */
  readonly variableName?: string;
}
