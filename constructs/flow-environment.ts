import { Construct, Fn, TerraformVariable, Token } from "./providers/cdktf";
import { DataAzureadClientConfig, Group } from "./providers/azuread";
import type { KeyVaultSecret } from "./providers/azurerm";
import { Rotating } from "./providers/time";
import { ROUTE_KEY } from "../contract/patterns";
import type { RelayDepartmentSetting } from "../contract/relay-settings";
import type { SecureKeyVault } from "./secure-key-vault";
import {
  FLOW_HOST_SUFFIXES,
  FlowCloud,
  SettingError,
  flowRequestUrlForm,
  flowRequestUrlPattern,
  flowUrlVariableName,
  normaliseDirectoryManagerServer,
  normaliseGuid,
  normaliseOrgCode,
  normaliseRegion,
  normaliseSharePointSiteUrl,
  parseEnvironmentUrl,
  validateDepartmentName,
  validateIdentityStoreId,
} from "./flow-settings";

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
  /** Directory Manager identity store id, a positive whole number. */
  readonly identityStoreId: number;
  /** Client id of Directory Manager's app registration (a reference or a GUID). */
  readonly clientId: string;
  /** Entra tenant id (a reference or a GUID). */
  readonly tenantId: string;
  /** Workflow routes by key (lower-case words joined by hyphens, e.g. "create-user"); at least one. */
  readonly routes: Record<string, FlowRouteProps>;
  /** The vault that holds each route's flow URL. */
  readonly keyVault: SecureKeyVault;
  /** Cloud of the flow environment; decides the allowed flow URL hosts. @default "public" */
  readonly cloud?: FlowCloud;
  /** Days a flow URL secret is valid; each apply after lifetime - 30 days extends it. @default 365 */
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
  readonly flowUrlSecret: KeyVaultSecret;
  /** The sensitive variable that fills the secret, when the source is "variable". */
  readonly variableName?: string;
}

/**
 * The flow environment settings Directory Manager needs (steps 2-4 of the vendor's article),
 * validated and normalised at synth: org code, region, server, client and tenant id, and each
 * workflow route's flow request URL kept as a Key Vault secret.
 */
export class FlowEnvironment extends Construct {
  /** Directory Manager's "Org Code". */
  public readonly orgCode: string;
  /** Directory Manager's "Region" (Dataverse subdomain). */
  public readonly region: string;
  /** Directory Manager's https base URL (groupIDServiceUrl). */
  public readonly directoryManagerUrl: string;
  public readonly identityStoreId: number;
  public readonly clientId: string;
  public readonly tenantId: string;
  /** Host suffixes flow URLs may point at (for the relay's SSRF guard). */
  public readonly allowedFlowHostSuffixes: readonly string[];
  public readonly routes: Record<string, FlowRoute>;
  /** Department → site (and group), as the relay reads it. */
  public readonly departments: Record<string, RelayDepartmentSetting>;

