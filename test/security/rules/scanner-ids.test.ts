/**
 * Every Checkov and Trivy id a rule mirrors, with three cases taken from that check's own code
 * (bridgecrewio/checkov checks/resource/azure/*.py and graph_checks/azure/*.yaml; aquasecurity
 * trivy-checks checks/cloud/azure/**.rego over Trivy's Terraform adapters, which supply the
 * defaults for omitted attributes): a compliant element, a non-compliant one the check reports,
 * and the attribute left out, which the check reports or passes by its own default.
 */
import { SECURITY_RULES } from "../../../constructs/security";
import { isScannerId } from "../../../constructs/security/rule";
import type { SynthesizedElement } from "../../../constructs/security/rule";
import { reportedBy, resource, run } from "../support";
import {
  account,
  accountEndpoint,
  container,
  linux,
  plan,
  queue,
  secret,
  storageInsights,
  vault,
  vaultEndpoint,
} from "./fixtures";

/** An element, or an element with the other elements of the stack it is read with. */
type Case = SynthesizedElement | readonly [SynthesizedElement, readonly SynthesizedElement[]];
/** [scanner id, rule, the scanner's code, compliant, non-compliant, omitted attribute, does the scanner report the omitted one]. */
type IdCases = readonly [string, string, string, Case, Case, Case, boolean];

const CK = "checkov checks/resource/azure/";
const CK2 = "checkov checks/graph_checks/azure/";
const TV = "trivy-checks checks/cloud/azure/";
const otherAccount = { storage_account_id: "${azurerm_storage_account.other.id}" };

