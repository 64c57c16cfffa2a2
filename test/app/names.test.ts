import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "../../constructs/providers/cdktf";
import { parseEnvironmentConfig } from "../../constructs/app/config-loader";
import { DirectoryManagerFlowStack } from "../../constructs/app/directory-manager-flow-stack";
import { uniqueSuffixOf } from "../../constructs/naming/unique-suffix";
import { onlyOfType, relaySite, synthStack, type SynthJson } from "../support/synth";
import { withSuffixFor } from "../naming/support";

const example = JSON.parse(readFileSync(join(__dirname, "..", "..", "config", "example.json"), "utf8"));
const SUBSCRIPTION = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
const withDecisions = { ...example, relay: { decisions: { enabled: true } } };

/** One app with a stack per environment, all from `config`; ARM_SUBSCRIPTION_ID as given (or unset). */
function synthApp(environments: string[], config: object, armSubscriptionId?: string): Record<string, SynthJson> {
  const saved = process.env.ARM_SUBSCRIPTION_ID;
  if (armSubscriptionId === undefined) delete process.env.ARM_SUBSCRIPTION_ID;
  else process.env.ARM_SUBSCRIPTION_ID = armSubscriptionId;
  try {
    const app = Testing.app();
    const stacks = environments.map(
      (env) =>
        new DirectoryManagerFlowStack(app, env, {
          environment: env,
          config: parseEnvironmentConfig(config, `config/${env}.json`),
        }),
    );
    return Object.fromEntries(stacks.map((stack, i) => [environments[i], synthStack(stack)]));
  } finally {
    if (saved === undefined) delete process.env.ARM_SUBSCRIPTION_ID;
    else process.env.ARM_SUBSCRIPTION_ID = saved;
  }
}

/** The name of the only resource of a type; "site" is the relay's function app (an azapi Microsoft.Web/sites). */
const nameOf = (json: SynthJson, type: string, attribute = "name") =>
  String((type === "site" ? relaySite(json) : onlyOfType(json, type))[1][attribute]);

describe("the app's names", () => {
  test("the variables keep the names the pipelines pass (TF_VAR_flow_request_url_<route>, TF_VAR_directory_manager_*)", () => {
    const { dev } = synthApp(["dev"], withDecisions);
    expect(Object.keys(dev.variable!).sort()).toEqual([
      "directory_manager_client_id",
      "directory_manager_client_secret",
      "directory_manager_password",
      "directory_manager_username",
      "flow_request_url_create_user",
    ]);
  });

  test("the app registration's display name carries the environment; a configured one wins", () => {
    const { dev } = synthApp(["dev"], example);
    expect(nameOf(dev, "azuread_application", "display_name")).toBe("Netwrix Directory Manager (dev)");
    const { prod } = synthApp(["prod"], { ...example, directoryManagerApp: { displayName: "Directory Manager" } });
    expect(nameOf(prod, "azuread_application", "display_name")).toBe("Directory Manager");
  });

  test("owners: the deployer and the pipeline's principal from config, so an apply by either keeps both", () => {
    const pipeline = "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
    const extra = "11111111-2222-4333-8444-555555555555";
    const { dev } = synthApp(["dev"], {
      ...example,
      directoryManagerApp: { pipelineOwnerObjectId: pipeline, ownerObjectIds: [extra] },
    });
    const [deployerId] = onlyOfType(dev, "azuread_client_config", "data");
    const owners = [`\${data.azuread_client_config.${deployerId}.object_id}`, pipeline, extra];
    expect(onlyOfType(dev, "azuread_application")[1].owners).toEqual(owners);
    expect(onlyOfType(dev, "azuread_service_principal")[1].owners).toEqual(owners);
  });

  test("with the subscription known at synth (config or ARM_SUBSCRIPTION_ID) derived names are literal, and the same as at plan", () => {
    const suffix = uniqueSuffixOf(SUBSCRIPTION, "dev/directory-manager-flow");
    const fromEnv = synthApp(["dev"], example, SUBSCRIPTION).dev;
    const fromConfig = synthApp(["dev"], { ...example, subscriptionId: SUBSCRIPTION }).dev;
    const atPlan = synthApp(["dev"], example).dev;
    for (const json of [fromEnv, fromConfig]) {
      expect(nameOf(json, "azurerm_key_vault")).toBe(`dmflow-dev-kv-${suffix}`);
      expect(nameOf(json, "azurerm_storage_account")).toBe(`dmflowdevrelay${suffix}`);
      expect(nameOf(json, "site")).toBe(`dmflow-dev-relay-${suffix}`);
    }
    for (const type of ["azurerm_key_vault", "azurerm_storage_account", "site"]) {
      expect(withSuffixFor(nameOf(atPlan, type), SUBSCRIPTION)).toBe(nameOf(fromEnv, type));
    }
  });

  test("two environments share no display name, vault, storage account or function app name", () => {
    const stacks = synthApp(["dev", "prod"], example, SUBSCRIPTION);
    for (const [type, attribute] of [
      ["azuread_application", "display_name"],
      ["azurerm_key_vault", "name"],
      ["azurerm_storage_account", "name"],
      ["site", "name"],
    ]) {
      const names = Object.values(stacks).map((json) => nameOf(json, type, attribute).toLowerCase());
      expect(new Set(names).size).toBe(2);
    }
  });

  test("two environments with the same explicit vault name fail at synth, naming both", () => {
    expect(() => synthApp(["dev", "prod"], { ...example, keyVault: { name: "contoso-dm-kv" } })).toThrow(
      'prod/directory-manager-flow/key-vault: name must be a name no other Key Vault in Azure has (dev/directory-manager-flow/key-vault already uses it), but "contoso-dm-kv" was given',
    );
  });
});
