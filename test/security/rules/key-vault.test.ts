import { describeRuleCases, resource, reportedBy as scannerIds, run, status } from "../support";
import type { SynthesizedElement } from "../../../constructs/security/rule";
import { secret, vault, vaultEndpoint as endpoint } from "./fixtures";

const storage = resource("azurerm_storage_account", { name: "x" });

describeRuleCases(
  [
    [
      "DMF-KV-PURGE-PROTECTION",
      "purge protection left out",
      vault({ purge_protection_enabled: undefined }),
      vault(),
      /purge_protection_enabled is not set \(default false\)/,
    ],
    [
      "DMF-KV-PURGE-PROTECTION",
      "retention 3 days",
      vault({ soft_delete_retention_days: 3 }),
      vault(),
      /soft_delete_retention_days is 3/,
    ],
    [
      "DMF-KV-RBAC",
      "access policies",
      vault({ rbac_authorization_enabled: false, access_policy: [{ object_id: "x" }] }),
      vault(),
      /rbac_authorization_enabled is false; it has 1 access_policy block/,
    ],
    [
      "DMF-KV-RBAC",
      "an azurerm_key_vault_access_policy",
      resource("azurerm_key_vault_access_policy", { key_vault_id: "${azurerm_key_vault.kv.id}" }),
      vault(),
      /access policy instead of an RBAC role assignment/,
    ],
    [
      "DMF-KV-FIREWALL-DENY",
      "default action Allow",
      vault({ network_acls: { default_action: "Allow" } }),
      vault(),
      /network_acls.default_action is "Allow"/,
    ],
    ["DMF-KV-FIREWALL-DENY", "no network_acls", vault({ network_acls: undefined }), vault(), /no network_acls block/],
    [
      "DMF-KV-PUBLIC-ACCESS",
      "public access left out",
      vault({ public_network_access_enabled: undefined }),
      vault(),
      /not set \(default true\)/,
    ],
    [
      "DMF-KV-SECRET-EXPIRY-DATE",
      "a reference",
      secret({ expiration_date: "${time_offset.o.rfc3339}" }),
      secret({ expiration_date: "2027-06-30T00:00:00Z" }),
      /a reference known only at apply/,
    ],
    [
      "DMF-KV-SECRET-EXPIRY",
      "no expiry",
      secret({ expiration_date: undefined }),
      secret(),
      /expiration_date is not set/,
    ],
    [
      "DMF-KV-SECRET-CONTENT-TYPE",
      "empty content type",
      secret({ content_type: "" }),
      secret(),
      /content_type is not set/,
    ],
  ],
  storage,
);

describe("Key Vault details", () => {
  test("the deprecated enable_rbac_authorization counts too", () => {
    expect(
      status("DMF-KV-RBAC", vault({ rbac_authorization_enabled: undefined, enable_rbac_authorization: true })),
    ).toBe("compliant");
  });
  test("an expiry given as a reference (known at plan) is set, so it passes", () => {
    expect(
      status("DMF-KV-SECRET-EXPIRY", secret({ expiration_date: "${azuread_application_password.p.end_date}" })),
    ).toBe("compliant");
  });
  test("unresolved settings are unknown", () => {
    expect(status("DMF-KV-PURGE-PROTECTION", vault({ purge_protection_enabled: "${var.purge}" }))).toBe("unknown");
    expect(status("DMF-KV-FIREWALL-DENY", vault({ network_acls: "${var.acls}" }))).toBe("unknown");
    expect(status("DMF-KV-RBAC", vault({ access_policy: "${var.policies}" }))).toBe("unknown");
  });
});

