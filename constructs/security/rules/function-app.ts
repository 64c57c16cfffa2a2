import { compliant, nonCompliant, notApplicable, SecurityRule, unknown } from "../rule";
import { allOf, expectBoolean, expectOneOf, isUnresolved, quoted, valueAt } from "./checks";

/** Function app resource types the rules cover (Flex Consumption, and the Linux and Windows plans). */
export const FUNCTION_APP_TYPES = [
  "azurerm_function_app_flex_consumption",
  "azurerm_linux_function_app",
  "azurerm_windows_function_app",
] as const;

/** Types that have FTP publishing (Flex Consumption has none). */
const WITH_FTP = ["azurerm_linux_function_app", "azurerm_windows_function_app"];

export const FUNCTION_APP_RULES: readonly SecurityRule[] = [
  {
    id: "DMF-FUNC-HTTPS-ONLY",
    mirrors: ["CKV_AZURE_70", "AVD-AZU-0004"],
    description: "Function app accepts HTTPS only (`https_only = true`).",
    severity: "error",
    fix: "Set httpsOnly: true on the function app (the provider default is false).",
    types: FUNCTION_APP_TYPES,
    check: (e) => expectBoolean(e.config, "https_only", true, false),
  },
  {
    id: "DMF-FUNC-MIN-TLS",
    mirrors: ["CKV_AZURE_145"],
    description: "Function app (and its SCM site) requires TLS 1.2 or 1.3 (`site_config.minimum_tls_version`).",
    severity: "error",
    fix: 'Set siteConfig.minimumTlsVersion (and scmMinimumTlsVersion) to "1.2" or "1.3", or leave them out (default "1.2").',
    types: FUNCTION_APP_TYPES,
    check: (e) =>
      allOf(
        expectOneOf(e.config, "site_config.minimum_tls_version", ["1.2", "1.3"], "1.2"),
        expectOneOf(e.config, "site_config.scm_minimum_tls_version", ["1.2", "1.3"], "1.2"),
      ),
  },
  {
    id: "DMF-FUNC-REMOTE-DEBUG-OFF",
    mirrors: ["CKV_AZURE_72"],
    description: "Function app has remote debugging off (`site_config.remote_debugging_enabled`).",
    severity: "error",
    fix: "Set siteConfig.remoteDebuggingEnabled: false, or leave it out (default false).",
    types: FUNCTION_APP_TYPES,
    check: (e) => expectBoolean(e.config, "site_config.remote_debugging_enabled", false, false),
  },
  {
    id: "DMF-FUNC-PUBLIC-ACCESS",
    mirrors: ["CKV_AZURE_221"],
    description: "Function app has public network access off (`public_network_access_enabled = false`).",
    severity: "error",
    fix:
      "Set publicNetworkAccessEnabled: false and reach the app through a private endpoint; if callers outside " +
      "a network must reach it, restrict it by IP or service tag and suppress with the reason.",
    types: FUNCTION_APP_TYPES,
    check: (e) => expectBoolean(e.config, "public_network_access_enabled", false, true),
  },
  {
    id: "DMF-FUNC-MANAGED-IDENTITY",
    mirrors: ["AVD-AZU-0002"],
    description: "Function app has a managed identity (`identity` block, system- or user-assigned).",
    severity: "error",
    fix: 'Add identity: { type: "SystemAssigned" } or a user-assigned identity, and use it for storage and Key Vault.',
    types: FUNCTION_APP_TYPES,
    check: (e) => {
      const type = valueAt(e.config, "identity.type");
      if (isUnresolved(type)) return unknown(`identity.type is ${quoted(type)}, known only at plan`);
      if (typeof type !== "string" || type.trim() === "") return nonCompliant("it has no identity block");
      return /SystemAssigned|UserAssigned/.test(type) ? compliant() : nonCompliant(`identity.type is ${quoted(type)}`);
    },
  },
  {
    id: "DMF-FUNC-BASIC-AUTH-OFF",
    mirrors: ["AVM default"],
    description: "Function app has FTP and SCM/webdeploy basic publishing authentication off.",
    severity: "error",
    fix:
      "Set webdeployPublishBasicAuthenticationEnabled: false (and ftpPublishBasicAuthenticationEnabled: false " +
      "where the resource has it); deploy with Entra ID instead (both default to true).",
    types: FUNCTION_APP_TYPES,
    check: (e) =>
      allOf(
        expectBoolean(e.config, "webdeploy_publish_basic_authentication_enabled", false, true),
        WITH_FTP.includes(e.type) ? expectBoolean(e.config, "ftp_publish_basic_authentication_enabled", false, true) : compliant(),
      ),
  },
  {
    id: "DMF-FUNC-FTPS",
    mirrors: ["AVM default"],
    description: 'Function app has FTP off or FTPS only (`site_config.ftps_state` "Disabled" or "FtpsOnly").',
    severity: "error",
    fix: 'Set siteConfig.ftpsState: "Disabled" (or "FtpsOnly"), or leave it out (default "Disabled").',
    types: FUNCTION_APP_TYPES,
    check: (e) =>
      WITH_FTP.includes(e.type)
        ? expectOneOf(e.config, "site_config.ftps_state", ["Disabled", "FtpsOnly"], "Disabled")
        : notApplicable(),
  },
];
