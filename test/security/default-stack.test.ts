import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing, TerraformResource } from "../../constructs/providers/cdktf";
import type { App } from "../../constructs/providers/cdktf";
import { parseEnvironmentConfig } from "../../constructs/app/config-loader";
import { DirectoryManagerFlowStack } from "../../constructs/app/directory-manager-flow-stack";
import { applySecurityRules, SECURITY_RULES, type SecurityRecord, SecurityRules } from "../../constructs/security";
import { isScannerId } from "../../constructs/security/rule";
import { check, ignoredIds } from "./support";
import { checkovConfig, trivyIgnore } from "../../scripts/check/security-report/scanner-ignores";

const root = join(__dirname, "..", "..");
const example = JSON.parse(readFileSync(join(root, "config", "example.json"), "utf8"));

/** The default stack (config/example.json) with the pack as the stack applies it (or with defaults until it does). */
function defaultStack(): DirectoryManagerFlowStack {
  const app = Testing.app() as App;
  const stack = new DirectoryManagerFlowStack(app, "example", {
    environment: "example",
    config: parseEnvironmentConfig(example, "config/example.json"),
  });
  applySecurityRules(stack);
  return stack;
}

/** The only resource of a Terraform type in the stack. */
/** The first resource of a type; "type:id" picks the one whose construct id is id. */
function only(stack: DirectoryManagerFlowStack, type: string): TerraformResource {
  const [tfType, id] = type.split(":");
  const found = stack.node
    .findAll()
    .filter(
      (c): c is TerraformResource =>
        c instanceof TerraformResource && c.terraformResourceType === tfType && (id === undefined || c.node.id === id),
    );
  if (found.length === 0) throw new Error(`the default stack has no ${type}`);
  return found[0];
}

