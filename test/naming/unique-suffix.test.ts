import { Construct, Testing, TerraformStack } from "../../constructs/providers/cdktf";
import { DataAzurermClientConfig, KeyVault } from "../../constructs/providers/azurerm";
import { UNIQUE_SUFFIX_LENGTH, uniqueSuffix, uniqueSuffixOf } from "../../constructs/naming/unique-suffix";
import { onlyOfType, ref, synthStack } from "../support/synth";
import { evaluateSuffixExpression } from "./support";
import { hasTerraform, terraformEval } from "../support/terraform";

const SUBSCRIPTION = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";

/** The name a vault gets from uniqueSuffix in stack `env`, construct `id`, with a literal or plan-time subscription id. */
function vaultName(env: string, id: string, subscription?: string): { name: string; clientConfig: string } {
  const stack = new TerraformStack(Testing.app(), env);
  const config = new DataAzurermClientConfig(stack, "client");
  const scope = new Construct(stack, id);
  const suffix = uniqueSuffix(scope, subscription ?? config.subscriptionId);
  new KeyVault(stack, "vault", {
    name: `kv-${suffix}`,
    location: "westeurope",
    resourceGroupName: "rg",
    skuName: "standard",
    tenantId: "t",
  });
  const json = synthStack(stack);
  return {
    name: onlyOfType(json, "azurerm_key_vault")[1].name,
    clientConfig: ref(
      "azurerm_client_config",
      onlyOfType(json, "azurerm_client_config", "data")[0],
      "subscription_id",
      "data",
    ),
  };
}

describe("uniqueness suffix", () => {
  test("6 hex digits of sha1(<subscription id in lower case>/<construct path>)", () => {
    // sha1("3f2a…5a6b/dev/dm") computed independently: printf %s … | sha1sum
    expect(uniqueSuffixOf(SUBSCRIPTION, "dev/dm")).toBe("041e80");
    expect(uniqueSuffixOf(SUBSCRIPTION.toUpperCase(), "dev/dm")).toBe("041e80");
    expect(UNIQUE_SUFFIX_LENGTH).toBe(6);
  });

  test("another subscription, environment (stack) or instance path gives another suffix", () => {
    const suffixes = new Set([
      uniqueSuffixOf(SUBSCRIPTION, "dev/dm"),
      uniqueSuffixOf(SUBSCRIPTION.replace("3f2a", "4f2a"), "dev/dm"),
      uniqueSuffixOf(SUBSCRIPTION, "prod/dm"),
      uniqueSuffixOf(SUBSCRIPTION, "dev/dm2"),
    ]);
    expect(suffixes.size).toBe(4);
  });

  test("a known subscription id gives a literal name at synth", () => {
    expect(vaultName("dev", "dm", SUBSCRIPTION).name).toBe("kv-041e80");
  });

  test("an id known only at plan gives an expression on the client config with the same value", () => {
    const { name, clientConfig } = vaultName("dev", "dm");
    const evaluated = evaluateSuffixExpression(name, SUBSCRIPTION);
    expect(evaluated.reference).toBe(clientConfig.slice(2, -1));
    expect(`kv-${evaluated.value}`).toBe(vaultName("dev", "dm", SUBSCRIPTION).name);
  });

  (hasTerraform() ? test : test.skip)("Terraform itself evaluates the expression to the synth-time value", () => {
    const { name, clientConfig } = vaultName("dev", "dm");
    const expression = name
      .slice("kv-${".length, -1)
      .replace(clientConfig.slice(2, -1), `"${SUBSCRIPTION.toUpperCase()}"`);
    expect(terraformEval(expression)).toBe(`"${uniqueSuffixOf(SUBSCRIPTION, "dev/dm")}"`);
  });
});
