import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Aspects, Testing, TerraformOutput, TerraformStack, TerraformVariable } from "../../constructs/providers/cdktf";
import type { IConstruct } from "../../constructs/providers/cdktf";
import { FunctionAppFlexConsumption, KeyVault, ResourceGroup } from "../../constructs/providers/azurerm";
import {
  applySecurityRules,
  createRuleContext,
  evaluateRule,
  formatFinding,
  optOutOfSecurityRules,
  SECURITY_RECORD_KEY,
  SECURITY_RULES,
  SecurityRules,
  suppressRule,
} from "../../constructs/security";
import { allAnnotations, annotationsOf, check, newStack, ruleIds, synthesizedWithMetadata } from "./support";

const tags = { environment: "test", "managed-by": "directory-manager-flow" };

function secureVault(stack: TerraformStack, id = "vault"): KeyVault {
  return new KeyVault(stack, id, {
    name: `${id}-kv`,
    location: "westeurope",
    resourceGroupName: "rg",
    tenantId: "00000000-0000-0000-0000-000000000000",
    skuName: "standard",
    rbacAuthorizationEnabled: true,
    purgeProtectionEnabled: true,
    publicNetworkAccessEnabled: false,
    networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
    tags,
  });
}

function secureFunctionApp(stack: TerraformStack, id = "relay"): FunctionAppFlexConsumption {
  return new FunctionAppFlexConsumption(stack, id, {
    name: `${id}-func`,
    location: "westeurope",
    resourceGroupName: "rg",
    servicePlanId: "${azurerm_service_plan.plan.id}",
    runtimeName: "node",
    runtimeVersion: "22",
    storageContainerType: "blobContainer",
    storageContainerEndpoint: "https://st.blob.core.windows.net/deploy",
    storageAuthenticationType: "SystemAssignedIdentity",
    httpsOnly: true,
    publicNetworkAccessEnabled: false,
    webdeployPublishBasicAuthenticationEnabled: false,
    identity: { type: "SystemAssigned" },
    siteConfig: { minimumTlsVersion: "1.2" },
    tags,
  });
}

function stackWithPack(options?: Parameters<typeof applySecurityRules>[1]): TerraformStack {
  const stack = newStack();
  applySecurityRules(stack, { requiredTags: tags, ...options });
  return stack;
}

