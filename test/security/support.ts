import { Testing, TerraformResource, TerraformStack } from "../../constructs/providers/cdktf";
import type { App, IConstruct } from "../../constructs/providers/cdktf";
import { AzurermProvider, KeyVault } from "../../constructs/providers/azurerm";
import { FunctionAppFlexConsumption } from "../../constructs/providers/azurerm-flex-function-app";
import { AzureadProvider } from "../../constructs/providers/azuread";
import { TimeProvider } from "../../constructs/providers/time";
import {
  applySecurityRules,
  SECURITY_RULES,
  type SecurityRecord,
  SecurityRules,
  type SecurityRulesOptions,
} from "../../constructs/security";
import { createRuleContext, evaluateRule, reportedByOf } from "../../constructs/security/engine";
import type { ElementKind, RuleOutcome, SynthesizedElement } from "../../constructs/security/rule";

/** A resource element as the pack builds it from synthesized JSON. */
export function resource(type: string, config: Record<string, unknown>, name = "r"): SynthesizedElement {
  return {
    kind: "resource",
    type,
    name,
    address: `${type}.${name}`,
    config,
    path: `stack/${name}`,
    takesTags: "tags" in config,
  };
}

/** Any element kind. */
export function element(
  kind: ElementKind,
  type: string,
  name: string,
  config: Record<string, unknown>,
  extra: Partial<SynthesizedElement> = {},
): SynthesizedElement {
  const address =
    kind === "resource"
      ? `${type}.${name}`
      : kind === "data"
        ? `data.${type}.${name}`
        : kind === "output"
          ? `output.${name}`
          : kind === "variable"
            ? `var.${name}`
            : `${kind}.${type}`;
  return { kind, type, name, address, config, ...extra };
}

/** Runs one rule by id on an element, with the other elements of the stack around it. */
export function run(
  ruleId: string,
  target: SynthesizedElement,
  others: SynthesizedElement[] = [],
  options: SecurityRulesOptions = {},
  now?: Date,
): RuleOutcome {
  const rule = SECURITY_RULES.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return evaluateRule(rule, target, createRuleContext([target, ...others], options, now));
}

/** The Checkov/Trivy ids that report a rule's outcome on an element (as the finding records them). */
export function reportedBy(
  ruleId: string,
  target: SynthesizedElement,
  others: SynthesizedElement[] = [],
): readonly string[] {
  const rule = SECURITY_RULES.find((r) => r.id === ruleId)!;
  return reportedByOf(rule, run(ruleId, target, others));
}

/** Just the status of a rule's outcome. */
export function status(
  ruleId: string,
  target: SynthesizedElement,
  others: SynthesizedElement[] = [],
  options: SecurityRulesOptions = {},
): RuleOutcome["status"] {
  return run(ruleId, target, others, options).status;
}

/** A stack with the three providers (synth validates that every resource has its provider). */
export function newStack(id = "stack", app: App = Testing.app() as App): TerraformStack {
  const stack = new TerraformStack(app, id);
  // As docs/consumers.md tells a consumer: no data-plane poll of a new (firewalled) storage account.
  new AzurermProvider(stack, "azurerm", { features: [{ storage: [{ dataPlaneAvailable: false }] }] });
  new AzureadProvider(stack, "azuread", {});
  new TimeProvider(stack, "time");
  return stack;
}

/** Runs the aspects (as synth does) and returns the pack's record. */
export function check(stack: TerraformStack): SecurityRecord {
  Testing.synth(stack);
  const record = SecurityRules.of(stack)?.record;
  if (!record) throw new Error("the security rules are not applied to this stack");
  return record;
}

/** Rule ids of the unsuppressed findings. */
export function ruleIds(record: SecurityRecord): string[] {
  return [...new Set(record.findings.map((f) => f.ruleId))].sort();
}

/** The annotations cdktf collected on a construct, by level. */
export function annotationsOf(construct: IConstruct, level: "error" | "warn"): string[] {
  return construct.node.metadata.filter((m) => m.type === `@cdktf/${level}`).map((m) => String(m.data));
}

/** Every annotation of a level in a tree. */
export function allAnnotations(root: IConstruct, level: "error" | "warn"): string[] {
  return root.node.findAll().flatMap((c) => annotationsOf(c, level));
}

/** The stack's synthesized JSON with its `//` metadata (Testing.synth strips it). */
export function synthesizedWithMetadata(stack: TerraformStack): Record<string, any> {
  Testing.synth(stack);
  return stack.toTerraform();
}

/** One rule case: rule id, label, a weakened element, a secure element, the problem expected. */
export type RuleCase = readonly [
  ruleId: string,
  label: string,
  weak: SynthesizedElement,
  secure: SynthesizedElement,
  problem: RegExp,
];

/** cdk-nag style: per case, a compliant, a non-compliant and a not-applicable test. */
export function describeRuleCases(
  cases: readonly RuleCase[],
  unrelated: SynthesizedElement,
  others: SynthesizedElement[] = [],
): void {
  describe.each(cases)("%s (%s)", (ruleId, _label, weak, secure, problem) => {
    test("compliant", () => {
      expect(status(ruleId, secure, others)).toBe("compliant");
    });
    test("non-compliant", () => {
      const outcome = run(ruleId, weak, others);
      expect(outcome.status).toBe("non-compliant");
      expect(outcome.status === "non-compliant" && outcome.problem).toMatch(problem);
    });
    test(`not applicable to ${unrelated.type}`, () => {
      expect(status(ruleId, unrelated, others)).toBe("not-applicable");
    });
  });
}

/** Tags the secure test resources carry (and the pack requires in stackWithPack). */
export const tags = { environment: "test", "managed-by": "directory-manager-flow" };

/** A Key Vault with every secure default, and a private endpoint to it. */
export function secureVault(stack: TerraformStack, id = "vault"): KeyVault {
  const vault = new KeyVault(stack, id, {
    name: `${id}-kv`,
    location: "westeurope",
    resourceGroupName: "rg",
    tenantId: "00000000-0000-0000-0000-000000000000",
    skuName: "standard",
    rbacAuthorizationEnabled: true,
    purgeProtectionEnabled: true,
    softDeleteRetentionDays: 90,
    publicNetworkAccessEnabled: false,
    networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
    tags,
  });
  const endpoint = new TerraformResource(stack, `${id}-endpoint`, {
    terraformResourceType: "azurerm_private_endpoint",
  });
  endpoint.addOverride("tags", tags);
  endpoint.addOverride("private_service_connection", [
    { name: "vault", private_connection_resource_id: vault.id, subresource_names: ["vault"] },
  ]);
  return vault;
}

/** A Flex Consumption function app with every secure default. */
export function secureFunctionApp(stack: TerraformStack, id = "relay"): FunctionAppFlexConsumption {
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

/** A stack with providers and the pack applied, requiring the test tags. */
export function stackWithPack(options?: SecurityRulesOptions): TerraformStack {
  const stack = newStack();
  applySecurityRules(stack, { requiredTags: tags, ...options });
  return stack;
}

/** The check ids an ignore file lists (.checkov.yaml's skip-check items, .trivyignore's lines), comments left out. */
export function ignoredIds(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.replace(/^\s*-\s*/, "").trim())
    .filter((l) => /^(CKV2?_AZURE_\d+|AVD-AZU-\d{4})$/.test(l));
}
