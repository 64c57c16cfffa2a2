import { compliant, nonCompliant, notApplicable, RuleContext, RuleOutcome, SecurityRule, SynthesizedElement, unknown } from "../rule";
import { allOf, blockList, expectBoolean, expectOneOf, isUnresolved, quoted, referencedAddress, valueAt } from "./checks";

const STORAGE_ACCOUNT = ["azurerm_storage_account"];

/** Account kinds without a queue service, and without a blob service. */
const NO_QUEUES = ["BlockBlobStorage", "FileStorage", "BlobStorage"];
const NO_BLOBS = ["FileStorage"];

/** The account kind, or an outcome when it decides the rule on its own. */
function kindExcludes(account: SynthesizedElement, excluded: readonly string[]): RuleOutcome | undefined {
  const kind = account.config.account_kind ?? "StorageV2";
  if (isUnresolved(kind)) return unknown(`account_kind is ${quoted(kind)}, known only at plan`);
  return excluded.includes(String(kind)) ? notApplicable() : undefined;
}

/**
 * Separate resources of `type` that configure this account through `storage_account_id`. Returns
 * `unsure` when some such resource points at an address that cannot be matched at synth.
 */
function attached(account: SynthesizedElement, context: RuleContext, type: string): { found: SynthesizedElement[]; unsure: boolean } {
  const found: SynthesizedElement[] = [];
  let unsure = false;
  for (const other of context.ofType("resource", type)) {
    const target = referencedAddress(other.config.storage_account_id);
    if (target === account.address) found.push(other);
    // A reference to something other than an account of this stack (a variable, a module output) may be this one.
    else if (isUnresolved(other.config.storage_account_id) && !target?.startsWith("azurerm_storage_account.")) unsure = true;
  }
  return { found, unsure };
}

/** Queue logging of read, write and delete in a `logging` block found at `where`. */
function queueLoggingComplete(logging: unknown, where: string): RuleOutcome {
  if (isUnresolved(logging)) return unknown(`${where}.logging is ${quoted(logging)}, known only at plan`);
  if (logging === undefined || logging === null) return nonCompliant(`${where} has no logging block`);
  return allOf(
    ...["read", "write", "delete"].map((op): RuleOutcome => {
      const value = valueAt(logging, op);
      if (isUnresolved(value)) return unknown(`${where}.logging.${op} is ${quoted(value)}, known only at plan`);
      return value === true || value === "true" ? compliant() : nonCompliant(`${where}.logging.${op} is ${value ?? "not set"}`);
    }),
  );
}

