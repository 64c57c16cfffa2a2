import {
  compliant,
  nonCompliant,
  notApplicable,
  type RuleContext,
  type RuleOutcome,
  type SecurityRule,
  type SynthesizedElement,
} from "../rule";
import {
  allOf,
  expectBoolean,
  expectOneOf,
  isUnresolved,
  knownOnlyAtPlan,
  quoted,
  reportedAs,
  valueAt,
} from "./checks";

/**
 * Function app resource types the rules cover: Flex Consumption and the Linux and Windows plans in
 * azurerm, and a function app declared as ARM does through azapi (`azapi_resource` of type
 * Microsoft.Web/sites whose kind includes "functionapp"), read from its request body.
 */
export const FUNCTION_APP_TYPES = [
  "azurerm_function_app_flex_consumption",
  "azurerm_linux_function_app",
  "azurerm_windows_function_app",
  "azapi_resource",
] as const;

/** Types that have FTP publishing (Flex Consumption has none). */
const WITH_FTP = ["azurerm_linux_function_app", "azurerm_windows_function_app"];

/** Whether the element is an azurerm function app, an azapi one, or not a function app at all. */
function declaredAs(e: SynthesizedElement): "azurerm" | "arm" | undefined {
  if (e.type !== "azapi_resource") return "azurerm";
  const type = e.config.type;
  const kind = valueAt(e.config, "body.kind");
  if (typeof type !== "string" || !/^Microsoft\.Web\/sites@/i.test(type)) return undefined;
  return isUnresolved(kind) || (typeof kind === "string" && /functionapp/i.test(kind)) ? "arm" : undefined;
}

/** Runs the azurerm or the ARM form of a check; not applicable to other azapi resources. */
function onFunctionApp(
  azurerm: (e: SynthesizedElement, c: RuleContext) => RuleOutcome,
  arm: (e: SynthesizedElement, c: RuleContext) => RuleOutcome,
) {
  return (e: SynthesizedElement, context: RuleContext): RuleOutcome => {
    const form = declaredAs(e);
    return form === "azurerm" ? azurerm(e, context) : form === "arm" ? arm(e, context) : notApplicable();
  };
}

/**
 * ARM's basic-publishing policies (`scm`, `ftp`) are settings of the site: each must be set with
 * `allow: false`, as an `azapi_update_resource` on `<site id>/basicPublishingCredentialsPolicies/<name>`
 * (this package's form) or an `azapi_resource` child named after it.
 */
function armPublishingPoliciesOff(e: SynthesizedElement, context: RuleContext): RuleOutcome {
  const siteId = `\${azapi_resource.${e.name}.id}`;
  const isPolicy = (p: SynthesizedElement) =>
    /^Microsoft\.Web\/sites\/basicPublishingCredentialsPolicies@/i.test(String(p.config.type));
  const policyNamed = (name: string) =>
    context
      .ofType("resource", "azapi_update_resource")
      .find((p) => isPolicy(p) && p.config.resource_id === `${siteId}/basicPublishingCredentialsPolicies/${name}`) ??
    context
      .ofType("resource", "azapi_resource")
      .find((p) => isPolicy(p) && p.config.parent_id === siteId && p.config.name === name);
  return allOf(
    ...["scm", "ftp"].map((name) => {
      const policy = policyNamed(name);
      if (!policy)
        return nonCompliant(
          `it has no basicPublishingCredentialsPolicies/${name} setting with allow: false (ARM's default allows basic auth)`,
        );
      return expectBoolean(policy.config, "body.properties.allow", false, true);
    }),
  );
}

/**
 * No scanner reads a Flex Consumption app, whether an azurerm_function_app_flex_consumption or an
 * azapi Microsoft.Web/sites (Checkov and Trivy know only the Linux and Windows types), so a finding
 * on one is the pack's alone: nothing to export to their ignore files.
 */
function unseenOnFlex(rule: SecurityRule): SecurityRule {
  return {
    ...rule,
    check: (e, context) => {
      const outcome = rule.check(e, context);
      const flex = e.type === "azurerm_function_app_flex_consumption" || e.type === "azapi_resource";
      return flex && outcome.status === "non-compliant" ? nonCompliant(outcome.problem, []) : outcome;
    },
  };
}

