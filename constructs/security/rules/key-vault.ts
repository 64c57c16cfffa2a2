import { compliant, nonCompliant, type RuleOutcome, type SecurityRule, unknown } from "../rule";
import { allOf, blockList, expectBoolean, isUnresolved, knownOnlyAtPlan, quoted, valueAt, verdict } from "./checks";
import { privateEndpointFor } from "./storage-network";

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
    mirrors: ["CKV_AZURE_42", "CKV_AZURE_110", "CKV_AZURE_111", "AVD-AZU-0016"],
    description:
      "Key Vault has purge protection on and sets its soft delete retention to 7-90 days explicitly (Trivy reads an omitted retention as 0).",
    severity: "error",
    fix: "Set purgeProtectionEnabled: true (the provider default is false) and softDeleteRetentionDays from 7 to 90.",
    types: VAULT,
    check: (e) => {
      const purge = e.config.purge_protection_enabled;
      const retention = e.config.soft_delete_retention_days;
      const unresolved = [purge, retention, e.config.soft_delete_enabled].find(isUnresolved);
      if (unresolved !== undefined) return knownOnlyAtPlan("purge protection or retention", unresolved);
      const purgeOn = purge === true || purge === "true";
      const days = retention === undefined || retention === null ? 0 : Number(retention);
      return verdict([
        !purgeOn && {
          problem: `purge_protection_enabled is ${purge ?? "not set (default false)"}`,
          reportedBy: ["CKV_AZURE_42", "CKV_AZURE_110", "AVD-AZU-0016"],
        },
        // soft_delete_enabled is the azurerm 2 name; Checkov still fails it when false.
        (e.config.soft_delete_enabled === false || e.config.soft_delete_enabled === "false") && {
          problem: "soft_delete_enabled is false",
          reportedBy: ["CKV_AZURE_42", "CKV_AZURE_111"],
        },
        !(days >= 7 && days <= 90) && {
          problem:
            retention === undefined
              ? "soft_delete_retention_days is not set"
              : `soft_delete_retention_days is ${quoted(retention)}; expected 7 to 90`,
          reportedBy: purgeOn ? ["AVD-AZU-0016"] : [],
        },
      ]);
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
      const key =
        e.config.rbac_authorization_enabled !== undefined ? "rbac_authorization_enabled" : "enable_rbac_authorization";
      const policies = e.config.access_policy;
      const policyCheck = isUnresolved(policies)
        ? knownOnlyAtPlan("access_policy", policies)
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
      if (isUnresolved(action)) return knownOnlyAtPlan("network_acls.default_action", action);
      if (action === undefined || action === null)
        return nonCompliant("it has no network_acls block, so every network may reach it");
      return action === "Deny" ? compliant() : nonCompliant(`network_acls.default_action is ${quoted(action)}`);
    },
  },
  {
    id: "DMF-KV-PUBLIC-ACCESS",
    mirrors: ["CKV_AZURE_189"],
    differs: {
      CKV_AZURE_189: "stricter: Checkov also passes a public vault whose firewall lists IP ranges or subnets",
    },
    description: "Key Vault has public network access off (`public_network_access_enabled = false`).",
    severity: "error",
    fix:
      "Set publicNetworkAccessEnabled: false and use a private endpoint; if deploy runners must reach it over the " +
      "internet, keep the default-deny firewall and suppress with the reason.",
    types: VAULT,
    check: (e) => {
      const v = e.config.public_network_access_enabled;
      if (isUnresolved(v)) return knownOnlyAtPlan("public_network_access_enabled", v);
      if (v === false || v === "false") return verdict([]);
      // Checkov passes a public vault whose firewall names IP ranges or subnets; the pack does not.
      const acls = blockList(e.config.network_acls) as Record<string, unknown>[];
      const scoped = acls.some(
        (a) => blockList(a.ip_rules).length > 0 || blockList(a.virtual_network_subnet_ids).length > 0,
      );
      return verdict([
        {
          problem: `public_network_access_enabled is ${v ?? "not set (default true)"}`,
          reportedBy: scoped ? [] : ["CKV_AZURE_189"],
        },
      ]);
    },
  },
  {
    id: "DMF-KV-PRIVATE-ENDPOINT",
    mirrors: ["CKV2_AZURE_32"],
    description:
      "Key Vault is reached through a private endpoint (an `azurerm_private_endpoint` whose `private_connection_resource_id` is the vault).",
    severity: "error",
    fix: "Add an azurerm_private_endpoint for the vault in the workload's VNet, or suppress with the reason.",
    types: VAULT,
    check: (e, context) => {
      const endpoint = privateEndpointFor(e, context);
      if (endpoint.found) return verdict([]);
      if (endpoint.unsure) return unknown("a private endpoint points at a resource known only at plan");
      return verdict([{ problem: "no private endpoint connects to it", reportedBy: ["CKV2_AZURE_32"] }]);
    },
  },
  {
    id: "DMF-KV-SECRET-EXPIRY",
    mirrors: ["CKV_AZURE_41"],
    description: "Every Key Vault secret has an expiry (`expiration_date`, a date or a reference).",
    severity: "error",
    fix: "Set expirationDate (RFC 3339), e.g. from a time_rotating or time_offset resource, or the credential's end date.",
    types: SECRET,
    check: (e) => expectSet(e.config, "expiration_date"),
  },
  {
    id: "DMF-KV-SECRET-EXPIRY-DATE",
    mirrors: ["AVD-AZU-0017"],
    description:
      "Every Key Vault secret's expiry is an RFC 3339 date readable before plan (Trivy reads a reference it cannot resolve as no expiry).",
    severity: "error",
    fix:
      "Set expirationDate to a literal RFC 3339 date, or keep a rotation-derived reference and suppress with that reason " +
      "(the expiry then follows the rotation, which a literal date cannot).",
    types: SECRET,
    check: (e) => {
      const v = e.config.expiration_date;
      const readable =
        typeof v === "string" && !isUnresolved(v) && !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v);
      return verdict([
        !readable && {
          problem:
            v === undefined || v === null
              ? "expiration_date is not set"
              : `expiration_date is ${isUnresolved(v) ? "a reference known only at apply" : quoted(v)}, not a date the scanner can read`,
          reportedBy: ["AVD-AZU-0017"],
        },
      ]);
    },
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