  constructor(scope: Construct, id: string, props: FlowEnvironmentProps) {
    super(scope, id);
    const check = <T, R>(field: string, value: T, normalise: (v: T) => R, shown: unknown = value): R => {
      try {
        return normalise(value);
      } catch (e) {
        if (e instanceof SettingError) throw new Error(`${this.node.path}: ${field}: got ${JSON.stringify(shown)}; expected ${e.message}`);
        throw e;
      }
    };

    this.orgCode = check("orgCode", props.orgCode, normaliseOrgCode);
    const regionFromUrl = props.orgCode.includes(".") ? parseEnvironmentUrl(props.orgCode)?.region : undefined;
    if (props.region === undefined && regionFromUrl === undefined) {
      throw new Error(`${this.node.path}: region: is missing; expected a Dataverse region subdomain such as crm4, or give orgCode as the environment URL https://myorg.crm4.dynamics.com`);
    }
    this.region = check("region", props.region ?? regionFromUrl!, normaliseRegion);
    if (props.region !== undefined && regionFromUrl !== undefined && normaliseRegion(regionFromUrl) !== this.region) {
      throw new Error(`${this.node.path}: region: got "${props.region}" but orgCode's URL says "${regionFromUrl}"; expected them to agree (or leave region out)`);
    }
    this.directoryManagerUrl = check("directoryManagerServer", props.directoryManagerServer, normaliseDirectoryManagerServer);
    this.identityStoreId = check("identityStoreId", props.identityStoreId, validateIdentityStoreId);
    this.clientId = Token.isUnresolved(props.clientId) ? props.clientId : check("clientId", props.clientId, normaliseGuid);
    this.tenantId = Token.isUnresolved(props.tenantId) ? props.tenantId : check("tenantId", props.tenantId, normaliseGuid);
    const cloud = props.cloud ?? "public";
    if (!(cloud in FLOW_HOST_SUFFIXES)) throw new Error(`${this.node.path}: cloud: got ${JSON.stringify(cloud)}; expected one of ${Object.keys(FLOW_HOST_SUFFIXES).join(", ")}`);
    this.allowedFlowHostSuffixes = FLOW_HOST_SUFFIXES[cloud];
    const lifetime = props.flowUrlSecretLifetimeDays ?? 365;
    if (!Number.isInteger(lifetime) || lifetime < 31 || lifetime > 730) {
      throw new Error(`${this.node.path}: flowUrlSecretLifetimeDays: got ${lifetime}; expected a whole number of days from 31 to 730`);
    }

    const routeKeys = Object.keys(props.routes);
    if (routeKeys.length === 0) throw new Error(`${this.node.path}: routes: got none; expected at least one workflow route, e.g. "create-user"`);
    const rotation = new Rotating(this, "flow-url-rotation", { rotationDays: lifetime - 30 });
    const expirationDate = Fn.timeadd(rotation.rfc3339, `${lifetime * 24}h`);
    this.routes = {};
    for (const key of routeKeys) {
      const route = props.routes[key];
      if (!ROUTE_KEY.test(key) || key.length > 40) {
        throw new Error(`${this.node.path}: routes: got route key ${JSON.stringify(key)}; expected lower-case words joined by hyphens, at most 40 characters, e.g. "create-user"`);
      }
      if (typeof route.displayName !== "string" || route.displayName.trim().length === 0 || route.displayName.length > 100) {
        throw new Error(`${this.node.path}: routes.${key}.displayName: got ${JSON.stringify(route.displayName)}; expected the route's name in Directory Manager, 1-100 characters`);
      }
      this.routes[key] = { key, displayName: route.displayName, ...this.flowUrlSecret(key, route.flowRequestUrl, props.keyVault, expirationDate) };
    }

    this.departments = this.declareDepartments(props);
  }

  /** The Key Vault secret (and variable) for one route's flow URL. */
  private flowUrlSecret(key: string, source: FlowRequestUrlSource, keyVault: SecureKeyVault, expirationDate: string): Omit<FlowRoute, "key" | "displayName"> {
    const where = `${this.node.path}: routes.${key}.flowRequestUrl`;
    const secretProps = { name: `flow-url-${key}`, contentType: "application/x-power-automate-request-url", expirationDate };
    switch (source?.source) {
      case "variable": {
        const name = flowUrlVariableName(key);
        const variable = new TerraformVariable(this, name, {
          type: "string",
          sensitive: true,
          nullable: false,
          description: `Flow request URL of the "${key}" route (a bearer secret: pass it as TF_VAR_${name} from the pipeline's secret store)`,
          validation: [
            {
              condition: `\${can(regex("${hclString(flowRequestUrlPattern(this.allowedFlowHostSuffixes))}", var.${name}))}`,
              errorMessage: `${name}: expected ${flowRequestUrlForm(this.allowedFlowHostSuffixes)}.`,
            },
          ],
        });
        variable.overrideLogicalId(name);
        return { variableName: name, flowUrlSecret: keyVault.addSecret(`flow-url-${key}`, { ...secretProps, value: variable.stringValue }) };
      }
      case "external":
        return {
          flowUrlSecret: keyVault.addSecret(`flow-url-${key}`, { ...secretProps, value: "placeholder-set-with-az-keyvault-secret-set", valueManagedOutside: true }),
        };
      case "reference":
        if (!Token.isUnresolved(source.value)) {
          throw new Error(`${where}: got a literal URL (not shown); expected a reference. A flow request URL is a bearer secret (its sig lets anyone run the flow): use { source: "variable" } or { source: "external" }, or pass your own sensitive variable`);
        }
        return { flowUrlSecret: keyVault.addSecret(`flow-url-${key}`, { ...secretProps, value: source.value }) };
      default:
        throw new Error(`${where}: got ${JSON.stringify(source)}; expected { source: "variable" }, { source: "external" } or { source: "reference", value }`);
    }
  }