const RULES: readonly SecurityRule[] = [
  {
    id: "DMF-FUNC-HTTPS-ONLY",
    mirrors: ["CKV_AZURE_70", "AVD-AZU-0004"],
    description:
      "Function app accepts HTTPS only (`https_only = true`, and `auth_settings_v2.require_https` not false; ARM `httpsOnly`).",
    severity: "error",
    fix: "Set httpsOnly: true on the function app (the provider default is false), and leave authSettingsV2.requireHttps out or true.",
    types: FUNCTION_APP_TYPES,
    check: onFunctionApp(
      (e) =>
        allOf(
          reportedAs(expectBoolean(e.config, "https_only", true, false), ["CKV_AZURE_70", "AVD-AZU-0004"]),
          // Checkov also fails sign-in (Easy Auth) that allows http; Trivy reads https_only alone.
          reportedAs(expectBoolean(e.config, "auth_settings_v2.require_https", true, true), ["CKV_AZURE_70"]),
        ),
      (e) => expectBoolean(e.config, "body.properties.httpsOnly", true, false),
    ),
  },
  {
    id: "DMF-FUNC-MIN-TLS",
    mirrors: ["CKV_AZURE_145"],
    differs: { CKV_AZURE_145: "stricter: also the SCM site's scm_minimum_tls_version" },
    description:
      "Function app (and its SCM site) requires TLS 1.2 or 1.3 (`site_config.minimum_tls_version`; ARM `siteConfig.minTlsVersion`).",
    severity: "error",
    fix: 'Set siteConfig.minimumTlsVersion (and scmMinimumTlsVersion) to "1.2" or "1.3", or leave them out (default "1.2").',
    types: FUNCTION_APP_TYPES,
    check: onFunctionApp(
      (e) =>
        allOf(
          reportedAs(expectOneOf(e.config, "site_config.minimum_tls_version", ["1.2", "1.3"], "1.2"), [
            "CKV_AZURE_145",
          ]),
          reportedAs(expectOneOf(e.config, "site_config.scm_minimum_tls_version", ["1.2", "1.3"], "1.2"), []),
        ),
      (e) =>
        allOf(
          expectOneOf(e.config, "body.properties.siteConfig.minTlsVersion", ["1.2", "1.3"], "1.2"),
          expectOneOf(e.config, "body.properties.siteConfig.scmMinTlsVersion", ["1.2", "1.3"], "1.2"),
        ),
    ),
  },
  {
    id: "DMF-FUNC-REMOTE-DEBUG-OFF",
    mirrors: ["CKV_AZURE_72"],
    description:
      "Function app has remote debugging off (`site_config.remote_debugging_enabled`; ARM `siteConfig.remoteDebuggingEnabled`).",
    severity: "error",
    fix: "Set siteConfig.remoteDebuggingEnabled: false, or leave it out (default false).",
    types: FUNCTION_APP_TYPES,
    check: onFunctionApp(
      (e) => expectBoolean(e.config, "site_config.remote_debugging_enabled", false, false),
      (e) => expectBoolean(e.config, "body.properties.siteConfig.remoteDebuggingEnabled", false, false),
    ),
  },
  {
    id: "DMF-FUNC-PUBLIC-ACCESS",
    mirrors: ["CKV_AZURE_221"],
    description:
      'Function app has public network access off (`public_network_access_enabled = false`; ARM `publicNetworkAccess = "Disabled"`).',
    severity: "error",
    fix:
      "Set publicNetworkAccessEnabled: false and reach the app through a private endpoint; if callers outside " +
      "a network must reach it, restrict it by IP or service tag and suppress with the reason.",
    types: FUNCTION_APP_TYPES,
    check: onFunctionApp(
      (e) => expectBoolean(e.config, "public_network_access_enabled", false, true),
      (e) => expectOneOf(e.config, "body.properties.publicNetworkAccess", ["Disabled"], "Enabled"),
    ),
  },
  {
    id: "DMF-FUNC-MANAGED-IDENTITY",
    mirrors: [],
    differs: {
      "AVD-AZU-0002":
        "the same check for web apps (azurerm_linux_web_app, azurerm_windows_web_app); Trivy has none for function apps",
    },
    description: "Function app has a managed identity (`identity` block, system- or user-assigned).",
    severity: "error",
    fix: 'Add identity: { type: "SystemAssigned" } or a user-assigned identity, and use it for storage and Key Vault.',
    types: FUNCTION_APP_TYPES,
    // azurerm and azapi both write the identity as a block with a `type`.
    check: onFunctionApp(hasManagedIdentity, hasManagedIdentity),
  },
  {
    id: "DMF-FUNC-BASIC-AUTH-OFF",
    mirrors: ["AVM default"],
    description:
      "Function app has FTP and SCM/webdeploy basic publishing authentication off (ARM: `basicPublishingCredentialsPolicies` `scm` and `ftp` with `allow: false`).",
    severity: "error",
    fix:
      "Set webdeployPublishBasicAuthenticationEnabled: false (and ftpPublishBasicAuthenticationEnabled: false " +
      "where the resource has it), or with azapi add the site's basicPublishingCredentialsPolicies scm and ftp " +
      "with allow: false; deploy with Entra ID instead (basic auth is on by default).",
    types: FUNCTION_APP_TYPES,
    check: onFunctionApp(
      (e) =>
        allOf(
          expectBoolean(e.config, "webdeploy_publish_basic_authentication_enabled", false, true),
          WITH_FTP.includes(e.type)
            ? expectBoolean(e.config, "ftp_publish_basic_authentication_enabled", false, true)
            : compliant(),
        ),
      armPublishingPoliciesOff,
    ),
  },
  {
    id: "DMF-FUNC-FTPS",
    mirrors: ["AVM default"],
    description:
      'Function app has FTP off or FTPS only (`site_config.ftps_state` "Disabled" or "FtpsOnly"; ARM `siteConfig.ftpsState`).',
    severity: "error",
    fix: 'Set siteConfig.ftpsState: "Disabled" (or "FtpsOnly"), or leave it out (default "Disabled").',
    types: FUNCTION_APP_TYPES,
    check: onFunctionApp(
      (e) =>
        WITH_FTP.includes(e.type)
          ? expectOneOf(e.config, "site_config.ftps_state", ["Disabled", "FtpsOnly"], "Disabled")
          : notApplicable(),
      // A Flex Consumption site (it has functionAppConfig) has no FTP; ARM's default for others is not documented.
      (e) =>
        valueAt(e.config, "body.properties.functionAppConfig") !== undefined
          ? notApplicable()
          : expectOneOf(e.config, "body.properties.siteConfig.ftpsState", ["Disabled", "FtpsOnly"]),
    ),
  },
];

export const FUNCTION_APP_RULES: readonly SecurityRule[] = RULES.map(unseenOnFlex);

function hasManagedIdentity(e: SynthesizedElement): RuleOutcome {
  const type = valueAt(e.config, "identity.type");
  if (isUnresolved(type)) return knownOnlyAtPlan("identity.type", type);
  if (typeof type !== "string" || type.trim() === "") return nonCompliant("it has no identity block");
  return /SystemAssigned|UserAssigned/.test(type) ? compliant() : nonCompliant(`identity.type is ${quoted(type)}`);
}
