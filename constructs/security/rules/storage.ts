/**
 * Storage account settings. Each rule fails whenever a Checkov or Trivy check it mirrors fails the
 * account (each read with that scanner's own defaults for an omitted attribute), and names which.
 */
import {
  compliant,
  notApplicable,
  type RuleContext,
  type RuleOutcome,
  type SecurityRule,
  type SynthesizedElement,
} from "../rule";
import { isUnresolved, knownOnlyAtPlan, quoted, referencing, valueAt, verdict } from "./checks";

export const STORAGE_ACCOUNT = ["azurerm_storage_account"];

/** The account kind, or an outcome when it decides the rule on its own. */
export function kindExcludes(account: SynthesizedElement, excluded: readonly string[]): RuleOutcome | undefined {
  const kind = account.config.account_kind ?? "StorageV2";
  if (isUnresolved(kind)) return knownOnlyAtPlan("account_kind", kind);
  return excluded.includes(String(kind)) ? notApplicable() : undefined;
}

const TLS = ["TLS1_2", "TLS1_3"];
const GEO = ["GRS", "RAGRS", "GZRS", "RAGZRS"];
const isFalse = (v: unknown) => v === false || v === "false";
const isTrue = (v: unknown) => v === true || v === "true";

/** The account's customer-managed key id: inline, or from an azurerm_storage_account_customer_managed_key. */
function customerManagedKey(account: SynthesizedElement, context: RuleContext): unknown {
  const inline = valueAt(account.config, "customer_managed_key.key_vault_key_id");
  if (inline !== undefined && inline !== null && inline !== "") return inline;
  const separate = referencing(account, context, "azurerm_storage_account_customer_managed_key", "storage_account_id")
    .found[0];
  return separate ? (separate.config.key_vault_key_id ?? separate.config.key_name) : undefined;
}

