import { describeRuleCases, resource, reportedBy as scannerIds, run, status } from "../support";
import type { SynthesizedElement } from "../../../constructs/security/rule";
import {
  account,
  accountEndpoint as endpoint,
  accountId as ref,
  container,
  queue,
  storageInsights as insights,
  vault as keyVault,
} from "./fixtures";

const vault = keyVault();

describeRuleCases(
  [
    ["DMF-ST-MIN-TLS", "TLS 1.0", account({ min_tls_version: "TLS1_0" }), account(), /min_tls_version is "TLS1_0"/],
    [
      "DMF-ST-HTTPS-ONLY",
      "http allowed",
      account({ https_traffic_only_enabled: false }),
      account(),
      /https_traffic_only_enabled is false/,
    ],
    [
      "DMF-ST-NO-PUBLIC-BLOBS",
      "nested items public by default",
      account({ allow_nested_items_to_be_public: undefined }),
      account(),
      /provider default is true/,
    ],
    [
      "DMF-ST-SHARED-KEY-OFF",
      "shared keys on",
      account({ shared_access_key_enabled: true }),
      account(),
      /shared_access_key_enabled is true/,
    ],
    [
      "DMF-ST-QUEUE-LOGGING",
      "no queue logging",
      account({ queue_properties: undefined }),
      account(),
      /queue_properties has no logging block/,
    ],
    [
      "DMF-ST-QUEUE-LOGGING",
      "delete not logged",
      account({ queue_properties: [{ logging: [{ read: true, write: true, delete: false }] }] }),
      account(),
      /logging.delete is false/,
    ],
    [
      "DMF-ST-BLOB-SOFT-DELETE",
      "no blob properties",
      account({ blob_properties: undefined }),
      account(),
      /delete_retention_policy is not set/,
    ],
    [
      "DMF-ST-NETWORK-DENY",
      "default action Allow",
      account({ network_rules: { default_action: "Allow" } }),
      account(),
      /network_rules.default_action is "Allow"/,
    ],
    ["DMF-ST-NETWORK-DENY", "no network rules", account({ network_rules: undefined }), account(), /no network rules/],
    [
      "DMF-ST-PUBLIC-NETWORK-OFF",
      "public access left out",
      account({ public_network_access_enabled: undefined }),
      account(),
      /provider default is true/,
    ],
    [
      "DMF-ST-TRUSTED-SERVICES-BYPASS",
      "no bypass",
      account({ network_rules: { default_action: "Deny", bypass: ["Logging"] } }),
      account(),
      /AzureServices/,
    ],
    [
      "DMF-ST-GEO-REDUNDANT",
      "LRS",
      account({ account_replication_type: "LRS" }),
      account(),
      /account_replication_type is "LRS"/,
    ],
    [
      "DMF-ST-INFRASTRUCTURE-ENCRYPTION",
      "left out",
      account({ infrastructure_encryption_enabled: undefined }),
      account(),
      /default false/,
    ],
    [
      "DMF-ST-CUSTOMER-MANAGED-KEY",
      "Microsoft-managed keys",
      account({ customer_managed_key: undefined }),
      account(),
      /Microsoft-managed keys only/,
    ],
  ],
  vault,
);

