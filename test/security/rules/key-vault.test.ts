import { describeRuleCases, resource, status } from "../support";

const secureVault = {
  rbac_authorization_enabled: true,
  purge_protection_enabled: true,
  soft_delete_retention_days: 90,
  public_network_access_enabled: false,
  network_acls: { default_action: "Deny", bypass: "AzureServices", ip_rules: [] },
};
const vault = (overrides: Record<string, unknown> = {}) => resource("azurerm_key_vault", { ...secureVault, ...overrides }, "kv");
const secureSecret = {
  name: "s",
  key_vault_id: "${azurerm_key_vault.kv.id}",
  value: "${var.secret}",
  content_type: "text/uri",
  expiration_date: "${time_offset.o.rfc3339}",
};
const secret = (overrides: Record<string, unknown> = {}) => resource("azurerm_key_vault_secret", { ...secureSecret, ...overrides }, "s");
const storage = resource("azurerm_storage_account", { name: "x" });

describeRuleCases(
  [
    ["DMF-KV-PURGE-PROTECTION", "purge protection left out", vault({ purge_protection_enabled: undefined }), vault(), /purge_protection_enabled is not set, and the provider default is false/],
    ["DMF-KV-PURGE-PROTECTION", "retention 3 days", vault({ soft_delete_retention_days: 3 }), vault(), /soft_delete_retention_days is 3/],
    ["DMF-KV-RBAC", "access policies", vault({ rbac_authorization_enabled: false, access_policy: [{ object_id: "x" }] }), vault(), /rbac_authorization_enabled is false; it has 1 access_policy block/],
    ["DMF-KV-RBAC", "an azurerm_key_vault_access_policy", resource("azurerm_key_vault_access_policy", { key_vault_id: "${azurerm_key_vault.kv.id}" }), vault(), /access policy instead of an RBAC role assignment/],
    ["DMF-KV-FIREWALL-DENY", "default action Allow", vault({ network_acls: { default_action: "Allow" } }), vault(), /network_acls.default_action is "Allow"/],
    ["DMF-KV-FIREWALL-DENY", "no network_acls", vault({ network_acls: undefined }), vault(), /no network_acls block/],
    ["DMF-KV-PUBLIC-ACCESS", "public access left out", vault({ public_network_access_enabled: undefined }), vault(), /provider default is true/],
    ["DMF-KV-SECRET-EXPIRY", "no expiry", secret({ expiration_date: undefined }), secret(), /expiration_date is not set/],
    ["DMF-KV-SECRET-CONTENT-TYPE", "empty content type", secret({ content_type: "" }), secret(), /content_type is not set/],
  ],
  storage,
);

describe("Key Vault details", () => {
  test("the deprecated enable_rbac_authorization counts too", () => {
    expect(status("DMF-KV-RBAC", vault({ rbac_authorization_enabled: undefined, enable_rbac_authorization: true }))).toBe("compliant");
  });
  test("an expiry given as a reference (known at plan) is set, so it passes", () => {
    expect(status("DMF-KV-SECRET-EXPIRY", secret({ expiration_date: "${azuread_application_password.p.end_date}" }))).toBe("compliant");
  });
  test("unresolved settings are unknown", () => {
    expect(status("DMF-KV-PURGE-PROTECTION", vault({ purge_protection_enabled: "${var.purge}" }))).toBe("unknown");
    expect(status("DMF-KV-FIREWALL-DENY", vault({ network_acls: "${var.acls}" }))).toBe("unknown");
    expect(status("DMF-KV-RBAC", vault({ access_policy: "${var.policies}" }))).toBe("unknown");
  });
});
