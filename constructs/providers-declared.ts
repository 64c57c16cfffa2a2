import { TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack } from "./providers/cdktf";
import type { IConstruct } from "./providers/cdktf";

/** What a consumer adds for each provider the constructs use (docs/consumers.md has the versions). */
const FIXES: Record<string, string> = {
  azurerm:
    'new AzurermProvider(stack, "azurerm", { features: [{ storage: [{ dataPlaneAvailable: false }] }], storageUseAzuread: true }) from "@cdktf/provider-azurerm/lib/provider"',
  azuread: 'new AzureadProvider(stack, "azuread", {}) from "@cdktf/provider-azuread/lib/provider"',
  time: 'new TimeProvider(stack, "time") from "@cdktf/provider-time/lib/provider"',
  azapi: 'new AzapiProvider(stack, "azapi") from "directory-manager-flow"',
};
const checked = new WeakSet<IConstruct>();

const providerOf = (c: IConstruct): string | undefined =>
  c instanceof TerraformResource || c instanceof TerraformDataSource
    ? c.terraformGeneratorMetadata?.providerName
    : undefined;

/**
 * Makes synth fail, naming the provider and the fix, when the stack of `scope` holds resources of a
 * provider it does not declare (Terraform would otherwise pick an unconfigured or wrong provider).
 * One check per stack, whichever construct asks first.
 */
export function checkProvidersDeclared(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (checked.has(stack)) return;
  checked.add(stack);
  stack.node.addValidation({
    validate: () => {
      const all = stack.node.findAll();
      const declared = new Set(
        all.filter((c): c is TerraformProvider => c instanceof TerraformProvider).map((p) => p.terraformResourceType),
      );
      const missing = new Map<string, string>();
      for (const c of all) {
        const provider = providerOf(c);
        if (provider && !declared.has(provider) && !missing.has(provider)) missing.set(provider, c.node.path);
      }
      return [...missing].map(
        ([provider, path]) =>
          `the stack declares no "${provider}" provider, which ${path} needs: add ${FIXES[provider] ?? `the ${provider} provider`} (docs/consumers.md)`,
      );
    },
  });
}