/** [rule, label, element, other elements, status, the scanner ids that report it] — each case from the scanner's own code. */
type ScannerCase = [string, string, SynthesizedElement, SynthesizedElement[], string, string[] | undefined];
const cases: ScannerCase[] = [
  // CKV_AZURE_44 fails an omitted min_tls_version; Trivy's adapter defaults it to TLS1_2 (AVD-AZU-0011 passes).
  ["DMF-ST-MIN-TLS", "omitted", account({ min_tls_version: undefined }), [], "non-compliant", ["CKV_AZURE_44"]],
  [
    "DMF-ST-MIN-TLS",
    "TLS1_1",
    account({ min_tls_version: "TLS1_1" }),
    [],
    "non-compliant",
    ["CKV_AZURE_44", "AVD-AZU-0011", "AVD-AZU-0059"],
  ],
  ["DMF-ST-MIN-TLS", "TLS1_3", account({ min_tls_version: "TLS1_3" }), [], "compliant", undefined],
  // Trivy reads the first set of enable_https_traffic_only / https_traffic_only_enabled (default true) for AVD-AZU-0008 and 0059;
  // CKV_AZURE_3 only the azurerm 3 name.
  ["DMF-ST-HTTPS-ONLY", "omitted", account({ https_traffic_only_enabled: undefined }), [], "compliant", undefined],
  [
    "DMF-ST-HTTPS-ONLY",
    "azurerm 3 name false",
    account({ https_traffic_only_enabled: undefined, enable_https_traffic_only: false }),
    [],
    "non-compliant",
    ["CKV_AZURE_3", "AVD-AZU-0008", "AVD-AZU-0059"],
  ],
  [
    "DMF-ST-HTTPS-ONLY",
    "azurerm 4 name false",
    account({ https_traffic_only_enabled: false }),
    [],
    "non-compliant",
    ["AVD-AZU-0008", "AVD-AZU-0059"],
  ],
  [
    "DMF-ST-HTTPS-ONLY",
    "azurerm 3 name true, azurerm 4 name false (Trivy reads the first)",
    account({ enable_https_traffic_only: true, https_traffic_only_enabled: false }),
    [],
    "non-compliant",
    [],
  ],
  // CKV2_AZURE_47 and CKV2_AZURE_40 need the attribute to exist and be false.
  [
    "DMF-ST-SHARED-KEY-OFF",
    "omitted",
    account({ shared_access_key_enabled: undefined }),
    [],
    "non-compliant",
    ["CKV2_AZURE_40"],
  ],
  [
    "DMF-ST-NO-PUBLIC-BLOBS",
    "true",
    account({ allow_nested_items_to_be_public: true }),
    [],
    "non-compliant",
    ["CKV_AZURE_190", "CKV2_AZURE_47"],
  ],
  // CKV2_AZURE_38: a retention block (any days) passes, FileStorage fails; AVD-AZU-0056 fails only an explicit 0.
  [
    "DMF-ST-BLOB-SOFT-DELETE",
    "block without days",
    account({ blob_properties: { delete_retention_policy: {} } }),
    [],
    "compliant",
    undefined,
  ],
  [
    "DMF-ST-BLOB-SOFT-DELETE",
    "days 0",
    account({ blob_properties: { delete_retention_policy: { days: 0 } } }),
    [],
    "non-compliant",
    ["AVD-AZU-0056"],
  ],
  [
    "DMF-ST-BLOB-SOFT-DELETE",
    "omitted",
    account({ blob_properties: undefined }),
    [],
    "non-compliant",
    ["CKV2_AZURE_38"],
  ],
  [
    "DMF-ST-BLOB-SOFT-DELETE",
    "FileStorage",
    account({ account_kind: "FileStorage" }),
    [],
    "non-compliant",
    ["CKV2_AZURE_38"],
  ],
  // CKV_AZURE_206 and AVD-AZU-0058: GRS, RAGRS, GZRS, RAGZRS; an omitted type fails both.
  [
    "DMF-ST-GEO-REDUNDANT",
    "omitted",
    account({ account_replication_type: undefined }),
    [],
    "non-compliant",
    ["CKV_AZURE_206", "AVD-AZU-0058"],
  ],
  ["DMF-ST-GEO-REDUNDANT", "RAGRS", account({ account_replication_type: "RAGRS" }), [], "compliant", undefined],
  // AVD-AZU-0061: infrastructure_encryption_enabled defaults to false.
  [
    "DMF-ST-INFRASTRUCTURE-ENCRYPTION",
    "false",
    account({ infrastructure_encryption_enabled: false }),
    [],
    "non-compliant",
    ["AVD-AZU-0061"],
  ],
  // CKV2_AZURE_1: inline key id or a connected CMK resource; AVD-AZU-0060 only when the account has containers.
  [
    "DMF-ST-CUSTOMER-MANAGED-KEY",
    "no key, no containers",
    account({ customer_managed_key: undefined }),
    [],
    "non-compliant",
    ["CKV2_AZURE_1"],
  ],
  [
    "DMF-ST-CUSTOMER-MANAGED-KEY",
    "no key, a container",
    account({ customer_managed_key: undefined }),
    [container()],
    "non-compliant",
    ["CKV2_AZURE_1", "AVD-AZU-0060"],
  ],
  [
    "DMF-ST-CUSTOMER-MANAGED-KEY",
    "separate CMK resource",
    account({ customer_managed_key: undefined }),
    [
      resource(
        "azurerm_storage_account_customer_managed_key",
        { storage_account_id: ref, key_vault_key_id: "${azurerm_key_vault_key.k.id}" },
        "cmk",
      ),
    ],
    "compliant",
    undefined,
  ],
  // CKV_AZURE_59 reads public_network_access_enabled only (omitted fails).
  [
    "DMF-ST-PUBLIC-NETWORK-OFF",
    "true",
    account({ public_network_access_enabled: true }),
    [],
    "non-compliant",
    ["CKV_AZURE_59"],
  ],
  // CKV_AZURE_35 reads network_rules (no block: not its finding); AVD-AZU-0012 fails Allow and no rules at all, even with public access off.
  [
    "DMF-ST-NETWORK-DENY",
    "no rules, public access off",
    account({ network_rules: undefined }),
    [],
    "non-compliant",
    ["AVD-AZU-0012"],
  ],
  [
    "DMF-ST-NETWORK-DENY",
    "Allow",
    account({ network_rules: [{ default_action: "Allow" }] }),
    [],
    "non-compliant",
    ["CKV_AZURE_35", "AVD-AZU-0012"],
  ],
  [
    "DMF-ST-NETWORK-DENY",
    "separate rules resource denies",
    account({ network_rules: undefined }),
    [resource("azurerm_storage_account_network_rules", { storage_account_id: ref, default_action: "Deny" }, "nr")],
    "compliant",
    undefined,
  ],
  [
    "DMF-ST-NETWORK-DENY",
    "separate rules resource for another account",
    account({ network_rules: undefined }),
    [
      resource(
        "azurerm_storage_account_network_rules",
        { storage_account_id: "${azurerm_storage_account.other.id}", default_action: "Deny" },
        "nr",
      ),
    ],
    "non-compliant",
    ["AVD-AZU-0012"],
  ],
  // CKV_AZURE_36 fails a denying rule whose bypass list lacks AzureServices; AVD-AZU-0010 any rule without it.
  [
    "DMF-ST-TRUSTED-SERVICES-BYPASS",
    "Allow without bypass",
    account({ network_rules: { default_action: "Allow" } }),
    [],
    "non-compliant",
    ["AVD-AZU-0010"],
  ],
  [
    "DMF-ST-TRUSTED-SERVICES-BYPASS",
    "Deny, bypass Logging",
    account({ network_rules: { default_action: "Deny", bypass: ["Logging"] } }),
    [],
    "non-compliant",
    ["AVD-AZU-0010", "CKV_AZURE_36"],
  ],
  ["DMF-ST-TRUSTED-SERVICES-BYPASS", "no rules", account({ network_rules: undefined }), [], "compliant", undefined],
  // CKV2_AZURE_33: an azurerm_private_endpoint connected to the account.
  ["DMF-ST-PRIVATE-ENDPOINT", "none", account(), [], "non-compliant", ["CKV2_AZURE_33"]],
  ["DMF-ST-PRIVATE-ENDPOINT", "one", account(), [endpoint], "compliant", undefined],
  // CKV_AZURE_33 reads inline queue_properties.logging read/write/delete (other kinds pass); AVD-AZU-0057 needs an inline logging
  // block on every account; AVD-AZU-0009 the same on accounts with queues. None reads azurerm_storage_account_queue_properties.
  [
    "DMF-ST-QUEUE-LOGGING",
    "omitted, with a queue",
    account({ queue_properties: undefined }),
    [queue],
    "non-compliant",
    ["CKV_AZURE_33", "AVD-AZU-0009", "AVD-AZU-0057"],
  ],
  [
    "DMF-ST-QUEUE-LOGGING",
    "omitted, no queue",
    account({ queue_properties: undefined }),
    [],
    "non-compliant",
    ["CKV_AZURE_33", "AVD-AZU-0057"],
  ],
  [
    "DMF-ST-QUEUE-LOGGING",
    "omitted, BlockBlobStorage",
    account({ queue_properties: undefined, account_kind: "BlockBlobStorage" }),
    [],
    "non-compliant",
    ["AVD-AZU-0057"],
  ],
  [
    "DMF-ST-QUEUE-LOGGING",
    "inline block, read off",
    account({ queue_properties: { logging: { read: false, write: true, delete: true } } }),
    [queue],
    "non-compliant",
    ["CKV_AZURE_33"],
  ],
  [
    "DMF-ST-QUEUE-LOGGING",
    "only a separate queue properties resource",
    account({ queue_properties: undefined }),
    [
      queue,
      resource(
        "azurerm_storage_account_queue_properties",
        { storage_account_id: ref, logging: { read: true, write: true, delete: true } },
        "qp",
      ),
    ],
    "non-compliant",
    ["CKV_AZURE_33", "AVD-AZU-0009", "AVD-AZU-0057"],
  ],
  // CKV_AZURE_34 (omitted passes) and AVD-AZU-0007 ("blob"/"container" fail).
  ["DMF-ST-CONTAINER-PRIVATE", "omitted", container({ container_access_type: undefined }), [], "compliant", undefined],
  [
    "DMF-ST-CONTAINER-PRIVATE",
    "container",
    container({ container_access_type: "container" }),
    [],
    "non-compliant",
    ["CKV_AZURE_34", "AVD-AZU-0007"],
  ],
  // CKV2_AZURE_21: the container's account connected to storage insights with blob_container_names, access type private or blob.
  ["DMF-ST-BLOB-LOGGING", "no storage insights", container(), [account()], "non-compliant", ["CKV2_AZURE_21"]],
  ["DMF-ST-BLOB-LOGGING", "storage insights", container(), [account(), insights], "compliant", undefined],
  [
    "DMF-ST-BLOB-LOGGING",
    "storage insights, access type omitted",
    container({ container_access_type: undefined }),
    [account(), insights],
    "non-compliant",
    ["CKV2_AZURE_21"],
  ],
];

