/**
 * Elements with every secure default, for the rule tests: each builder takes the attributes a case
 * weakens or leaves out (`undefined` removes one, as an omitted attribute).
 */
import type { SynthesizedElement } from "../../../constructs/security/rule";
import { resource } from "../support";

/** The config with the overrides applied; an override of `undefined` leaves the attribute out. */
function withOverrides(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const config: Record<string, unknown> = { ...base, ...overrides };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete config[key];
  return config;
}

export const secureAccount = {
  min_tls_version: "TLS1_2",
  https_traffic_only_enabled: true,
  allow_nested_items_to_be_public: false,
  shared_access_key_enabled: false,
  public_network_access_enabled: false,
  infrastructure_encryption_enabled: true,
  customer_managed_key: {
    key_vault_key_id: "${azurerm_key_vault_key.k.id}",
    user_assigned_identity_id: "${azurerm_user_assigned_identity.i.id}",
  },
  account_replication_type: "GZRS",
  network_rules: { default_action: "Deny", bypass: ["AzureServices"] },
  blob_properties: { delete_retention_policy: { days: 7 } },
  queue_properties: { logging: { read: true, write: true, delete: true, version: "1.0" } },
};
/** A storage account `azurerm_storage_account.st`. */
export const account = (overrides: Record<string, unknown> = {}): SynthesizedElement =>
  resource("azurerm_storage_account", withOverrides(secureAccount, overrides), "st");
/** A reference to the account's id, as its children hold it. */
export const accountId = "${azurerm_storage_account.st.id}";
export const queue = resource("azurerm_storage_queue", { name: "q", storage_account_id: accountId }, "q");
export const container = (overrides: Record<string, unknown> = {}): SynthesizedElement =>
  resource(
    "azurerm_storage_container",
    withOverrides({ name: "c", storage_account_id: accountId, container_access_type: "private" }, overrides),
    "c",
  );
export const accountEndpoint = resource(
  "azurerm_private_endpoint",
  { private_service_connection: [{ private_connection_resource_id: accountId }] },
  "pe",
);
export const storageInsights = resource(
  "azurerm_log_analytics_storage_insights",
  { storage_account_id: accountId, blob_container_names: ["c"] },
  "si",
);

export const secureVault = {
  rbac_authorization_enabled: true,
  purge_protection_enabled: true,
  soft_delete_retention_days: 90,
  public_network_access_enabled: false,
  network_acls: { default_action: "Deny", bypass: "AzureServices", ip_rules: [] },
};
/** A Key Vault `azurerm_key_vault.kv`. */
export const vault = (overrides: Record<string, unknown> = {}): SynthesizedElement =>
  resource("azurerm_key_vault", withOverrides(secureVault, overrides), "kv");
export const vaultEndpoint = resource(
  "azurerm_private_endpoint",
  { private_service_connection: { private_connection_resource_id: "${azurerm_key_vault.kv.id}" } },
  "pe",
);
export const secureSecret = {
  name: "s",
  key_vault_id: "${azurerm_key_vault.kv.id}",
  value: "${var.secret}",
  content_type: "text/uri",
  expiration_date: "${time_offset.o.rfc3339}",
};
export const secret = (overrides: Record<string, unknown> = {}): SynthesizedElement =>
  resource("azurerm_key_vault_secret", withOverrides(secureSecret, overrides), "s");

/** A Flex Consumption app with every secure default. */
export const secureFlex = {
  https_only: true,
  public_network_access_enabled: false,
  webdeploy_publish_basic_authentication_enabled: false,
  identity: { type: "SystemAssigned" },
  site_config: { minimum_tls_version: "1.2", remote_debugging_enabled: false },
};
/** A Linux function app with every secure default (site_config as a one-element list, as cdktf writes it). */
export const secureLinux = {
  ...secureFlex,
  ftp_publish_basic_authentication_enabled: false,
  site_config: [{ minimum_tls_version: "1.3", scm_minimum_tls_version: "1.2", ftps_state: "FtpsOnly" }],
};
export const flex = (overrides: Record<string, unknown> = {}): SynthesizedElement =>
  resource("azurerm_function_app_flex_consumption", withOverrides(secureFlex, overrides));
export const linux = (overrides: Record<string, unknown> = {}): SynthesizedElement =>
  resource("azurerm_linux_function_app", withOverrides(secureLinux, overrides));

/** An App Service plan `azurerm_service_plan.plan` with every secure default. */
export const plan = (overrides: Record<string, unknown> = {}): SynthesizedElement =>
  resource(
    "azurerm_service_plan",
    withOverrides({ os_type: "Linux", sku_name: "P1v3", worker_count: 3, zone_balancing_enabled: true }, overrides),
    "plan",
  );
