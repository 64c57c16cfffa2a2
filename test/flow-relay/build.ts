import { join } from "node:path";
import { Testing, TerraformOutput, TerraformStack, TerraformVariable } from "../../constructs/providers/cdktf";
import { SecureKeyVault } from "../../constructs/secure-key-vault";
import { FlowRelay, type FlowRelayProps } from "../../constructs/flow-relay";
import { ofType, onlyOfType, synthStack } from "../support/synth";

/** A relay bundle folder (host.json and a stub) the tests deploy. */
export const FIXTURE = join(__dirname, "..", "fixtures", "relay-bundle");

export type Json = Record<string, any>;
export interface Synth {
  resource: Record<string, Record<string, Json>>;
  output: Record<string, { value: any }>;
  variable?: Record<string, Json>;
}

/**
 * A FlowRelay in its own stack with a vault and one secret per route, synthesized. `props` may be
 * a function of the stack, to declare variables whose values are known only at apply.
 */
export function build(
  props: Partial<FlowRelayProps> | ((stack: TerraformStack) => Partial<FlowRelayProps>) = {},
  routeKeys: string[] = ["create-user"],
) {
  const stack = new TerraformStack(Testing.app(), "relay-test");
  const keyVault = new SecureKeyVault(stack, "kv", {
    name: "kv-test-1",
    resourceGroupName: "rg",
    location: "westeurope",
    tenantId: "t",
  });
  const flowUrl = new TerraformVariable(stack, "flow_url", { type: "string", sensitive: true });
  const routes = Object.fromEntries(
    routeKeys.map((key) => [
      key,
      {
        displayName: key.replace(/-/g, " "),
        flowUrlSecret: keyVault.addSecret(`flow-url-${key}`, {
          name: `flow-url-${key.toLowerCase().replace(/[^a-z0-9-]/g, "-")}`,
          value: flowUrl.stringValue,
          contentType: "text/uri",
          expirationDate: "2027-06-30T00:00:00Z",
        }),
      },
    ]),
  );
  const relay = new FlowRelay(stack, "relay", {
    resourceGroupName: "rg",
    location: "westeurope",
    namePrefix: "dmflow-test",
    // Names known at synth; the derived suffix has tests of its own (test/naming/).
    nameSuffix: "a1b2c3",
    keyVault,
    routes,
    ...(typeof props === "function" ? props(stack) : props),
  });
  // The attributes go through outputs, so the tests read them from the synthesized JSON.
  const attributes = {
    relayBaseUrl: relay.relayBaseUrl,
    routeUrls: relay.routeUrls,
    decisionsUrl: relay.decisionsUrl ?? "none",
    healthUrl: relay.healthUrl,
    functionKeyCommand: relay.functionKeyCommand,
    decisionsFunctionKeyCommand: relay.decisionsFunctionKeyCommand ?? "none",
    identityClientId: relay.identityClientId,
    identityPrincipalId: relay.identityPrincipalId,
    storageAccountName: relay.storageAccountName,
  };
  for (const [name, value] of Object.entries(attributes)) new TerraformOutput(stack, name, { value });
  const json = synthStack(stack) as Synth;
  return { stack, relay, json };
}

export const only = onlyOfType;
export const idOf = (json: Synth, type: string, predicate: (c: Json) => boolean) =>
  ofType(json, type).find(([, c]) => predicate(c))?.[0];
export const output = (json: Synth, name: string) => json.output[name].value;
export const roles = (json: Synth): Json[] => ofType(json, "azurerm_role_assignment").map(([id, c]) => ({ id, ...c }));

export { relaySite as site, siteAppSettings as appSettings } from "../support/synth";