describe("applying the pack", () => {
  test("a stack of secure resources has no finding", () => {
    const stack = stackWithPack();
    secureVault(stack);
    secureFunctionApp(stack);
    const record = check(stack);
    expect(record).toMatchObject({ status: "checked", rules: SECURITY_RULES.length, findings: [], suppressed: [] });
    expect(record.elements).toBeGreaterThanOrEqual(5); // 2 resources, 3 providers
  });

  test("override case: https_only = false through an escape hatch fails synth naming CKV_AZURE_70", () => {
    const stack = stackWithPack();
    secureFunctionApp(stack).addOverride("https_only", false);
    expect(() => Testing.fullSynth(stack)).toThrow(/DMF-FUNC-HTTPS-ONLY \(CKV_AZURE_70, AVD-AZU-0004\) azurerm_function_app_flex_consumption\.relay: https_only is false/);
  });

  test("a stack-level override (stack.addOverride) is seen too: the pack reads the synthesized JSON", () => {
    const stack = stackWithPack();
    const vault = secureVault(stack);
    stack.addOverride(`resource.azurerm_key_vault.${vault.friendlyUniqueId}.purge_protection_enabled`, false);
    expect(ruleIds(check(stack))).toEqual(["DMF-KV-PURGE-PROTECTION"]);
  });

  test("every error is listed at once, each with construct path, rule, mirrors, problem and fix", () => {
    const stack = stackWithPack();
    secureVault(stack).addOverride("network_acls.default_action", "Allow");
    const app = secureFunctionApp(stack);
    app.addOverride("https_only", false);
    app.addOverride("site_config.remote_debugging_enabled", true);
    let message = "";
    try {
      Testing.fullSynth(stack);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/\[stack\/vault\] DMF-KV-FIREWALL-DENY \(CKV_AZURE_109, AVD-AZU-0013\) .*network_acls.default_action is "Allow"\. Fix: Set networkAcls/);
    expect(message).toMatch(/\[stack\/relay\] DMF-FUNC-HTTPS-ONLY/);
    expect(message).toMatch(/\[stack\/relay\] DMF-FUNC-REMOTE-DEBUG-OFF \(CKV_AZURE_72\)/);
  });

  test("a check that cannot be decided at synth is a warning, and synth goes on", () => {
    const stack = stackWithPack();
    const httpsOnly = new TerraformVariable(stack, "https_only", { type: "bool" });
    const app = secureFunctionApp(stack);
    app.httpsOnly = httpsOnly.booleanValue;
    const record = check(stack);
    expect(record.findings).toEqual([
      expect.objectContaining({ ruleId: "DMF-FUNC-HTTPS-ONLY", severity: "warning", status: "unverified", problem: 'https_only is "${var.https_only}", known only at plan' }),
    ]);
    expect(annotationsOf(app, "warn")).toEqual([expect.stringMatching(/^DMF-FUNC-HTTPS-ONLY .*cannot be verified at synth/)]);
    expect(() => Testing.fullSynth(stack)).not.toThrow();
  });

  test("strict stacks can make unverifiable checks errors", () => {
    const stack = stackWithPack({ unverified: "error" });
    secureFunctionApp(stack).addOverride("https_only", "${var.https_only}");
    expect(check(stack).findings[0]).toMatchObject({ severity: "error", status: "unverified" });
  });

  test("a rule's severity can be lowered per stack, and the change is recorded", () => {
    const stack = stackWithPack({ severity: { "DMF-ST-GEO-REDUNDANT": "warning", "DMF-FUNC-HTTPS-ONLY": "warning" } });
    secureFunctionApp(stack).addOverride("https_only", false);
    const record = check(stack);
    expect(record.findings).toEqual([expect.objectContaining({ ruleId: "DMF-FUNC-HTTPS-ONLY", severity: "warning", status: "non-compliant" })]);
    expect(record.severityOverrides).toEqual({ "DMF-ST-GEO-REDUNDANT": "warning", "DMF-FUNC-HTTPS-ONLY": "warning" });
  });

  test("options are validated", () => {
    expect(() => applySecurityRules(newStack(), { severity: { "DMF-NOPE": "warning" } })).toThrow(/severity names the unknown rule "DMF-NOPE"/);
    expect(() => applySecurityRules(newStack(), { maxClientSecretLifetimeDays: 1000 })).toThrow(/maxClientSecretLifetimeDays must be a whole number from 1 to 730, but 1000 was given/);
    expect(() => applySecurityRules(newStack(), { allowedDelegatedScopes: { sharepoint: ["AllSites.Read"] } })).toThrow(/"sharepoint" is neither a resource API in RESOURCE_APIS/);
  });

  test("applying twice returns the same pack; options go to the first call only", () => {
    const stack = stackWithPack();
    expect(applySecurityRules(stack)).toBe(SecurityRules.of(stack));
    expect(() => applySecurityRules(stack, { unverified: "error" })).toThrow(/already applied/);
  });

  test("synthesizing twice does not repeat annotations", () => {
    const stack = stackWithPack({ severity: { "DMF-FUNC-HTTPS-ONLY": "warning" } });
    const app = secureFunctionApp(stack);
    app.addOverride("https_only", false);
    check(stack);
    check(stack);
    expect(annotationsOf(app, "warn")).toHaveLength(1);
  });

  test("the check runs after every other aspect: a tagging aspect added later is seen", () => {
    const stack = stackWithPack();
    new ResourceGroup(stack, "rg", { name: "rg", location: "westeurope" });
    Aspects.of(stack).add({
      visit(node: IConstruct) {
        if (node instanceof ResourceGroup) node.tags = tags;
      },
    });
    expect(check(stack).findings).toEqual([]);
  });

  test("resources added after the first synth are checked at the next", () => {
    const stack = stackWithPack();
    check(stack);
    new ResourceGroup(stack, "late", { name: "rg", location: "westeurope" });
    expect(ruleIds(check(stack))).toEqual(["DMF-TAGS"]);
  });
});