describe("the default stack (config/example.json)", () => {
  let record: SecurityRecord;
  beforeAll(() => {
    record = check(defaultStack());
  });

  test("has zero unsuppressed findings", () => {
    expect(record.findings.map((f) => `${f.ruleId} ${f.path}: ${f.problem}`)).toEqual([]);
    expect(record.status).toBe("checked");
  });

  test("every suppression in it has a reason, is used, and is explained in docs/security-rules.md", () => {
    const doc = readFileSync(join(root, "docs", "security-rules.md"), "utf8");
    const explained = doc.slice(doc.indexOf("## Suppressions in the default stack"));
    for (const s of record.suppressions) {
      expect([s.ruleId, s.reason.length >= 10, s.matched > 0, explained.includes(s.ruleId)]).toEqual([
        s.ruleId,
        true,
        true,
        true,
      ]);
    }
  });

  test("the scanners' ignore files list exactly the Checkov and Trivy ids of its accepted findings, each with its reason", () => {
    const reports = [{ stack: "example", record }];
    const checkov = checkovConfig(reports);
    const trivy = trivyIgnore(reports);
    // What Checkov and Trivy report on this stack by their own code, less what the stack fixes (AVD-AZU-0061).
    expect(ignoredIds(checkov).sort()).toEqual(
      [
        "CKV_AZURE_33",
        "CKV_AZURE_59",
        "CKV_AZURE_206",
        "CKV_AZURE_212",
        "CKV_AZURE_225",
        "CKV2_AZURE_1",
        "CKV2_AZURE_21",
        "CKV2_AZURE_32",
        "CKV2_AZURE_33",
      ].sort(),
    );
    expect(ignoredIds(trivy).sort()).toEqual([
      "AVD-AZU-0009",
      "AVD-AZU-0017",
      "AVD-AZU-0057",
      "AVD-AZU-0058",
      "AVD-AZU-0060",
    ]);
    // Nothing else: every listed id is reported on some suppressed finding, and every such id is listed.
    const accepted = new Set(record.suppressed.flatMap((f) => f.reportedBy ?? []));
    expect(new Set([...ignoredIds(checkov), ...ignoredIds(trivy)])).toEqual(accepted);
    for (const f of record.suppressed) {
      for (const id of f.reportedBy ?? [])
        expect(id.startsWith("CKV") ? checkov : trivy).toContain(
          `${f.address} (${f.ruleId}): ${f.reason.replace(/\s+/g, " ").trim()}`,
        );
    }
  });

  test('docs/security-rules.md\'s verdict table: a row naming its rules for every mirrored id; "accepted" exactly for the ids of the accepted findings', () => {
    const rows = verdictRows();
    const rowOf = (id: string) => rows.find((r) => r.ids.includes(id));
    for (const rule of SECURITY_RULES) {
      for (const id of rule.mirrors.filter(isScannerId)) {
        const names = rowOf(id)?.rules ?? "(no row)";
        expect([
          id,
          names.includes(rule.id) || (rule.id.startsWith("DMF-FUNC-") && names.includes("DMF-FUNC-*")),
        ]).toEqual([id, true]);
      }
    }
    const accepted = [...new Set(record.suppressed.flatMap((f) => f.reportedBy ?? []))].sort();
    expect(
      rows
        .filter((r) => r.verdict.startsWith("accepted"))
        .flatMap((r) => r.ids)
        .sort(),
    ).toEqual(accepted);
  });

  test("docs/security-rules.md counts what each scanner reports without the ignore files: one failure per accepted finding and id", () => {
    const pairs = record.suppressed.flatMap((f) => (f.reportedBy ?? []).map((id) => ({ id, address: f.address })));
    const count = (prefix: string) => {
      const found = pairs.filter((p) => p.id.startsWith(prefix));
      return [found.length, new Set(found.map((p) => p.id)).size];
    };
    const doc = readFileSync(join(root, "docs", "security-rules.md"), "utf8").replace(/\s+/g, " ");
    const said = /Checkov reports (\d+) failures \((\d+) ids;.*? and Trivy (\d+) \((\d+) ids;/
      .exec(doc)
      ?.slice(1)
      .map(Number);
    expect(said).toEqual([...count("CKV"), ...count("AVD-")]);
  });

  test("the Key Vault's public endpoint is a reasoned suppression", () => {
    expect(record.suppressed).toContainEqual(
      expect.objectContaining({ ruleId: "DMF-KV-PUBLIC-ACCESS", status: "non-compliant" }),
    );
  });
});

/** The verdict table of docs/security-rules.md: each row's check ids, verdict and rules cell. */
function verdictRows(): { ids: string[]; verdict: string; rules: string }[] {
  const doc = readFileSync(join(root, "docs", "security-rules.md"), "utf8");
  const table = doc.slice(doc.indexOf("### Verdicts on the default stack"), doc.indexOf("Without the ignore files"));
  return table
    .split("\n")
    .filter((line) => /^\| (CKV|AVD)/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(" | ")
        .map((cell) => cell.trim()),
    )
    .map(([ids, , verdict, rules]) => ({ ids: ids.split(/,\s*/), verdict: verdict.replace(/\*/g, ""), rules }));
}

// Flipping any one secure default through an escape hatch fails synth with the right rule id.
// (addOverride merges objects and appends to lists, so null is how an override removes a setting.)
describe.each([
  ["azurerm_key_vault", "purge_protection_enabled", false, "DMF-KV-PURGE-PROTECTION", "CKV_AZURE_42"],
  ["azurerm_key_vault", "rbac_authorization_enabled", false, "DMF-KV-RBAC", "AVM default"],
  ["azurerm_key_vault", "network_acls.default_action", "Allow", "DMF-KV-FIREWALL-DENY", "CKV_AZURE_109"],
  ["azurerm_key_vault_secret", "content_type", null, "DMF-KV-SECRET-CONTENT-TYPE", "CKV_AZURE_114"],
  ["azurerm_key_vault_secret", "expiration_date", null, "DMF-KV-SECRET-EXPIRY", "CKV_AZURE_41"],
  ["azuread_application", "sign_in_audience", "AzureADMultipleOrgs", "DMF-ENTRA-SINGLE-TENANT", ""],
  ["azuread_application", "owners", null, "DMF-ENTRA-OWNERS", ""],
  [
    "azuread_application_password",
    "end_date",
    '${timeadd(time_rotating.r.rfc3339, "17520h")}',
    "DMF-ENTRA-SECRET-LIFETIME",
    "",
  ],
  [
    "azuread_service_principal_delegated_permission_grant",
    "claim_values",
    ["Directory.ReadWrite.All"],
    "DMF-ENTRA-LEAST-PRIVILEGE",
    "",
  ],
  ["azurerm_resource_group", "tags", null, "DMF-TAGS", ""],
  ["azapi_resource:app", "body.properties.httpsOnly", false, "DMF-FUNC-HTTPS-ONLY", "CKV_AZURE_70"],
  ["azapi_resource:app", "body.properties.siteConfig.minTlsVersion", "1.0", "DMF-FUNC-MIN-TLS", "CKV_AZURE_145"],
  [
    "azapi_resource:app",
    "body.properties.siteConfig.remoteDebuggingEnabled",
    true,
    "DMF-FUNC-REMOTE-DEBUG-OFF",
    "CKV_AZURE_72",
  ],
  ["azapi_resource:app", "identity", null, "DMF-FUNC-MANAGED-IDENTITY", ""],
  ["azapi_update_resource:scm-basic-auth-off", "body.properties.allow", true, "DMF-FUNC-BASIC-AUTH-OFF", "AVM default"],
  ["azurerm_storage_account", "min_tls_version", "TLS1_0", "DMF-ST-MIN-TLS", "CKV_AZURE_44"],
  ["azurerm_storage_account", "https_traffic_only_enabled", false, "DMF-ST-HTTPS-ONLY", "AVD-AZU-0008"],
  ["azurerm_storage_account", "allow_nested_items_to_be_public", true, "DMF-ST-NO-PUBLIC-BLOBS", "CKV_AZURE_190"],
  ["azurerm_storage_account", "shared_access_key_enabled", true, "DMF-ST-SHARED-KEY-OFF", "CKV2_AZURE_40"],
  ["azurerm_storage_account", "blob_properties", null, "DMF-ST-BLOB-SOFT-DELETE", "CKV2_AZURE_38"],
  [
    "azurerm_storage_account",
    "infrastructure_encryption_enabled",
    false,
    "DMF-ST-INFRASTRUCTURE-ENCRYPTION",
    "AVD-AZU-0061",
  ],
  [
    "azurerm_storage_container",
    "container_access_type",
    "blob",
    "DMF-ST-CONTAINER-PRIVATE",
    "CKV_AZURE_34, AVD-AZU-0007",
  ],
  ["azurerm_key_vault", "soft_delete_retention_days", null, "DMF-KV-PURGE-PROTECTION", "AVD-AZU-0016"],
  // The relay's network path: storage firewall, and the way its Key Vault references reach the vault.
  [
    "azurerm_storage_account",
    "network_rules.default_action",
    "Allow",
    "DMF-ST-NETWORK-DENY",
    "CKV_AZURE_35, AVD-AZU-0012",
  ],
  ["azurerm_subnet", "service_endpoints", null, "DMF-DEPLOY-KV-REFERENCE-NETWORK", ""],
  ["azurerm_key_vault", "network_acls.virtual_network_subnet_ids", null, "DMF-DEPLOY-KV-REFERENCE-NETWORK", ""],
  ["azapi_resource:app", "body.properties.virtualNetworkSubnetId", null, "DMF-DEPLOY-KV-REFERENCE-NETWORK", ""],
])("%s: %s = %j", (type, attribute, value, ruleId, mirror) => {
  test(`fails synth with ${ruleId}`, () => {
    const stack = defaultStack();
    only(stack, type).addOverride(attribute, value);
    expect(() => Testing.fullSynth(stack)).toThrow(new RegExp(`${ruleId}${mirror ? `.*${mirror}` : ""}`));
    // The record the rules kept during that synth: this rule, and no other, failed.
    const failures = SecurityRules.of(stack)?.record?.findings.filter((f) => f.severity === "error");
    expect(failures?.map((f) => f.ruleId)).toEqual([ruleId]);
  });
});
