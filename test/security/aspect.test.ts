import { Aspects, Testing, TerraformOutput, TerraformVariable } from "../../constructs/providers/cdktf";
import type { IConstruct } from "../../constructs/providers/cdktf";
import { ResourceGroup } from "../../constructs/providers/azurerm";
import { applySecurityRules, SECURITY_RULES, SecurityRules, suppressRule } from "../../constructs/security";
import { annotationsOf, check, ruleIds, secureFunctionApp, secureVault, stackWithPack, tags } from "./support";

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
    expect(() => Testing.fullSynth(stack)).toThrow(
      /DMF-FUNC-HTTPS-ONLY \(CKV_AZURE_70, AVD-AZU-0004\) azurerm_function_app_flex_consumption\.relay: https_only is false/,
    );
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
    expect(message).toMatch(
      /\[stack\/vault\] DMF-KV-FIREWALL-DENY \(CKV_AZURE_109, AVD-AZU-0013\) .*network_acls.default_action is "Allow"\. Fix: Set networkAcls/,
    );
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
      expect.objectContaining({
        ruleId: "DMF-FUNC-HTTPS-ONLY",
        severity: "warning",
        status: "unverified",
        problem: 'https_only is "${var.https_only}", known only at plan',
      }),
    ]);
    expect(annotationsOf(app, "warn")).toEqual([
      expect.stringMatching(/^DMF-FUNC-HTTPS-ONLY .*cannot be verified at synth/),
    ]);
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
    expect(record.findings).toEqual([
      expect.objectContaining({ ruleId: "DMF-FUNC-HTTPS-ONLY", severity: "warning", status: "non-compliant" }),
    ]);
    expect(record.severityOverrides).toEqual({ "DMF-ST-GEO-REDUNDANT": "warning", "DMF-FUNC-HTTPS-ONLY": "warning" });
  });

  test("applying twice returns the same pack; options go to the first call only", () => {
    const stack = stackWithPack();
    expect(applySecurityRules(stack)).toBe(SecurityRules.of(stack));
    expect(() => applySecurityRules(stack, { unverified: "error" })).toThrow(
      'stack: options must be given to the first applySecurityRules call only (the pack is already applied to this stack), but {"unverified":"error"} was given',
    );
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

describe("findings", () => {
  test("a variable's literal default is found on the variable's construct, where a suppression can be declared", () => {
    const stack = stackWithPack();
    const variable = new TerraformVariable(stack, "client_secret", { type: "string", default: "s3cr3t-in-code" });
    expect(check(stack).findings).toEqual([
      expect.objectContaining({
        ruleId: "DMF-SECRET-LITERAL",
        path: "stack/client_secret",
        address: "var.client_secret",
      }),
    ]);
    suppressRule(variable, "DMF-SECRET-LITERAL", "A documented dummy value for the offline demo stack only");
    expect(check(stack).findings).toEqual([]);
  });

  test("outputs are checked, with the output's construct path", () => {
    const stack = stackWithPack();
    new TerraformOutput(stack, "client_secret", { value: "${azuread_application_password.pw.value}" });
    const record = check(stack);
    expect(record.findings).toEqual([
      expect.objectContaining({
        ruleId: "DMF-OUT-NO-SECRET",
        path: "stack/client_secret",
        address: "output.client_secret",
      }),
    ]);
  });
});