describe("suppressions", () => {
  test("a suppression with its reason moves the finding out of the failures and into the synthesized metadata", () => {
    const stack = stackWithPack();
    const app = secureFunctionApp(stack);
    app.addOverride("public_network_access_enabled", true);
    suppressRule(app, "DMF-FUNC-PUBLIC-ACCESS", "Directory Manager calls it over the internet; function keys and IP restrictions guard it");
    const json = synthesizedWithMetadata(stack);
    const record = json["//"].metadata[SECURITY_RECORD_KEY];
    expect(record.findings).toEqual([]);
    expect(record.suppressed).toEqual([
      expect.objectContaining({
        ruleId: "DMF-FUNC-PUBLIC-ACCESS",
        mirrors: ["CKV_AZURE_221"],
        path: "stack/relay",
        problem: "public_network_access_enabled is true",
        reason: "Directory Manager calls it over the internet; function keys and IP restrictions guard it",
        suppressedAt: "stack/relay",
      }),
    ]);
    expect(record.suppressions).toEqual([
      { ruleId: "DMF-FUNC-PUBLIC-ACCESS", path: "stack/relay", reason: "Directory Manager calls it over the internet; function keys and IP restrictions guard it", matched: 1 },
    ]);
    expect(allAnnotations(stack, "error")).toEqual([]);
  });

  test("the record is in cdk.tf.json as written by synth", () => {
    const stack = stackWithPack();
    const vault = secureVault(stack);
    vault.addOverride("public_network_access_enabled", true);
    suppressRule(vault, "DMF-KV-PUBLIC-ACCESS", "Pipeline runners reach it during deploy; the firewall denies by default");
    const outdir = Testing.fullSynth(stack);
    const written = JSON.parse(readFileSync(join(outdir, "stacks", "stack", "cdk.tf.json"), "utf8"));
    expect(written["//"].metadata[SECURITY_RECORD_KEY].suppressed).toHaveLength(1);
    expect(written["//"].metadata[SECURITY_RECORD_KEY].suppressions[0]).toMatchObject({ ruleId: "DMF-KV-PUBLIC-ACCESS", matched: 1 });
  });

  test("a suppression on a parent construct covers its children; a stack-wide one covers every element", () => {
    const stack = stackWithPack();
    const app = secureFunctionApp(stack);
    app.addOverride("https_only", false);
    new TerraformOutput(stack, "key", { value: "${azurerm_storage_account.st.primary_access_key}" });
    suppressRule(stack, "DMF-FUNC-HTTPS-ONLY", "Test stack: TLS is terminated by the gateway in front of it");
    suppressRule(stack, "DMF-OUT-NO-SECRET", "Test stack: the output is read by a test harness only");
    const record = check(stack);
    expect(record.findings).toEqual([]);
    expect(record.suppressed.map((s) => [s.ruleId, s.path, s.suppressedAt])).toEqual([
      ["DMF-FUNC-HTTPS-ONLY", "stack/relay", "stack"],
      ["DMF-OUT-NO-SECRET", "stack/key", "stack"],
    ]);
  });

  test("a suppression of another rule does not hide the finding", () => {
    const stack = stackWithPack();
    const app = secureFunctionApp(stack);
    app.addOverride("https_only", false);
    suppressRule(app, "DMF-FUNC-PUBLIC-ACCESS", "Reached over the internet by Directory Manager");
    const record = check(stack);
    expect(ruleIds(record)).toEqual(["DMF-FUNC-HTTPS-ONLY"]);
    expect(record.suppressions).toEqual([expect.objectContaining({ ruleId: "DMF-FUNC-PUBLIC-ACCESS", matched: 0 })]);
  });

  test("a suppression of an unknown rule id is a warning (a typo would otherwise hide nothing silently)", () => {
    const stack = stackWithPack();
    const app = secureFunctionApp(stack);
    suppressRule(app, "DMF-FUNC-HTTPS", "Typo in the rule id for this test");
    check(stack);
    expect(annotationsOf(app, "warn")).toEqual([expect.stringMatching(/unknown rule "DMF-FUNC-HTTPS"/)]);
  });

  test("a suppression needs a rule id and a reason", () => {
    const stack = newStack();
    expect(() => suppressRule(stack, "https-only", "Because it is a test stack")).toThrow(/rule id like "DMF-FUNC-PUBLIC-ACCESS"/);
    expect(() => suppressRule(stack, "DMF-FUNC-HTTPS-ONLY", "  ")).toThrow(/needs a written reason/);
  });
});

