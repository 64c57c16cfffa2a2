import { describeRuleCases, resource, run, status } from "../support";

const ACCOUNT = "azurerm_storage_account";
const secureAccount = {
  min_tls_version: "TLS1_2",
  https_traffic_only_enabled: true,
  allow_nested_items_to_be_public: false,
  shared_access_key_enabled: false,
  account_replication_type: "GZRS",
  network_rules: { default_action: "Deny", bypass: ["AzureServices"] },
  blob_properties: { delete_retention_policy: { days: 7 } },
  queue_properties: { logging: { read: true, write: true, delete: true, version: "1.0" } },
};
const account = (overrides: Record<string, unknown> = {}) => resource(ACCOUNT, { ...secureAccount, ...overrides }, "st");
const vault = resource("azurerm_key_vault", { name: "kv" });

describeRuleCases(
  [
    ["DMF-ST-MIN-TLS", "TLS 1.0", account({ min_tls_version: "TLS1_0" }), account(), /min_tls_version is "TLS1_0"/],
    ["DMF-ST-HTTPS-ONLY", "http allowed", account({ https_traffic_only_enabled: false }), account(), /https_traffic_only_enabled is false/],
    ["DMF-ST-NO-PUBLIC-BLOBS", "nested items public by default", account({ allow_nested_items_to_be_public: undefined }), account(), /provider default is true/],
    ["DMF-ST-SHARED-KEY-OFF", "shared keys on", account({ shared_access_key_enabled: true }), account(), /shared_access_key_enabled is true/],
    ["DMF-ST-QUEUE-LOGGING", "no queue logging", account({ queue_properties: undefined }), account(), /queue logging is not configured/],
    ["DMF-ST-QUEUE-LOGGING", "delete not logged", account({ queue_properties: [{ logging: [{ read: true, write: true, delete: false }] }] }), account(), /logging.delete is false/],
    ["DMF-ST-BLOB-SOFT-DELETE", "no blob properties", account({ blob_properties: undefined }), account(), /delete_retention_policy is not set/],
    ["DMF-ST-NETWORK-DENY", "default action Allow", account({ network_rules: { default_action: "Allow" } }), account(), /network_rules.default_action is "Allow"/],
    ["DMF-ST-NETWORK-DENY", "no network rules", account({ network_rules: undefined }), account(), /no network rules deny by default/],
    ["DMF-ST-GEO-REDUNDANT", "LRS", account({ account_replication_type: "LRS" }), account(), /account_replication_type is "LRS"/],
  ],
  vault,
);

describe("provider defaults", () => {
  test("TLS and https-only pass when left out (azurerm 4.x defaults TLS1_2 and true)", () => {
    expect(status("DMF-ST-MIN-TLS", account({ min_tls_version: undefined }))).toBe("compliant");
    expect(status("DMF-ST-HTTPS-ONLY", account({ https_traffic_only_enabled: undefined }))).toBe("compliant");
  });
  test("a delete retention block without days keeps the 7-day default", () => {
    expect(status("DMF-ST-BLOB-SOFT-DELETE", account({ blob_properties: { delete_retention_policy: {} } }))).toBe("compliant");
    expect(status("DMF-ST-BLOB-SOFT-DELETE", account({ blob_properties: { delete_retention_policy: { days: 0 } } }))).toBe("non-compliant");
  });
  test("public network access off satisfies DMF-ST-NETWORK-DENY without network rules", () => {
    expect(status("DMF-ST-NETWORK-DENY", account({ network_rules: undefined, public_network_access_enabled: false }))).toBe("compliant");
  });
});

describe("settings in separate resources (azurerm 4.x)", () => {
  const queueProps = (logging: Record<string, unknown>, target = "${azurerm_storage_account.st.id}") =>
    resource("azurerm_storage_account_queue_properties", { storage_account_id: target, logging }, "qp");
  const full = { read: true, write: true, delete: true, version: "1.0" };

  test("queue logging from an azurerm_storage_account_queue_properties resource for this account", () => {
    expect(status("DMF-ST-QUEUE-LOGGING", account({ queue_properties: undefined }), [queueProps(full)])).toBe("compliant");
  });
  test("a queue properties resource for another account does not count", () => {
    expect(status("DMF-ST-QUEUE-LOGGING", account({ queue_properties: undefined }), [queueProps(full, "${azurerm_storage_account.other.id}")])).toBe("non-compliant");
  });
  test("a queue properties resource with incomplete logging is non-compliant", () => {
    const outcome = run("DMF-ST-QUEUE-LOGGING", account({ queue_properties: undefined }), [queueProps({ ...full, write: false })]);
    expect(outcome).toEqual({ status: "non-compliant", problem: "azurerm_storage_account_queue_properties.qp.logging.write is false" });
  });
  test("a queue properties resource pointing at an account known only at plan makes it unknown", () => {
    expect(status("DMF-ST-QUEUE-LOGGING", account({ queue_properties: undefined }), [queueProps(full, "${var.account_id}")])).toBe("unknown");
  });
  test("queue logging is not applicable to accounts without queues", () => {
    expect(status("DMF-ST-QUEUE-LOGGING", account({ queue_properties: undefined, account_kind: "BlockBlobStorage" }))).toBe("not-applicable");
  });
  test("blob soft delete is not applicable to FileStorage accounts", () => {
    expect(status("DMF-ST-BLOB-SOFT-DELETE", account({ blob_properties: undefined, account_kind: "FileStorage" }))).toBe("not-applicable");
  });
  test("network default deny from an azurerm_storage_account_network_rules resource", () => {
    const rules = resource("azurerm_storage_account_network_rules", { storage_account_id: "${azurerm_storage_account.st.id}", default_action: "Deny" }, "nr");
    expect(status("DMF-ST-NETWORK-DENY", account({ network_rules: undefined }), [rules])).toBe("compliant");
  });
});

describe("options and unknowns", () => {
  test("geo-redundant replication types are configurable", () => {
    expect(status("DMF-ST-GEO-REDUNDANT", account({ account_replication_type: "ZRS" }), [], { geoRedundantReplicationTypes: ["ZRS", "GZRS"] })).toBe("compliant");
  });
  test.each([
    ["DMF-ST-SHARED-KEY-OFF", { shared_access_key_enabled: "${var.shared_keys}" }],
    ["DMF-ST-NETWORK-DENY", { network_rules: { default_action: "${var.action}" } }],
    ["DMF-ST-GEO-REDUNDANT", { account_replication_type: "${var.replication}" }],
    ["DMF-ST-QUEUE-LOGGING", { account_kind: "${var.kind}" }],
  ])("%s with %j is unknown", (ruleId, weakened) => {
    expect(status(ruleId, account(weakened))).toBe("unknown");
  });
});
