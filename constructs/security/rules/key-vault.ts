import { compliant, nonCompliant, RuleOutcome, SecurityRule, unknown } from "../rule";
import { allOf, blockList, expectBoolean, isUnresolved, quoted, valueAt } from "./checks";

const VAULT = ["azurerm_key_vault"];
const SECRET = ["azurerm_key_vault_secret"];

/** A setting that must be present and non-empty (a reference counts: it is set, to a value known at plan). */
function expectSet(config: Readonly<Record<string, unknown>>, key: string): RuleOutcome {
  const value = config[key];
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
    return nonCompliant(`${key} is not set`);
  }
  return compliant();
}

export const KEY_VAULT_RULES: readonly SecurityRule[] = [
  {
    id: "DMF-KV-PURGE-PROTECTION",
    mirrors: ["CKV_AZURE_42", "CKV_AZURE_110", "AVD-AZU-0016"],
    description: "Key Vault has purge protection on and soft delete kept (retention 7-90 days).",
    severity: "error",
    fix: "Set purgeProtectionEnabled: true (the provider default is false) and softDeleteRetentionDays from 7 to 90.",
    types: VAULT,
    check: (e) => {
      const retention = e.config.soft_delete_retention_days;
      let softDelete: RuleOutcome = compliant(); // always on in azurerm 4.x; only the retention can be wrong
      if (isUnresolved(retention)) softDelete = unknown(`soft_delete_retention_days is ${quoted(retention)}, known only at plan`);
      else if (retention !== undefined && retention !== null && !(Number(retention) >= 7 && Number(retention) <= 90)) {
        softDelete = nonCompliant(`soft_delete_retention_days is ${quoted(retention)}; expected 7 to 90`);
      }
      return allOf(expectBoolean(e.config, "purge_protection_enabled", true, false), softDelete);
    },
  },
  {
    id: "DMF-KV-RBAC",
    mirrors: ["AVM default"],
    description: "Key Vault uses RBAC authorization, with no access policies (`rbac_authorization_enabled = true`).",
    severity: "error",
    fix:
      "Set rbacAuthorizationEnabled: true, remove accessPolicy blocks and azurerm_key_vault_access_policy " +
      "resources, and grant Key Vault roles with role assignments instead.",
    types: ["azurerm_key_vault", "azurerm_key_vault_access_policy"],
    check: (e) => {
      if (e.type === "azurerm_key_vault_access_policy") {
        return nonCompliant("it grants access with an access policy instead of an RBAC role assignment");
      }
      // azurerm 4.x names it rbac_authorization_enabled; enable_rbac_authorization is the deprecated name.
      const key = e.config.rbac_authorization_enabled !== undefined ? "rbac_authorization_enabled" : "enable_rbac_authorization";
      const policies = e.config.access_policy;
      const policyCheck = isUnresolved(policies)
        ? unknown(`access_policy is ${quoted(policies)}, known only at plan`)
        : blockList(policies).length > 0
          ? nonCompliant(`it has ${blockList(policies).length} access_policy block(s)`)
          : compliant();
      return allOf(expectBoolean(e.config, key, true, false), policyCheck);
    },
  },
  {
    id: "DMF-KV-FIREWALL-DENY",
    mirrors: ["CKV_AZURE_109", "AVD-AZU-0013"],
    description: 'Key Vault firewall denies by default (`network_acls.default_action = "Deny"`).',
    severity: "error",
    fix: 'Set networkAcls: { defaultAction: "Deny", bypass: "AzureServices", ipRules: [allowed ranges] }.',
    types: VAULT,
    check: (e) => {
      const action = valueAt(e.config, "network_acls.default_action");
      if (isUnresolved(action)) return unknown(`network_acls.default_action is ${quoted(action)}, known only at plan`);
      if (action === undefined || action === null) return nonCompliant("it has no network_acls block, so every network may reach it");
      return action === "Deny" ? compliant() : nonCompliant(`network_acls.default_action is ${quoted(action)}`);
    },
  },
  {
    id: "DMF-KV-PUBLIC-ACCESS",
    mirrors: ["CKV_AZURE_189"],
    description: "Key Vault has public network access off (`public_network_access_enabled = false`).",
    severity: "error",
    fix:
      "Set publicNetworkAccessEnabled: false and use a private endpoint; if deploy runners must reach it over the " +
      "internet, keep the default-deny firewall and suppress with the reason.",
    types: VAULT,
    check: (e) => expectBoolean(e.config, "public_network_access_enabled", false, true),
  },
  {
    id: "DMF-KV-SECRET-EXPIRY",
    mirrors: ["CKV_AZURE_41", "AVD-AZU-0017"],
    description: "Every Key Vault secret has an expiry (`expiration_date`).",
    severity: "error",
    fix: "Set expirationDate (RFC 3339), e.g. from a time_rotating or time_offset resource, or the credential's end date.",
    types: SECRET,
    check: (e) => expectSet(e.config, "expiration_date"),
  },
  {
    id: "DMF-KV-SECRET-CONTENT-TYPE",
    mirrors: ["CKV_AZURE_114", "AVD-AZU-0015"],
    description: "Every Key Vault secret has a content type (`content_type`).",
    severity: "error",
    fix: 'Set contentType to what the secret holds, e.g. "text/uri" or "application/x-entra-client-secret".',
    types: SECRET,
    check: (e) => expectSet(e.config, "content_type"),
  },
];