describe("opting a stack out", () => {
  test("the stack is not checked, the reason is recorded and a warning says so", () => {
    const stack = stackWithPack();
    secureFunctionApp(stack).addOverride("https_only", false);
    optOutOfSecurityRules(stack, "Throwaway sandbox stack, destroyed after each test run");
    const record = synthesizedWithMetadata(stack)["//"].metadata[SECURITY_RECORD_KEY];
    expect(record).toMatchObject({ status: "opted-out", optOutReason: "Throwaway sandbox stack, destroyed after each test run", findings: [] });
    expect(annotationsOf(stack, "warn")).toEqual(["Security rules are switched off for stack stack: Throwaway sandbox stack, destroyed after each test run"]);
    expect(() => Testing.fullSynth(stack)).not.toThrow();
  });

  test("opting out needs a reason", () => {
    expect(() => optOutOfSecurityRules(newStack(), "no")).toThrow(/needs a written reason/);
  });

  test("SecurityRules.optOut does the same", () => {
    const stack = stackWithPack();
    SecurityRules.of(stack)!.optOut("Sandbox stack, destroyed after each test run");
    expect(check(stack).status).toBe("opted-out");
  });
});

describe("rules never crash synth", () => {
  test("a rule that throws on an unexpected shape yields unknown", () => {
    const rule = { ...SECURITY_RULES[0], check: () => { throw new Error("boom"); } };
    const target = { kind: "resource" as const, type: "azurerm_function_app_flex_consumption", name: "f", address: "azurerm_function_app_flex_consumption.f", config: {} };
    expect(evaluateRule(rule, target, createRuleContext([target]))).toEqual({ status: "unknown", problem: "the rule could not read the configuration (boom)" });
  });

  test("odd shapes from overrides (a number for a block, a list of strings) are reported, not thrown", () => {
    const stack = stackWithPack();
    const app = secureFunctionApp(stack);
    app.addOverride("site_config", 42);
    app.addOverride("identity", ["SystemAssigned"]);
    const record = check(stack);
    expect(record.findings.map((f) => [f.ruleId, f.status])).toEqual([["DMF-FUNC-MANAGED-IDENTITY", "non-compliant"]]);
  });
});

describe("findings", () => {
  test("formatFinding names rule, mirrors, address, problem, fix and how to suppress", () => {
    expect(
      formatFinding({ ruleId: "DMF-X", mirrors: ["CKV_1"], severity: "error", status: "non-compliant", path: "p", address: "a.b", problem: "it is open", fix: "Close it." }),
    ).toBe('DMF-X (CKV_1) a.b: it is open. Fix: Close it. Or suppressRule(scope, "DMF-X", "<reason>").');
  });

  test("a variable's literal default is found on the variable's construct, where a suppression can be declared", () => {
    const stack = stackWithPack();
    const variable = new TerraformVariable(stack, "client_secret", { type: "string", default: "s3cr3t-in-code" });
    expect(check(stack).findings).toEqual([expect.objectContaining({ ruleId: "DMF-SECRET-LITERAL", path: "stack/client_secret", address: "var.client_secret" })]);
    suppressRule(variable, "DMF-SECRET-LITERAL", "A documented dummy value for the offline demo stack only");
    expect(check(stack).findings).toEqual([]);
  });

  test("outputs are checked, with the output's construct path", () => {
    const stack = stackWithPack();
    new TerraformOutput(stack, "client_secret", { value: "${azuread_application_password.pw.value}" });
    const record = check(stack);
    expect(record.findings).toEqual([expect.objectContaining({ ruleId: "DMF-OUT-NO-SECRET", path: "stack/client_secret", address: "output.client_secret" })]);
  });
});