export const STORAGE_RULES: readonly SecurityRule[] = [
  {
    id: "DMF-ST-MIN-TLS",
    mirrors: ["CKV_AZURE_44", "AVD-AZU-0011"],
    description: 'Storage account requires TLS 1.2 or higher (`min_tls_version = "TLS1_2"`).',
    severity: "error",
    fix: 'Set minTlsVersion: "TLS1_2" (or leave it out: the azurerm 4.x default is TLS1_2).',
    types: STORAGE_ACCOUNT,
    check: (e) => expectOneOf(e.config, "min_tls_version", ["TLS1_2", "TLS1_3"], "TLS1_2"),
  },
  {
    id: "DMF-ST-HTTPS-ONLY",
    mirrors: ["AVD-AZU-0008"],
    description: "Storage account accepts HTTPS only (`https_traffic_only_enabled = true`).",
    severity: "error",
    fix: "Set httpsTrafficOnlyEnabled: true, or leave it out (default true).",
    types: STORAGE_ACCOUNT,
    check: (e) => expectBoolean(e.config, "https_traffic_only_enabled", true, true),
  },
  {
    id: "DMF-ST-NO-PUBLIC-BLOBS",
    mirrors: ["CKV_AZURE_190", "CKV2_AZURE_47", "AVD-AZU-0007"],
    description: "Storage account forbids anonymous blob access (`allow_nested_items_to_be_public = false`).",
    severity: "error",
    fix: "Set allowNestedItemsToBePublic: false (the provider default is true).",
    types: STORAGE_ACCOUNT,
    check: (e) => expectBoolean(e.config, "allow_nested_items_to_be_public", false, true),
  },
  {
    id: "DMF-ST-SHARED-KEY-OFF",
    mirrors: ["CKV2_AZURE_40"],
    description: "Storage account has shared key access off (`shared_access_key_enabled = false`): identity-based access only.",
    severity: "error",
    fix:
      "Set sharedAccessKeyEnabled: false, give identities data-plane roles, and set storageUseAzuread: true " +
      "on the azurerm provider (the provider default is true).",
    types: STORAGE_ACCOUNT,
    check: (e) => expectBoolean(e.config, "shared_access_key_enabled", false, true),
  },
  {
    id: "DMF-ST-QUEUE-LOGGING",
    mirrors: ["CKV_AZURE_33", "AVD-AZU-0009"],
    description:
      "Storage queue service logs read, write and delete requests (`queue_properties.logging` or an " +
      "`azurerm_storage_account_queue_properties` resource).",
    severity: "error",
    fix:
      "Add an azurerm_storage_account_queue_properties resource for the account (or queueProperties on it) with " +
      'logging { read: true, write: true, delete: true, version: "1.0" }.',
    types: STORAGE_ACCOUNT,
    check: (e, context) => {
      const excluded = kindExcludes(e, NO_QUEUES);
      if (excluded) return excluded;
      const separate = attached(e, context, "azurerm_storage_account_queue_properties");
      const inline = valueAt(e.config, "queue_properties");
      const candidates: RuleOutcome[] = separate.found.map((q) => queueLoggingComplete(valueAt(q.config, "logging"), q.address));
      if (inline !== undefined && inline !== null) candidates.push(queueLoggingComplete(valueAt(inline, "logging"), "queue_properties"));
      if (candidates.some((o) => o.status === "compliant")) return compliant();
      if (candidates.length === 0) {
        return separate.unsure
          ? unknown("an azurerm_storage_account_queue_properties resource points at an account known only at plan")
          : nonCompliant("queue logging is not configured (no queue_properties block, no azurerm_storage_account_queue_properties resource)");
      }
      return allOf(...candidates);
    },
  },
  {
    id: "DMF-ST-BLOB-SOFT-DELETE",
    mirrors: ["CKV2_AZURE_38", "AVD-AZU-0056"],
    description: "Storage account keeps deleted blobs (`blob_properties.delete_retention_policy.days` > 0).",
    severity: "error",
    fix: "Add blobProperties: { deleteRetentionPolicy: { days: 7 } } (1-365 days).",
    types: STORAGE_ACCOUNT,
    check: (e) => {
      const excluded = kindExcludes(e, NO_BLOBS);
      if (excluded) return excluded;
      const policy = valueAt(e.config, "blob_properties.delete_retention_policy");
      if (isUnresolved(policy)) return unknown(`blob_properties.delete_retention_policy is ${quoted(policy)}, known only at plan`);
      if (policy === undefined || policy === null || blockList(policy).length === 0) {
        return nonCompliant("blob_properties.delete_retention_policy is not set, so deleted blobs are gone at once");
      }
      const days = valueAt(policy, "days");
      if (days === undefined || days === null) return compliant(); // the block's default is 7 days
      if (isUnresolved(days)) return unknown(`blob_properties.delete_retention_policy.days is ${quoted(days)}, known only at plan`);
      return Number(days) > 0 ? compliant() : nonCompliant(`blob_properties.delete_retention_policy.days is ${quoted(days)}`);
    },
  },
  {
    id: "DMF-ST-NETWORK-DENY",
    mirrors: ["CKV_AZURE_35", "CKV_AZURE_59"],
    description:
      'Storage account denies network access by default (`public_network_access_enabled = false` or `network_rules.default_action = "Deny"`).',
    severity: "error",
    fix:
      'Set networkRules: { defaultAction: "Deny", bypass: ["AzureServices"], ipRules: [...] } or ' +
      "publicNetworkAccessEnabled: false with a private endpoint; otherwise suppress with the reason and the compensating control.",
    types: STORAGE_ACCOUNT,
    check: (e, context) => {
      const publicAccess = expectBoolean(e.config, "public_network_access_enabled", false, true);
      if (publicAccess.status === "compliant") return compliant();
      const rules = attached(e, context, "azurerm_storage_account_network_rules");
      const actions = [valueAt(e.config, "network_rules.default_action"), ...rules.found.map((r) => r.config.default_action)];
      if (actions.includes("Deny")) return compliant();
      const unresolved = actions.find(isUnresolved);
      if (unresolved !== undefined) return unknown(`network_rules.default_action is ${quoted(unresolved)}, known only at plan`);
      if (publicAccess.status === "unknown") return publicAccess;
      if (rules.unsure) return unknown("an azurerm_storage_account_network_rules resource points at an account known only at plan");
      const action = actions.find((a) => a !== undefined && a !== null);
      return nonCompliant(
        `public network access is on and ${action === undefined ? "no network rules deny by default" : `network_rules.default_action is ${quoted(action)}`}`,
      );
    },
  },
  {
    id: "DMF-ST-GEO-REDUNDANT",
    mirrors: ["CKV_AZURE_206"],
    description: "Storage account replicates to a second region (`account_replication_type` GRS, RAGRS, GZRS or RAGZRS; configurable).",
    severity: "error",
    fix:
      'Set accountReplicationType: "GZRS" (or "GRS"); where the data can be rebuilt (e.g. a function host\'s ' +
      "deployment storage), suppress with the reason.",
    types: STORAGE_ACCOUNT,
    check: (e, context) => expectOneOf(e.config, "account_replication_type", context.options.geoRedundantReplicationTypes),
  },
];
