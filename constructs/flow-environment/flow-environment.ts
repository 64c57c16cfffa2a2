import { Construct, Fn } from "../providers/cdktf";
import { checkProvidersDeclared } from "../providers-declared";
import { DataAzureadClientConfig, Group } from "../providers/azuread";
import { Rotating } from "../providers/time";
import type { RelayDepartmentSetting } from "../../contract/relay-settings";
import { type KeyVaultRef, addVaultSecret } from "../key-vault-ref";
import { PropChecks, described, isUnresolved } from "../validation";
import { SETTING_DEFAULTS } from "../settings-bounds";
import { secretVariable } from "../secret-variable";
import { variableStem } from "../naming/variable-stem";
import {
  entraFlowRequestUrlPattern,
  FLOW_URL_SIG_PARAMETER,
  flowRequestUrlForm,
  flowRequestUrlPattern,
  flowUrlVariableName,
} from "./flow-request-url";
import type { FlowEnvironmentProps, FlowRequestUrlSource, FlowRoute } from "./props";
import { type FlowEnvironmentSettings, validateFlowEnvironmentProps } from "./validate-props";

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
  /** Directory Manager's https base URL (https://host[:port]); its API listens on :4443. */
  public readonly directoryManagerUrl: string;
  /** Power Automate's callback URL (groupIDServiceUrl), path and port kept; undefined when not given. */
  public readonly groupIDServiceUrl?: string;
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
    checkProvidersDeclared(this);
    const settings = validateFlowEnvironmentProps(this, props);
    this.orgCode = settings.orgCode;
    this.region = settings.region;
    this.directoryManagerUrl = settings.directoryManagerUrl;
    this.groupIDServiceUrl = settings.groupIDServiceUrl;
    this.identityStoreId = settings.identityStoreId;
    this.clientId = settings.clientId;
    this.tenantId = settings.tenantId;
    this.allowedFlowHostSuffixes = settings.allowedFlowHostSuffixes;

    // A flow URL secret is valid for `lifetime` days and rewritten at the first apply after
    // lifetime - 30, or when flowUrlsVersion changes (the rotation's trigger): a write-only value
    // is written only when its version (the rotation's time) moves.
    const lifetime = settings.flowUrlSecretLifetimeDays;
    const rotation = new Rotating(this, "flow-url-rotation", {
      rotationDays: lifetime - 30,
      triggers: { flow_urls_version: String(settings.flowUrlsVersion) },
    });
    const written = { expirationDate: Fn.timeadd(rotation.rfc3339, `${lifetime * 24}h`), valueVersion: rotation.unix };
    const variablePrefix = props.variablePrefix ?? `${variableStem(this)}_flow_request_url`;
    this.routes = {};
    for (const [key, route] of Object.entries(props.routes)) {
      this.routes[key] = {
        key,
        displayName: route.displayName,
        auth: route.auth ?? "sig",
        ...this.flowUrlSecret(key, route.flowRequestUrl, props.keyVault, written, variablePrefix, route.auth ?? "sig"),
      };
    }
    this.departments = this.declareDepartments(props, settings.departments);
  }

  /** The Key Vault secret (and variable) for one route's flow URL. */
  private flowUrlSecret(
    key: string,
    source: FlowRequestUrlSource,
    keyVault: KeyVaultRef,
    written: { readonly expirationDate: string; readonly valueVersion: number },
    variablePrefix: string,
    auth: "sig" | "entra",
  ): Omit<FlowRoute, "key" | "displayName" | "auth"> {
    const prop = `routes["${key}"].flowRequestUrl`;
    const secretProps = {
      name: `flow-url-${key}`,
      contentType: "application/x-power-automate-request-url",
      ...written,
    };
    switch (source?.source) {
      case "variable": {
        const name = flowUrlVariableName(key, variablePrefix);
        const variable = secretVariable(this, name, {
          prop: "variablePrefix",
          description: `Flow request URL of the "${key}" route (a bearer secret: pass it as TF_VAR_${name} from the pipeline's secret store)`,
          validation: [
            {
              condition:
                auth === "entra"
                  ? `\${can(regex("${hclString(entraFlowRequestUrlPattern(this.allowedFlowHostSuffixes))}", var.${name})) && !can(regex("${hclString(FLOW_URL_SIG_PARAMETER)}", var.${name}))}`
                  : `\${can(regex("${hclString(flowRequestUrlPattern(this.allowedFlowHostSuffixes))}", var.${name}))}`,
              errorMessage: `${name}: expected ${flowRequestUrlForm(this.allowedFlowHostSuffixes, auth)}.`,
            },
          ],
        });
        return {
          variableName: name,
          flowUrlSecret: addVaultSecret(this, `flow-url-${key}`, keyVault, {
            ...secretProps,
            value: variable.stringValue,
          }),
        };
      }
      case "external":
        // Written once: the placeholder's version never moves, so az keyvault secret set owns the value.
        return {
          flowUrlSecret: addVaultSecret(this, `flow-url-${key}`, keyVault, {
            ...secretProps,
            valueVersion: 1,
            value: "placeholder-set-with-az-keyvault-secret-set",
            valueManagedOutside: true,
          }),
        };
      case "reference":
        if (!isUnresolved(source.value)) {
          new PropChecks(this).fail(
            prop,
            'a reference, because a flow request URL is a bearer secret (its sig lets anyone run the flow): use { source: "variable" } or { source: "external" }, or pass your own sensitive variable',
            described("a literal URL (not shown)"),
          );
        }
        return {
          flowUrlSecret: addVaultSecret(this, `flow-url-${key}`, keyVault, { ...secretProps, value: source.value }),
        };
      default:
        return new PropChecks(this).fail(
          prop,
          '{ source: "variable" }, { source: "external" } or { source: "reference", value }',
          source,
        );
    }
  }

  /** The departments as the relay reads them, with a dynamic group for each when asked and none is given. */
  private declareDepartments(
    props: FlowEnvironmentProps,
    departments: FlowEnvironmentSettings["departments"],
  ): Record<string, RelayDepartmentSetting> {
    const entries = Object.entries(departments);
    const deployer =
      props.createDepartmentGroups && entries.length > 0 ? new DataAzureadClientConfig(this, "deployer") : undefined;
    const declared: Record<string, RelayDepartmentSetting> = {};
    entries.forEach(([name, { siteUrl, groupObjectId }], index) => {
      if (!deployer || groupObjectId !== undefined) {
        declared[name] = groupObjectId === undefined ? { siteUrl } : { siteUrl, groupObjectId };
        return;
      }
      // Dynamic membership grants the site to every user whose department matches, with no flow
      // step and no standing write permission on groups (needs Entra ID P1).
      const group = new Group(this, `department-group-${index}`, {
        displayName: `${props.departmentGroupNamePrefix ?? SETTING_DEFAULTS.departmentGroupNamePrefix}${name}`,
        description: `Members of the ${name} department; grants access to ${siteUrl}`,
        securityEnabled: true,
        mailEnabled: false,
        types: ["DynamicMembership"],
        dynamicMembership: { enabled: true, rule: `user.department -eq "${name}"` },
        owners: [deployer.objectId],
        preventDuplicateNames: true,
      });
      declared[name] = { siteUrl, groupObjectId: group.objectId };
    });
    return declared;
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
      // Only when configured: dmflow never replaces Directory Manager's callback URL with a guess.
      ...(this.groupIDServiceUrl === undefined ? {} : { groupIDServiceUrl: this.groupIDServiceUrl }),
      directoryManagerServer: this.directoryManagerUrl,
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
