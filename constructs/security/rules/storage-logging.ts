/**
 * Storage logging and containers, as the scanners read them. Checkov's CKV_AZURE_33 and Trivy's
 * AVD-AZU-0009/0057 read only the account's inline `queue_properties.logging`; a separate
 * `azurerm_storage_account_queue_properties` (what azurerm 4 recommends, and the only form in
 * azurerm 5) is invisible to them, so DMF-ST-QUEUE-LOGGING fails it and a suppression says why,
 * while DMF-ST-QUEUE-PROPERTIES-LOGGING checks the separate resource itself.
 */
import { compliant, nonCompliant, type RuleOutcome, type SecurityRule, unknown } from "../rule";
import { allOf, isUnresolved, knownOnlyAtPlan, quoted, referencing, singleBlock, valueAt, verdict } from "./checks";
import { kindExcludes, STORAGE_ACCOUNT } from "./storage";

const CONTAINER = ["azurerm_storage_container"];

/** Read, write and delete logged in a `logging` block found at `where`. */
function queueLoggingComplete(logging: unknown, where: string): RuleOutcome {
  if (isUnresolved(logging)) return knownOnlyAtPlan(`${where}.logging`, logging);
  if (logging === undefined || logging === null) return nonCompliant(`${where} has no logging block`);
  return allOf(
    ...["read", "write", "delete"].map((op): RuleOutcome => {
      const value = valueAt(logging, op);
      if (isUnresolved(value)) return knownOnlyAtPlan(`${where}.logging.${op}`, value);
      return value === true || value === "true"
        ? compliant()
        : nonCompliant(`${where}.logging.${op} is ${value ?? "not set"}`);
    }),
  );
}

export const STORAGE_LOGGING_RULES: readonly SecurityRule[] = [
  {
    id: "DMF-ST-QUEUE-LOGGING",
    mirrors: ["CKV_AZURE_33", "AVD-AZU-0009", "AVD-AZU-0057"],
    description:
      "Storage account logs queue read, write and delete requests in its inline `queue_properties.logging` block (the only place the scanners read).",
    severity: "error",
    fix:
      'Add queueProperties: { logging: { read: true, write: true, delete: true, version: "1.0" } } on the account, or keep an ' +
      "azurerm_storage_account_queue_properties resource (azurerm 4's recommended form) and suppress with that reason.",
    types: STORAGE_ACCOUNT,
    check: (e, context) => {
      // Checkov passes kinds other than Storage/StorageV2 (no queue service); Trivy reads every account.
      const noQueues = kindExcludes(e, ["BlockBlobStorage", "FileStorage", "BlobStorage"]);
      if (noQueues?.status === "unknown") return noQueues;
      const logging = valueAt(e.config, "queue_properties.logging");
      const inline = queueLoggingComplete(singleBlock(logging), "queue_properties");
      if (inline.status === "unknown") return inline;
      const hasBlock = logging !== undefined && logging !== null;
      const queues = referencing(e, context, "azurerm_storage_queue", "storage_account_id").found.length > 0;
      const separate = referencing(e, context, "azurerm_storage_account_queue_properties", "storage_account_id").found;
      const where =
        separate.length > 0
          ? ` (${separate.map((s) => s.address).join(", ")} configures it, which the scanners do not read)`
          : "";
      return verdict([
        !hasBlock && {
          problem: `queue_properties has no logging block${where}`,
          reportedBy: [...(noQueues ? [] : ["CKV_AZURE_33"]), ...(queues ? ["AVD-AZU-0009"] : []), "AVD-AZU-0057"],
        },
        hasBlock &&
          inline.status === "non-compliant" && {
            problem: inline.problem,
            reportedBy: noQueues ? [] : ["CKV_AZURE_33"],
          },
      ]);
    },
  },
  {
    id: "DMF-ST-QUEUE-PROPERTIES-LOGGING",
    mirrors: [],
    description:
      "A separate `azurerm_storage_account_queue_properties` logs queue read, write and delete requests (no scanner reads this resource).",
    severity: "error",
    fix: 'Set logging { read: true, write: true, delete: true, version: "1.0" } on the queue properties resource.',
    types: ["azurerm_storage_account_queue_properties"],
    check: (e) => queueLoggingComplete(singleBlock(e.config.logging), e.address),
  },
  {
    id: "DMF-ST-CONTAINER-PRIVATE",
    mirrors: ["CKV_AZURE_34", "AVD-AZU-0007"],
    differs: {
      CKV2_AZURE_8: "the same setting, checked only on containers of an account an activity log alert is connected to",
    },
    description: 'Blob container allows no anonymous access (`container_access_type` "private", the default).',
    severity: "error",
    fix: 'Set containerAccessType: "private", or leave it out.',
    types: CONTAINER,
    check: (e) => {
      const v = e.config.container_access_type;
      if (isUnresolved(v)) return knownOnlyAtPlan("container_access_type", v);
      if (v === undefined || v === null || v === "private") return compliant();
      return verdict([
        {
          problem: `container_access_type is ${quoted(v)}`,
          reportedBy: v === "blob" || v === "container" ? ["CKV_AZURE_34", "AVD-AZU-0007"] : ["CKV_AZURE_34"],
        },
      ]);
    },
  },
  {
    id: "DMF-ST-BLOB-LOGGING",
    mirrors: ["CKV2_AZURE_21"],
    description:
      "Blob container's account sends blob logs to Log Analytics (an `azurerm_log_analytics_storage_insights` with `blob_container_names`), as Checkov reads blob logging.",
    severity: "error",
    fix:
      "Add an azurerm_log_analytics_storage_insights for the account with blobContainerNames, or suppress with the reason " +
      "(storage insights reads the account with its access key, so it cannot work with shared keys off).",
    types: CONTAINER,
    check: (e, context) => {
      const account = context.find(
        String(/^\$\{(azurerm_storage_account\.[^.}]+)/.exec(String(e.config.storage_account_id ?? ""))?.[1]),
      );
      if (!account)
        return isUnresolved(e.config.storage_account_id)
          ? unknown("storage_account_id points at an account outside this stack")
          : compliant();
      const insights = referencing(
        account,
        context,
        "azurerm_log_analytics_storage_insights",
        "storage_account_id",
      ).found;
      const named = insights.some(
        (i) => i.config.blob_container_names !== undefined && i.config.blob_container_names !== null,
      );
      const access = e.config.container_access_type;
      return verdict([
        !named && {
          problem: `${account.address} has no azurerm_log_analytics_storage_insights with blob_container_names`,
          reportedBy: ["CKV2_AZURE_21"],
        },
        // Checkov's graph check also needs the access type set to private or blob.
        access !== "private" &&
          access !== "blob" && {
            problem: `container_access_type is ${access === undefined ? "not set" : quoted(access)}`,
            reportedBy: ["CKV2_AZURE_21"],
          },
      ]);
    },
  },
];
