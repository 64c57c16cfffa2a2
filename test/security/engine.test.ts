import { SECURITY_RULES } from "../../constructs/security";
import { createRuleContext, elementsOf, evaluateElements, evaluateRule } from "../../constructs/security/engine";
import { check, resource, secureFunctionApp, stackWithPack } from "./support";

describe("rules never crash synth", () => {
  test("a rule that throws on an unexpected shape yields unknown", () => {
    const rule = {
      ...SECURITY_RULES[0],
      check: () => {
        throw new Error("boom");
      },
    };
    const target = {
      kind: "resource" as const,
      type: "azurerm_function_app_flex_consumption",
      name: "f",
      address: "azurerm_function_app_flex_consumption.f",
      config: {},
    };
    expect(evaluateRule(rule, target, createRuleContext([target]))).toEqual({
      status: "unknown",
      problem: "the rule could not read the configuration (boom)",
    });
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

describe("elements of a synthesized stack", () => {
  const json = {
    "//": { metadata: { stackName: "stack" } },
    resource: { azurerm_key_vault: { kv: { name: "kv", "//": { metadata: { path: "stack/vault" } } } } },
    data: { azuread_service_principal: { graph: { client_id: "00000003-0000-0000-c000-000000000000" } } },
    output: { client_id: { value: "${azuread_application.app.client_id}" } },
    variable: { secret: { type: "string", sensitive: true } },
    provider: { azurerm: [{ features: [{}] }, { alias: "second", features: [{}] }], time: {} },
    terraform: { backend: { local: { path: "state.tfstate" } }, required_providers: {} },
    locals: { prefix: "dmf" },
  };

  test("every resource, data source, output, variable, provider, backend and the locals, each with its Terraform address", () => {
    expect(elementsOf(json).map((e) => [e.kind, e.type, e.address])).toEqual([
      ["resource", "azurerm_key_vault", "azurerm_key_vault.kv"],
      ["data", "azuread_service_principal", "data.azuread_service_principal.graph"],
      ["output", "output", "output.client_id"],
      ["variable", "variable", "var.secret"],
      ["provider", "azurerm", "provider.azurerm[0]"],
      ["provider", "azurerm", "provider.azurerm[1]"],
      ["provider", "time", "provider.time[0]"],
      ["backend", "local", "terraform.backend.local"],
      ["locals", "locals", "locals"],
    ]);
  });

  test("a resource keeps its construct path and loses its // metadata", () => {
    const [vault] = elementsOf(json);
    expect(vault).toMatchObject({ name: "kv", path: "stack/vault", config: { name: "kv" } });
    expect(vault.config).not.toHaveProperty("//");
  });

  test("an empty stack has no elements", () => {
    expect(elementsOf({})).toEqual([]);
  });
});

describe("evaluating elements", () => {
  const weak = resource("azurerm_function_app_flex_consumption", { https_only: false, tags: { a: "b" } }, "fa");
  const unsure = {
    ...resource("azurerm_key_vault", { purge_protection_enabled: "${var.purge}", tags: { a: "b" } }, "kv"),
    path: undefined,
  };

  test("each finding has the rule's id, mirrors and fix, and the element's address and path", () => {
    const found = evaluateElements([weak], createRuleContext([weak]), { severity: {}, unverified: "warning" }, "stack");
    const https = found.find((f) => f.finding.ruleId === "DMF-FUNC-HTTPS-ONLY");
    expect(https?.element).toBe(weak);
    expect(https?.finding).toEqual({
      ruleId: "DMF-FUNC-HTTPS-ONLY",
      mirrors: ["CKV_AZURE_70", "AVD-AZU-0004"],
      // No scanner reads a Flex Consumption app, so no scanner reports this finding.
      reportedBy: [],
      severity: "error",
      status: "non-compliant",
      path: "stack/fa",
      address: "azurerm_function_app_flex_consumption.fa",
      problem: "https_only is false",
      fix: SECURITY_RULES.find((r) => r.id === "DMF-FUNC-HTTPS-ONLY")!.fix,
    });
  });

  test("compliant and not-applicable outcomes are not findings", () => {
    const tagsOnly = resource("azurerm_resource_group", { tags: { a: "b" } }, "rg");
    expect(
      evaluateElements([tagsOnly], createRuleContext([tagsOnly]), { severity: {}, unverified: "warning" }, "stack"),
    ).toEqual([]);
  });

  test("the stack's severities apply: an override per rule, and the severity of unverified checks", () => {
    const found = evaluateElements(
      [weak, unsure],
      createRuleContext([weak, unsure]),
      { severity: { "DMF-FUNC-HTTPS-ONLY": "warning" }, unverified: "error" },
      "stack",
    );
    const byRule = Object.fromEntries(found.map((f) => [f.finding.ruleId, f.finding]));
    expect(byRule["DMF-FUNC-HTTPS-ONLY"]).toMatchObject({ severity: "warning", status: "non-compliant" });
    expect(byRule["DMF-KV-PURGE-PROTECTION"]).toMatchObject({ severity: "error", status: "unverified", path: "stack" });
  });
});