const CASES: readonly IdCases[] = [
  // Function apps (Linux and Windows; no scanner reads Flex Consumption).
  [
    "CKV_AZURE_70",
    "DMF-FUNC-HTTPS-ONLY",
    `${CK}FunctionAppsAccessibleOverHttps.py`,
    linux(),
    linux({ https_only: false }),
    linux({ https_only: undefined }),
    true,
  ],
  [
    "AVD-AZU-0004",
    "DMF-FUNC-HTTPS-ONLY",
    `${TV}appservice/enforce_https.rego (https_only defaults to false)`,
    linux(),
    linux({ https_only: false }),
    linux({ https_only: undefined }),
    true,
  ],
  [
    "CKV_AZURE_145",
    "DMF-FUNC-MIN-TLS",
    `${CK}FunctionAppMinTLSVersion.py (missing passes)`,
    linux(),
    linux({ site_config: [{ minimum_tls_version: "1.1" }] }),
    linux({ site_config: [{}] }),
    false,
  ],
  [
    "CKV_AZURE_72",
    "DMF-FUNC-REMOTE-DEBUG-OFF",
    `${CK}AppServiceRemoteDebuggingNotEnabled.py (missing passes)`,
    linux(),
    linux({ site_config: [{ remote_debugging_enabled: true }] }),
    linux({ site_config: [{}] }),
    false,
  ],
  [
    "CKV_AZURE_221",
    "DMF-FUNC-PUBLIC-ACCESS",
    `${CK}FunctionAppPublicAccessDisabled.py (missing fails)`,
    linux(),
    linux({ public_network_access_enabled: true }),
    linux({ public_network_access_enabled: undefined }),
    true,
  ],
  // App Service plans.
  [
    "CKV_AZURE_225",
    "DMF-PLAN-ZONE-REDUNDANT",
    `${CK}AppServicePlanZoneRedundant.py (missing fails)`,
    plan(),
    plan({ zone_balancing_enabled: false }),
    plan({ zone_balancing_enabled: undefined }),
    true,
  ],
  [
    "CKV_AZURE_212",
    "DMF-PLAN-WORKER-COUNT",
    `${CK}AppServiceInstanceMinimum.py (an integer > 1)`,
    plan(),
    plan({ worker_count: 1 }),
    plan({ worker_count: undefined }),
    true,
  ],
  // Storage accounts.
  [
    "CKV_AZURE_44",
    "DMF-ST-MIN-TLS",
    `${CK}StorageAccountMinimumTlsVersion.py (missing fails)`,
    account(),
    account({ min_tls_version: "TLS1_0" }),
    account({ min_tls_version: undefined }),
    true,
  ],
  [
    "AVD-AZU-0011",
    "DMF-ST-MIN-TLS",
    `${TV}storage/use_secure_tls_policy.rego (the adapter assumes TLS1_2)`,
    account(),
    account({ min_tls_version: "TLS1_1" }),
    account({ min_tls_version: undefined }),
    false,
  ],
  [
    "AVD-AZU-0059",
    "DMF-ST-MIN-TLS",
    `${TV}storage/log_storage_encryption.rego (the adapter assumes TLS1_2)`,
    account(),
    account({ min_tls_version: "TLS1_0" }),
    account({ min_tls_version: undefined }),
    false,
  ],
  [
    "AVD-AZU-0059",
    "DMF-ST-HTTPS-ONLY",
    `${TV}storage/log_storage_encryption.rego (https defaults to true)`,
    account(),
    account({ https_traffic_only_enabled: false }),
    account({ https_traffic_only_enabled: undefined }),
    false,
  ],
  [
    "AVD-AZU-0008",
    "DMF-ST-HTTPS-ONLY",
    `${TV}storage/enforce_https.rego (either name, default true)`,
    account(),
    account({ https_traffic_only_enabled: false }),
    account({ https_traffic_only_enabled: undefined }),
    false,
  ],
  [
    "CKV_AZURE_3",
    "DMF-ST-HTTPS-ONLY",
    `${CK}StorageAccountsTransportEncryption.py (the azurerm 3 name only; missing passes)`,
    account({ enable_https_traffic_only: true }),
    account({ enable_https_traffic_only: false }),
    account(),
    false,
  ],
  [
    "CKV_AZURE_190",
    "DMF-ST-NO-PUBLIC-BLOBS",
    `${CK}StorageBlobRestrictPublicAccess.py (missing fails)`,
    account(),
    account({ allow_nested_items_to_be_public: true }),
    account({ allow_nested_items_to_be_public: undefined }),
    true,
  ],
  [
    "CKV2_AZURE_47",
    "DMF-ST-NO-PUBLIC-BLOBS",
    `${CK2}AzureStorageAccConfigWithoutBlobAnonymousAccess.yaml (exists and false)`,
    account(),
    account({ allow_nested_items_to_be_public: true }),
    account({ allow_nested_items_to_be_public: undefined }),
    true,
  ],
  [
    "CKV2_AZURE_40",
    "DMF-ST-SHARED-KEY-OFF",
    `${CK2}AzureStorageAccConfigSharedKeyAuth.yaml (exists and false)`,
    account(),
    account({ shared_access_key_enabled: true }),
    account({ shared_access_key_enabled: undefined }),
    true,
  ],
  [
    "CKV2_AZURE_38",
    "DMF-ST-BLOB-SOFT-DELETE",
    `${CK2}AzureStorageAccountEnableSoftDelete.yaml (a retention block, not FileStorage)`,
    account(),
    account({ account_kind: "FileStorage" }),
    account({ blob_properties: undefined }),
    true,
  ],
  [
    "AVD-AZU-0056",
    "DMF-ST-BLOB-SOFT-DELETE",
    `${TV}storage/blobs_soft_deletion_enabled.rego (the adapter assumes 7 days)`,
    account(),
    account({ blob_properties: { delete_retention_policy: { days: 0 } } }),
    account({ blob_properties: undefined }),
    false,
  ],
  [
    "CKV_AZURE_206",
    "DMF-ST-GEO-REDUNDANT",
    `${CK}StorageAccountsUseReplication.py (missing fails)`,
    account(),
    account({ account_replication_type: "LRS" }),
    account({ account_replication_type: undefined }),
    true,
  ],
  [
    "AVD-AZU-0058",
    "DMF-ST-GEO-REDUNDANT",
    `${TV}storage/enable_geo_redundant_backups.rego (missing reads as "")`,
    account(),
    account({ account_replication_type: "ZRS" }),
    account({ account_replication_type: undefined }),
    true,
  ],
  [
    "AVD-AZU-0061",
    "DMF-ST-INFRASTRUCTURE-ENCRYPTION",
    `${TV}storage/infrastructure_encryption_enabled.rego (default false)`,
    account(),
    account({ infrastructure_encryption_enabled: false }),
    account({ infrastructure_encryption_enabled: undefined }),
    true,
  ],
  [
    "CKV2_AZURE_1",
    "DMF-ST-CUSTOMER-MANAGED-KEY",
    `${CK2}StorageCriticalDataEncryptedCMK.yaml (inline key id or a connected key resource)`,
    account(),
    [
      account({ customer_managed_key: undefined }),
      [
        resource(
          "azurerm_storage_account_customer_managed_key",
          { ...otherAccount, key_vault_key_id: "${azurerm_key_vault_key.k.id}" },
          "k",
        ),
      ],
    ],
    account({ customer_managed_key: undefined }),
    true,
  ],
  [
    "AVD-AZU-0060",
    "DMF-ST-CUSTOMER-MANAGED-KEY",
    `${TV}storage/blob_container_cmk_encrypted.rego (accounts with containers only)`,
    [account(), [container()]],
    [account({ customer_managed_key: undefined }), [container()]],
    account({ customer_managed_key: undefined }),
    false,
  ],
  [
    "CKV_AZURE_59",
    "DMF-ST-PUBLIC-NETWORK-OFF",
    `${CK}StorageAccountDisablePublicAccess.py (missing fails)`,
    account(),
    account({ public_network_access_enabled: true }),
    account({ public_network_access_enabled: undefined }),
    true,
  ],
  [
    "CKV_AZURE_35",
    "DMF-ST-NETWORK-DENY",
    `${CK}StorageAccountDefaultNetworkAccessDeny.py (no rules: unknown, left to the rules resource)`,
    account(),
    account({ network_rules: [{ default_action: "Allow" }] }),
    account({ network_rules: undefined }),
    false,
  ],
  [
    "AVD-AZU-0012",
    "DMF-ST-NETWORK-DENY",
    `${TV}storage/default_action_deny.rego (no rules means Allow)`,
    account(),
    account({ network_rules: { default_action: "Allow" } }),
    account({ network_rules: undefined }),
    true,
  ],
  [
    "AVD-AZU-0010",
    "DMF-ST-TRUSTED-SERVICES-BYPASS",
    `${TV}storage/allow_microsoft_service_bypass.rego (any rule without it)`,
    account(),
    account({ network_rules: { default_action: "Deny", bypass: ["Logging"] } }),
    account({ network_rules: { default_action: "Deny" } }),
    true,
  ],
  [
    "CKV_AZURE_36",
    "DMF-ST-TRUSTED-SERVICES-BYPASS",
    `${CK}StorageAccountAzureServicesAccessEnabled.py (a denying rule that lists bypasses)`,
    account(),
    account({ network_rules: { default_action: "Deny", bypass: ["Logging"] } }),
    account({ network_rules: { default_action: "Deny" } }),
    false,
  ],
  [
    "CKV2_AZURE_33",
    "DMF-ST-PRIVATE-ENDPOINT",
    `${CK2}AzureStorageAccConfigWithPrivateEndpoint.yaml (a connected private endpoint)`,
    [account(), [accountEndpoint]],
    [
      account(),
      [
        {
          ...accountEndpoint,
          config: {
            private_service_connection: [{ private_connection_resource_id: "${azurerm_storage_account.other.id}" }],
          },
        },
      ],
    ],
    account(),
    true,
  ],
  [
    "CKV_AZURE_33",
    "DMF-ST-QUEUE-LOGGING",
    `${CK}StorageAccountLoggingQueueServiceEnabled.py (inline read, write and delete)`,
    account(),
    account({ queue_properties: { logging: { read: true, write: false, delete: true } } }),
    account({ queue_properties: undefined }),
    true,
  ],
  [
    "AVD-AZU-0009",
    "DMF-ST-QUEUE-LOGGING",
    `${TV}storage/queue_services_logging_enabled.rego (accounts with queues)`,
    [account(), [queue]],
    [account({ queue_properties: {} }), [queue]],
    account({ queue_properties: undefined }),
    false,
  ],
  [
    "AVD-AZU-0057",
    "DMF-ST-QUEUE-LOGGING",
    `${TV}storage/storage_account_logging_enabled.rego (an inline logging block)`,
    account(),
    account({ queue_properties: {} }),
    account({ queue_properties: undefined }),
    true,
  ],
  [
    "CKV_AZURE_34",
    "DMF-ST-CONTAINER-PRIVATE",
    `${CK}StorageBlobServiceContainerPrivateAccess.py (missing passes)`,
    container(),
    container({ container_access_type: "blob" }),
    container({ container_access_type: undefined }),
    false,
  ],
  [
    "AVD-AZU-0007",
    "DMF-ST-CONTAINER-PRIVATE",
    `${TV}storage/no_public_access.rego (the adapter assumes off)`,
    container(),
    container({ container_access_type: "container" }),
    container({ container_access_type: undefined }),
    false,
  ],
  [
    "CKV2_AZURE_21",
    "DMF-ST-BLOB-LOGGING",
    `${CK2}StorageLoggingIsEnabledForBlobService.yaml (storage insights with container names; access type private or blob)`,
    [container(), [account(), storageInsights]],
    [container(), [account()]],
    [container({ container_access_type: undefined }), [account(), storageInsights]],
    true,
  ],
  // Key Vault.
  [
    "CKV_AZURE_42",
    "DMF-KV-PURGE-PROTECTION",
    `${CK}KeyvaultRecoveryEnabled.py (purge protection set and true)`,
    vault(),
    vault({ purge_protection_enabled: false }),
    vault({ purge_protection_enabled: undefined }),
    true,
  ],
  [
    "CKV_AZURE_110",
    "DMF-KV-PURGE-PROTECTION",
    `${CK}KeyVaultEnablesPurgeProtection.py (missing fails)`,
    vault(),
    vault({ purge_protection_enabled: false }),
    vault({ purge_protection_enabled: undefined }),
    true,
  ],
  [
    "CKV_AZURE_111",
    "DMF-KV-PURGE-PROTECTION",
    `${CK}KeyVaultEnablesSoftDelete.py (the azurerm 2 soft_delete_enabled; missing passes)`,
    vault({ soft_delete_enabled: true }),
    vault({ soft_delete_enabled: false }),
    vault(),
    false,
  ],
  [
    "AVD-AZU-0016",
    "DMF-KV-PURGE-PROTECTION",
    `${TV}keyvault/no_purge.rego (then a retention of 7-90; missing reads as 0)`,
    vault(),
    vault({ soft_delete_retention_days: 3 }),
    vault({ soft_delete_retention_days: undefined }),
    true,
  ],
  [
    "CKV_AZURE_109",
    "DMF-KV-FIREWALL-DENY",
    `${CK}KeyVaultEnablesFirewallRulesSettings.py (missing fails)`,
    vault(),
    vault({ network_acls: { default_action: "Allow" } }),
    vault({ network_acls: undefined }),
    true,
  ],
  [
    "AVD-AZU-0013",
    "DMF-KV-FIREWALL-DENY",
    `${TV}keyvault/specify_network_acl.rego (missing reads as "")`,
    vault(),
    vault({ network_acls: { default_action: "Allow" } }),
    vault({ network_acls: undefined }),
    true,
  ],
  [
    "CKV_AZURE_189",
    "DMF-KV-PUBLIC-ACCESS",
    `${CK}KeyVaultDisablesPublicNetworkAccess.py (a public vault passes when its firewall lists IP ranges or subnets)`,
    vault(),
    vault({ public_network_access_enabled: true }),
    vault({ public_network_access_enabled: undefined }),
    true,
  ],
  [
    "CKV2_AZURE_32",
    "DMF-KV-PRIVATE-ENDPOINT",
    `${CK2}AzureKeyVaultConfigPrivateEndpoint.yaml (a connected private endpoint)`,
    [vault(), [vaultEndpoint]],
    [
      vault(),
      [
        {
          ...vaultEndpoint,
          config: { private_service_connection: { private_connection_resource_id: "${azurerm_key_vault.other.id}" } },
        },
      ],
    ],
    vault(),
    true,
  ],
  [
    "CKV_AZURE_41",
    "DMF-KV-SECRET-EXPIRY",
    `${CK}SecretExpirationDate.py (any non-empty value)`,
    secret(),
    secret({ expiration_date: "" }),
    secret({ expiration_date: undefined }),
    true,
  ],
  [
    "AVD-AZU-0017",
    "DMF-KV-SECRET-EXPIRY-DATE",
    `${TV}keyvault/ensure_secret_expiry.rego (an RFC 3339 date it can parse; anything else is zero time)`,
    secret({ expiration_date: "2027-06-30T00:00:00Z" }),
    secret(),
    secret({ expiration_date: undefined }),
    true,
  ],
  [
    "CKV_AZURE_114",
    "DMF-KV-SECRET-CONTENT-TYPE",
    `${CK}SecretContentType.py (any non-empty value)`,
    secret(),
    secret({ content_type: "" }),
    secret({ content_type: undefined }),
    true,
  ],
  [
    "AVD-AZU-0015",
    "DMF-KV-SECRET-CONTENT-TYPE",
    `${TV}keyvault/content_type_for_secret.rego (missing reads as "")`,
    secret(),
    secret({ content_type: "" }),
    secret({ content_type: undefined }),
    true,
  ],
];