/** [rule, label, element, other elements, status, the scanner ids that report it] — each case from the scanner's own code. */
type ScannerCase = [string, string, SynthesizedElement, SynthesizedElement[], string, string[] | undefined];
const cases: ScannerCase[] = [
  // CKV_AZURE_42/110 need purge_protection_enabled true (omitted fails); AVD-AZU-0016 too, then a retention of 7-90 (omitted reads as 0).
  [
    "DMF-KV-PURGE-PROTECTION",
    "purge omitted",
    vault({ purge_protection_enabled: undefined }),
    [],
    "non-compliant",
    ["CKV_AZURE_42", "CKV_AZURE_110", "AVD-AZU-0016"],
  ],
  [
    "DMF-KV-PURGE-PROTECTION",
    "retention omitted",
    vault({ soft_delete_retention_days: undefined }),
    [],
    "non-compliant",
    ["AVD-AZU-0016"],
  ],
  ["DMF-KV-PURGE-PROTECTION", "retention 7", vault({ soft_delete_retention_days: 7 }), [], "compliant", undefined],
  // CKV_AZURE_42 and CKV_AZURE_111 fail soft_delete_enabled = false (the azurerm 2 name; omitted passes).
  [
    "DMF-KV-PURGE-PROTECTION",
    "soft delete off",
    vault({ soft_delete_enabled: false }),
    [],
    "non-compliant",
    ["CKV_AZURE_42", "CKV_AZURE_111"],
  ],
  // CKV_AZURE_189 passes a public vault whose network_acls list IP rules or subnets; the pack does not.
  [
    "DMF-KV-PUBLIC-ACCESS",
    "public, no IP rules",
    vault({ public_network_access_enabled: true }),
    [],
    "non-compliant",
    ["CKV_AZURE_189"],
  ],
  [
    "DMF-KV-PUBLIC-ACCESS",
    "public, IP rules",
    vault({
      public_network_access_enabled: true,
      network_acls: { default_action: "Deny", ip_rules: ["203.0.113.0/24"] },
    }),
    [],
    "non-compliant",
    [],
  ],
  // CKV_AZURE_109 and AVD-AZU-0013: network_acls.default_action Deny (no block fails).
  [
    "DMF-KV-FIREWALL-DENY",
    "no block",
    vault({ network_acls: undefined }),
    [],
    "non-compliant",
    ["CKV_AZURE_109", "AVD-AZU-0013"],
  ],
  // CKV2_AZURE_32: a private endpoint connected to the vault.
  ["DMF-KV-PRIVATE-ENDPOINT", "none", vault(), [], "non-compliant", ["CKV2_AZURE_32"]],
  ["DMF-KV-PRIVATE-ENDPOINT", "one", vault(), [endpoint], "compliant", undefined],
  // CKV_AZURE_41 passes any expiration_date; AVD-AZU-0017 needs an RFC 3339 string it can parse (a reference reads as zero time).
  ["DMF-KV-SECRET-EXPIRY", "a reference", secret(), [], "compliant", undefined],
  ["DMF-KV-SECRET-EXPIRY", "omitted", secret({ expiration_date: undefined }), [], "non-compliant", ["CKV_AZURE_41"]],
  ["DMF-KV-SECRET-EXPIRY-DATE", "a reference", secret(), [], "non-compliant", ["AVD-AZU-0017"]],
  [
    "DMF-KV-SECRET-EXPIRY-DATE",
    "omitted",
    secret({ expiration_date: undefined }),
    [],
    "non-compliant",
    ["AVD-AZU-0017"],
  ],
  [
    "DMF-KV-SECRET-EXPIRY-DATE",
    "a date",
    secret({ expiration_date: "2027-06-30T00:00:00Z" }),
    [],
    "compliant",
    undefined,
  ],
  // CKV_AZURE_114 and AVD-AZU-0015: content_type set.
  [
    "DMF-KV-SECRET-CONTENT-TYPE",
    "omitted",
    secret({ content_type: undefined }),
    [],
    "non-compliant",
    ["CKV_AZURE_114", "AVD-AZU-0015"],
  ],
];

describe("Key Vault rules read each attribute as the scanners do", () => {
  test.each(cases)("%s, %s", (ruleId, _label, target, others, expected, reportedBy) => {
    const outcome = run(ruleId, target, others);
    expect(outcome.status).toBe(expected);
    if (outcome.status === "non-compliant") expect(scannerIds(ruleId, target, others)).toEqual(reportedBy);
  });
});