export const STORAGE_RULES: readonly SecurityRule[] = [
  {
    id: "DMF-ST-MIN-TLS",
    mirrors: ["CKV_AZURE_44", "AVD-AZU-0011", "AVD-AZU-0059"],
    description:
      'Storage account sets TLS 1.2 or higher (`min_tls_version` "TLS1_2" or "TLS1_3", set explicitly as Checkov requires; Trivy assumes TLS1_2 when it is left out).',
    severity: "error",
    fix: 'Set minTlsVersion: "TLS1_2" explicitly (Checkov fails an omitted value even though the azurerm 4 default is TLS1_2).',
    types: STORAGE_ACCOUNT,
    check: (e) => {
      const v = e.config.min_tls_version;
      if (isUnresolved(v)) return knownOnlyAtPlan("min_tls_version", v);
      if (v === undefined || v === null)
        return verdict([{ problem: "min_tls_version is not set", reportedBy: ["CKV_AZURE_44"] }]);
      return verdict([
        !TLS.includes(String(v)) && {
          problem: `min_tls_version is ${quoted(v)}`,
          reportedBy: ["CKV_AZURE_44", "AVD-AZU-0011", "AVD-AZU-0059"],
        },
      ]);
    },
  },
  {
    id: "DMF-ST-HTTPS-ONLY",
    mirrors: ["AVD-AZU-0008", "AVD-AZU-0059", "CKV_AZURE_3"],
    description:
      "Storage account accepts HTTPS only (`https_traffic_only_enabled`, or the azurerm 3 name `enable_https_traffic_only`, not false; both default to true).",
    severity: "error",
    fix: "Set httpsTrafficOnlyEnabled: true, or leave it out (default true).",
    types: STORAGE_ACCOUNT,
    check: (e) => {
      const current = e.config.https_traffic_only_enabled;
      const legacy = e.config.enable_https_traffic_only;
      const unresolved = [legacy, current].find(isUnresolved);
      if (unresolved !== undefined) return knownOnlyAtPlan("https traffic only", unresolved);
      // Trivy reads the first of the two names that is set; Checkov reads only the azurerm 3 name.
      const trivy = legacy !== undefined && legacy !== null ? legacy : current;
      return verdict([
        isFalse(legacy) && {
          problem: "enable_https_traffic_only is false",
          reportedBy: ["CKV_AZURE_3", "AVD-AZU-0008", "AVD-AZU-0059"],
        },
        isFalse(current) && {
          problem: "https_traffic_only_enabled is false",
          reportedBy: isFalse(trivy) ? ["AVD-AZU-0008", "AVD-AZU-0059"] : [],
        },
      ]);
    },
  },
  {
    id: "DMF-ST-NO-PUBLIC-BLOBS",
    mirrors: ["CKV_AZURE_190", "CKV2_AZURE_47"],
    description:
      "Storage account forbids anonymous blob access (`allow_nested_items_to_be_public = false`, set explicitly; the provider default is true).",
    severity: "error",
    fix: "Set allowNestedItemsToBePublic: false (the provider default is true).",
    types: STORAGE_ACCOUNT,
    check: (e) => {
      const v = e.config.allow_nested_items_to_be_public;
      if (isUnresolved(v)) return knownOnlyAtPlan("allow_nested_items_to_be_public", v);
      return verdict([
        !isFalse(v) && {
          problem:
            v === undefined
              ? "allow_nested_items_to_be_public is not set, and the provider default is true"
              : `allow_nested_items_to_be_public is ${v}`,
          reportedBy: ["CKV_AZURE_190", "CKV2_AZURE_47"],
        },
      ]);
    },
  },
  {
    id: "DMF-ST-SHARED-KEY-OFF",
    mirrors: ["CKV2_AZURE_40"],
    description:
      "Storage account has shared key access off (`shared_access_key_enabled = false`, set explicitly): identity-based access only.",
    severity: "error",
    fix:
      "Set sharedAccessKeyEnabled: false, give identities data-plane roles, and set storageUseAzuread: true " +
      "on the azurerm provider (the provider default is true).",
    types: STORAGE_ACCOUNT,
    check: (e) => {
      const v = e.config.shared_access_key_enabled;
      if (isUnresolved(v)) return knownOnlyAtPlan("shared_access_key_enabled", v);
      return verdict([
        !isFalse(v) && {
          problem:
            v === undefined
              ? "shared_access_key_enabled is not set, and the provider default is true"
              : `shared_access_key_enabled is ${v}`,
          reportedBy: ["CKV2_AZURE_40"],
        },
      ]);
    },
  },
  {
    id: "DMF-ST-BLOB-SOFT-DELETE",
    mirrors: ["CKV2_AZURE_38", "AVD-AZU-0056"],
    description: "Storage account keeps deleted blobs (a `blob_properties.delete_retention_policy` block, days > 0).",
    severity: "error",
    fix: "Add blobProperties: { deleteRetentionPolicy: { days: 7 } } (1-365 days).",
    types: STORAGE_ACCOUNT,
    check: (e) => {
      const policy = valueAt(e.config, "blob_properties.delete_retention_policy");
      if (isUnresolved(policy)) return knownOnlyAtPlan("blob_properties.delete_retention_policy", policy);
      const days = valueAt(policy, "days");
      if (isUnresolved(days)) return knownOnlyAtPlan("blob_properties.delete_retention_policy.days", days);
      const kind = e.config.account_kind;
      return verdict([
        // Checkov's graph check fails FileStorage accounts whatever they set.
        kind === "FileStorage" && {
          problem: "a FileStorage account has no blob soft delete",
          reportedBy: ["CKV2_AZURE_38"],
        },
        (policy === undefined || policy === null) && {
          problem: "blob_properties.delete_retention_policy is not set, so deleted blobs are gone at once",
          reportedBy: ["CKV2_AZURE_38"],
        },
        // Trivy fails only an explicit 0 (an omitted block keeps its 7-day default there).
        days !== undefined &&
          days !== null &&
          !(Number(days) > 0) && {
            problem: `blob_properties.delete_retention_policy.days is ${quoted(days)}`,
            reportedBy: Number(days) === 0 ? ["AVD-AZU-0056"] : [],
          },
      ]);
    },
  },
  {
    id: "DMF-ST-GEO-REDUNDANT",
    mirrors: ["CKV_AZURE_206", "AVD-AZU-0058"],
    description:
      "Storage account replicates to a second region (`account_replication_type` GRS, RAGRS, GZRS or RAGZRS; the accepted list is an option).",
    severity: "error",
    fix:
      'Set accountReplicationType: "GZRS" (or "GRS"); where the data can be rebuilt (e.g. a function host\'s ' +
      "deployment storage), suppress with the reason.",
    types: STORAGE_ACCOUNT,
    check: (e, context) => {
      const v = e.config.account_replication_type;
      if (isUnresolved(v)) return knownOnlyAtPlan("account_replication_type", v);
      const accepted = context.options.geoRedundantReplicationTypes;
      const scannersFail = !GEO.includes(String(v));
      if (accepted.includes(String(v)) && !scannersFail) return compliant();
      return verdict([
        {
          problem: `account_replication_type is ${v === undefined ? "not set" : quoted(v)}; expected ${accepted.map(quoted).join(" or ")}`,
          reportedBy: scannersFail ? ["CKV_AZURE_206", "AVD-AZU-0058"] : [],
        },
      ]);
    },
  },
  {
    id: "DMF-ST-INFRASTRUCTURE-ENCRYPTION",
    mirrors: ["AVD-AZU-0061"],
    description:
      "Storage account encrypts data twice, at the service and infrastructure layers (`infrastructure_encryption_enabled = true`).",
    severity: "error",
    fix: "Set infrastructureEncryptionEnabled: true (free; takes effect only on a new account, so it replaces an existing one).",
    types: STORAGE_ACCOUNT,
    check: (e) => {
      const v = e.config.infrastructure_encryption_enabled;
      if (isUnresolved(v)) return knownOnlyAtPlan("infrastructure_encryption_enabled", v);
      return verdict([
        !isTrue(v) && {
          problem: `infrastructure_encryption_enabled is ${v ?? "not set (default false)"}`,
          reportedBy: ["AVD-AZU-0061"],
        },
      ]);
    },
  },
  {
    id: "DMF-ST-CUSTOMER-MANAGED-KEY",
    mirrors: ["CKV2_AZURE_1", "AVD-AZU-0060"],
    description:
      "Storage account is encrypted with a customer-managed key (`customer_managed_key` or an `azurerm_storage_account_customer_managed_key`).",
    severity: "error",
    fix: "Add customerManagedKey with a Key Vault key and a user-assigned identity, or suppress with the reason (e.g. no data that needs key revocation).",
    types: STORAGE_ACCOUNT,
    check: (e, context) => {
      const key = customerManagedKey(e, context);
      if (key !== undefined && key !== null && key !== "") return compliant();
      // Trivy fails only accounts with blob containers.
      const containers = referencing(e, context, "azurerm_storage_container", "storage_account_id").found.length > 0;
      return verdict([
        {
          problem: "it is encrypted with Microsoft-managed keys only",
          reportedBy: containers ? ["CKV2_AZURE_1", "AVD-AZU-0060"] : ["CKV2_AZURE_1"],
        },
      ]);
    },
  },
];