describe("storage rules read each attribute as the scanners do", () => {
  test.each(cases)("%s, %s", (ruleId, _label, target, others, expected, reportedBy) => {
    const outcome = run(ruleId, target, others);
    expect(outcome.status).toBe(expected);
    if (outcome.status === "non-compliant") expect(scannerIds(ruleId, target, others)).toEqual(reportedBy);
  });
});

describe("the separate queue properties resource (which no scanner reads)", () => {
  const queueProps = (logging: Record<string, unknown>) =>
    resource("azurerm_storage_account_queue_properties", { storage_account_id: ref, logging }, "qp");
  test("logs read, write and delete", () => {
    expect(status("DMF-ST-QUEUE-PROPERTIES-LOGGING", queueProps({ read: true, write: true, delete: true }))).toBe(
      "compliant",
    );
    expect(run("DMF-ST-QUEUE-PROPERTIES-LOGGING", queueProps({ read: true, write: false, delete: true }))).toEqual({
      status: "non-compliant",
      problem: "azurerm_storage_account_queue_properties.qp.logging.write is false",
    });
  });
});

describe("options and unknowns", () => {
  test("the accepted replication types can narrow the scanners' list, not widen it", () => {
    expect(
      status("DMF-ST-GEO-REDUNDANT", account({ account_replication_type: "GRS" }), [], {
        geoRedundantReplicationTypes: ["GZRS"],
      }),
    ).toBe("non-compliant");
    expect(
      run("DMF-ST-GEO-REDUNDANT", account({ account_replication_type: "GRS" }), [], {
        geoRedundantReplicationTypes: ["GZRS"],
      }),
    ).toMatchObject({ reportedBy: [] });
    expect(
      status("DMF-ST-GEO-REDUNDANT", account({ account_replication_type: "ZRS" }), [], {
        geoRedundantReplicationTypes: ["ZRS", "GZRS"],
      }),
    ).toBe("non-compliant");
  });
  test.each([
    ["DMF-ST-SHARED-KEY-OFF", { shared_access_key_enabled: "${var.shared_keys}" }],
    ["DMF-ST-NETWORK-DENY", { network_rules: { default_action: "${var.action}" } }],
    ["DMF-ST-GEO-REDUNDANT", { account_replication_type: "${var.replication}" }],
    ["DMF-ST-QUEUE-LOGGING", { account_kind: "${var.kind}" }],
    ["DMF-ST-MIN-TLS", { min_tls_version: "${var.tls}" }],
  ])("%s with %j is unknown", (ruleId, weakened) => {
    expect(status(ruleId, account(weakened))).toBe("unknown");
  });
});
