// The relay's network options as the security rules see them: the default stack's storage and
// vault network rules pass outright, the Key Vault references reach their vault, and each option
// (private endpoints, bring your own subnet, public with a reason) changes exactly the scanner
// verdicts docs/security-rules.md says.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "../../constructs/providers/cdktf";
import type { App } from "../../constructs/providers/cdktf";
import { parseEnvironmentConfig } from "../../constructs/app/config-loader";
import { DirectoryManagerFlowStack } from "../../constructs/app/directory-manager-flow-stack";
import { SECURITY_RULES, type SecurityRecord } from "../../constructs/security";
import { createRuleContext, elementsOf, evaluateRule } from "../../constructs/security/engine";
import { checkovConfig, trivyIgnore } from "../../scripts/check/security-report/scanner-ignores";
import { check, ignoredIds } from "./support";

const root = join(__dirname, "..", "..");
const example = JSON.parse(readFileSync(join(root, "config", "example.json"), "utf8"));
const SUBNET =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/hub/providers/Microsoft.Network/virtualNetworks/spoke/subnets/relay";
const PE_SUBNET = SUBNET.replace(/relay$/, "endpoints");
const REASON = "Sandbox subscription without network policy; storage and vault hold test data only";
const NETWORK_RULES = [
  "DMF-ST-NETWORK-DENY",
  "DMF-ST-TRUSTED-SERVICES-BYPASS",
  "DMF-KV-FIREWALL-DENY",
  "DMF-DEPLOY-KV-REFERENCE-NETWORK",
];

/** The config's stack with a relay.network (none: the default), synthesized with the pack. */
function stackWith(network?: Record<string, unknown>): { stack: DirectoryManagerFlowStack; record: SecurityRecord } {
  const config = network ? { ...example, relay: { ...example.relay, network } } : example;
  const stack = new DirectoryManagerFlowStack(Testing.app() as App, "example", {
    environment: "example",
    config: parseEnvironmentConfig(config, "config/example.json"),
  });
  return { stack, record: check(stack) };
}

/** Checkov and Trivy ids the stack's ignore files list. */
function ignored(record: SecurityRecord): string[] {
  const reports = [{ stack: "example", record }];
  return [...ignoredIds(checkovConfig(reports)), ...ignoredIds(trivyIgnore(reports))].sort();
}

describe("the default stack's network rules", () => {
  const { stack, record } = stackWith();

  test("pass outright on the storage account, the vault and the relay's app: no finding, no suppression", () => {
    const elements = elementsOf(JSON.parse(Testing.synth(stack)));
    const context = createRuleContext(elements);
    const verdicts = NETWORK_RULES.flatMap((id) => {
      const rule = SECURITY_RULES.find((r) => r.id === id)!;
      return elements
        .filter((e) => rule.types.includes(e.type))
        .map((e) => [id, e.type, evaluateRule(rule, e, context).status]);
    }).filter(([, , status]) => status !== "not-applicable");
    expect(verdicts.sort()).toEqual(
      [
        ["DMF-DEPLOY-KV-REFERENCE-NETWORK", "azapi_resource", "compliant"],
        ["DMF-KV-FIREWALL-DENY", "azurerm_key_vault", "compliant"],
        ["DMF-ST-NETWORK-DENY", "azurerm_storage_account", "compliant"],
        ["DMF-ST-TRUSTED-SERVICES-BYPASS", "azurerm_storage_account", "compliant"],
      ].sort(),
    );
    const touched = [...record.findings, ...record.suppressed, ...record.suppressions].map((f) => f.ruleId);
    expect(touched.filter((id) => NETWORK_RULES.includes(id))).toEqual([]);
  });
});

describe("each network option, as the scanners' ignore files show it", () => {
  const defaults = ignored(stackWith().record);

  test.each([
    ["private endpoints", { privateEndpoints: true }, ["CKV_AZURE_189"], ["CKV2_AZURE_32", "CKV2_AZURE_33"]],
    ["bring your own subnet", { subnetId: SUBNET }, [], []],
    [
      "bring your own subnet with private endpoints",
      { subnetId: SUBNET, privateEndpoints: true, privateEndpointSubnetId: PE_SUBNET },
      ["CKV_AZURE_189"],
      ["CKV2_AZURE_32", "CKV2_AZURE_33"],
    ],
    [
      "public, with a reason",
      { publicNetworkReason: REASON },
      ["AVD-AZU-0012", "AVD-AZU-0013", "CKV_AZURE_109", "CKV_AZURE_189", "CKV_AZURE_35"],
      [],
    ],
  ])("%s: no unsuppressed finding; accepted ids change as documented", (_label, network, added, removed) => {
    const { record } = stackWith(network);
    expect(record.findings.map((f) => `${f.ruleId} ${f.address}: ${f.problem}`)).toEqual([]);
    const ids = ignored(record);
    expect(ids.filter((id) => !defaults.includes(id)).sort()).toEqual(added);
    expect(defaults.filter((id) => !ids.includes(id)).sort()).toEqual(removed);
    const doc = readFileSync(join(root, "docs", "security-rules.md"), "utf8");
    for (const id of [...added, ...removed]) expect(doc.slice(doc.indexOf("#### Other network options"))).toContain(id);
  });

  test("public: the reason is recorded as the suppression of the storage and vault network rules", () => {
    const { record } = stackWith({ publicNetworkReason: REASON });
    const suppressed = record.suppressed.filter((f) => f.reason === REASON).map((f) => f.ruleId);
    expect(new Set(suppressed)).toEqual(
      new Set(["DMF-ST-NETWORK-DENY", "DMF-ST-PUBLIC-NETWORK-OFF", "DMF-ST-PRIVATE-ENDPOINT", "DMF-KV-FIREWALL-DENY"]),
    );
  });
});
