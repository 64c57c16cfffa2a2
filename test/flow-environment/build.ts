import { Testing, TerraformStack } from "../../constructs/providers/cdktf";
import { FlowEnvironment, type FlowEnvironmentProps } from "../../constructs/flow-environment";
import { SecureKeyVault } from "../../constructs/secure-key-vault";
import { synthStack } from "../support/synth";

/** A Power Automate request URL on the current host (a test value, not a real flow). */
export const NEW_URL =
  "https://6a1b.05.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/9f1c/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=AbC123";
/** A Power Automate request URL on the legacy Logic Apps host. */
export const OLD_URL =
  "https://prod-12.westeurope.logic.azure.com:443/workflows/9f1c/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=XyZ";

/** FlowEnvironment's props with one variable-sourced route, for `keyVault`. */
export function flowEnvironmentProps(keyVault: SecureKeyVault): FlowEnvironmentProps {
  return {
    orgCode: "contoso",
    region: "crm4",
    directoryManagerServer: "dm.contoso.com",
    identityStoreId: 1,
    clientId: "0b9c7d2e-1111-4222-8333-444455556666",
    tenantId: "9f8e7d6c-1111-4222-8333-444455556666",
    routes: { "create-user": { displayName: "Create User", flowRequestUrl: { source: "variable" } } },
    keyVault,
  };
}

/**
 * A FlowEnvironment with one variable-sourced route in its own stack, synthesized. `props` may be
 * a function of the stack, to declare variables whose values are known only at apply.
 */
export function build(
  props: Partial<FlowEnvironmentProps> | ((stack: TerraformStack) => Partial<FlowEnvironmentProps>) = {},
) {
  const stack = new TerraformStack(Testing.app(), "flow-env");
  const keyVault = new SecureKeyVault(stack, "kv", {
    name: "kv-flow-1",
    resourceGroupName: "rg",
    location: "westeurope",
    tenantId: "t",
  });
  const env = new FlowEnvironment(stack, "env", {
    ...flowEnvironmentProps(keyVault),
    ...(typeof props === "function" ? props(stack) : props),
  });
  return { stack, env, json: synthStack(stack) };
}