  private declareDepartments(props: FlowEnvironmentProps): Record<string, RelayDepartmentSetting> {
    const departments: Record<string, RelayDepartmentSetting> = {};
    const entries = Object.entries(props.departments ?? {});
    const deployer = props.createDepartmentGroups && entries.length > 0 ? new DataAzureadClientConfig(this, "deployer") : undefined;
    const seen = new Map<string, string>();
    entries.forEach(([name, site], index) => {
      const at = `departments.${JSON.stringify(name)}`;
      try {
        validateDepartmentName(name);
      } catch (e) {
        throw new Error(`${this.node.path}: departments: got ${JSON.stringify(name)}; expected ${(e as Error).message}`);
      }
      // The relay matches departments case-insensitively, so two names differing only by case clash.
      const folded = name.toLowerCase();
      if (seen.has(folded)) throw new Error(`${this.node.path}: departments: got both ${JSON.stringify(seen.get(folded))} and ${JSON.stringify(name)}; expected names that differ by more than case`);
      seen.set(folded, name);
      let siteUrl: string;
      try {
        siteUrl = normaliseSharePointSiteUrl(site.siteUrl);
      } catch (e) {
        throw new Error(`${this.node.path}: ${at}.siteUrl: got ${JSON.stringify(site.siteUrl)}; expected ${(e as Error).message}`);
      }
      let groupObjectId = site.groupObjectId;
      if (groupObjectId !== undefined && !Token.isUnresolved(groupObjectId)) {
        try {
          groupObjectId = normaliseGuid(groupObjectId);
        } catch (e) {
          throw new Error(`${this.node.path}: ${at}.groupObjectId: got ${JSON.stringify(groupObjectId)}; expected ${(e as Error).message}`);
        }
      }
      if (deployer && groupObjectId === undefined) {
        // Dynamic membership grants the site to every user whose department matches, with no flow
        // step and no standing write permission on groups (needs Entra ID P1).
        const group = new Group(this, `department-group-${index}`, {
          displayName: `${props.departmentGroupNamePrefix ?? "SharePoint access - "}${name}`,
          description: `Members of the ${name} department; grants access to ${siteUrl}`,
          securityEnabled: true,
          mailEnabled: false,
          types: ["DynamicMembership"],
          dynamicMembership: { enabled: true, rule: `user.department -eq "${name}"` },
          owners: [deployer.objectId],
          preventDuplicateNames: true,
        });
        groupObjectId = group.objectId;
      }
      departments[name] = groupObjectId === undefined ? { siteUrl } : { siteUrl, groupObjectId };
    });
    return departments;
  }

  /**
   * The document Directory Manager's settings need, shaped like its Workflows/MsFlow/Settings API
   * body, plus the route table. `requestUrls` are the URLs Directory Manager should call per route
   * (the relay's); without them each route shows its Key Vault secret id. Holds no secret.
   */
  public settingsDocument(requestUrls?: Record<string, string>): Record<string, unknown> {
    return {
      organizationalCode: this.orgCode,
      region: this.region,
      tenantID: this.tenantId,
      clientID: this.clientId,
      groupIDServiceUrl: this.directoryManagerUrl,
      identityStoreID: this.identityStoreId,
      routes: Object.values(this.routes).map((route) => ({
        routeKey: route.key,
        displayName: route.displayName,
        ...(requestUrls?.[route.key] !== undefined
          ? { msFlowRequestUrl: requestUrls[route.key] }
          : { flowUrlKeyVaultSecretId: route.flowUrlSecret.versionlessId }),
      })),
      departments: this.departments,
    };
  }
}

/** Escapes a string for a double-quoted HCL string inside a Terraform expression. */
function hclString(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}