const split = (c: Case): [SynthesizedElement, SynthesizedElement[]] => ("kind" in c ? [c, []] : [c[0], [...c[1]]]);
/** The outcome's status, and whether the scanner id reports it. */
function verdictOf(ruleId: string, id: string, c: Case): [string, boolean] {
  const [target, others] = split(c);
  const outcome = run(ruleId, target, others);
  return [outcome.status, outcome.status === "non-compliant" && reportedBy(ruleId, target, others).includes(id)];
}

describe("each mirrored Checkov and Trivy id, read as the scanner's own code reads it", () => {
  test("every id a rule mirrors has its cases here, under that rule", () => {
    const mirrored = SECURITY_RULES.flatMap((r) => r.mirrors.filter(isScannerId).map((id) => `${id} ${r.id}`));
    expect(CASES.map(([id, rule]) => `${id} ${rule}`).sort()).toEqual(mirrored.sort());
  });

  describe.each(CASES)("%s (%s, %s)", (id, ruleId, _source, secure, weak, omitted, omittedReported) => {
    test("compliant", () => {
      expect(verdictOf(ruleId, id, secure)).toEqual(["compliant", false]);
    });
    test("non-compliant: the scanner reports it", () => {
      expect(verdictOf(ruleId, id, weak)).toEqual(["non-compliant", true]);
    });
    test(`attribute omitted: the scanner ${omittedReported ? "reports it" : "passes it"}`, () => {
      const [status, reported] = verdictOf(ruleId, id, omitted);
      expect(reported).toBe(omittedReported);
      if (omittedReported) expect(status).toBe("non-compliant");
    });
  });
});
