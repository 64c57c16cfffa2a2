import { readFileSync } from "node:fs";
import { join } from "node:path";
import { synthEnvironment } from "../support/synth";
import { ROOT } from "./pipeline-files";
const { allowRunner } = require("../../scripts/pipeline/runner-firewall.js") as {
  allowRunner: (stack: Obj, ip: string) => string[];
};
const { placeholders } = require("../../scripts/pipeline/plan-placeholders.js") as {
  placeholders: (stack: Obj) => Record<string, string>;
};
const { driftTargets } = require("../../scripts/pipeline/drift-targets.js") as {
  driftTargets: (list: string, stack?: Obj) => { targets: string[]; skipped: { address: string; through: string }[] };
};

type Obj = Record<string, any>;
const example = JSON.parse(readFileSync(join(ROOT, "config", "example.json"), "utf8")) as Obj;
type ConfigInput = Parameters<typeof synthEnvironment>[0];
const exampleStack = () => structuredClone(synthEnvironment(example as ConfigInput, "prod").json) as Obj;

describe("runner-firewall: the deploy runner in the approved stack's firewalls", () => {
  test("every Key Vault of the synthesized stack gets the runner as a /32, once; the configured ranges stay; a denying storage account whose data plane the deploy polls gets it too", () => {
    const stack = exampleStack();
    // As a stack with azurerm's data-plane poll on would be (the default stack turns it off: next test).
    delete stack.provider.azurerm[0].features[0].storage;
    const [vaultId] = Object.keys(stack.resource.azurerm_key_vault);
    const [accountId] = Object.keys(stack.resource.azurerm_storage_account);
    stack.resource.azurerm_key_vault[vaultId].network_acls.ip_rules = ["198.51.100.0/24"];
    expect(allowRunner(stack, "203.0.113.7")).toEqual([
      `azurerm_key_vault.${vaultId}`,
      `azurerm_storage_account.${accountId}`,
    ]);
    expect(stack.resource.azurerm_storage_account[accountId].network_rules.ip_rules).toEqual(["203.0.113.7"]);
    allowRunner(stack, "203.0.113.7/32");
    expect(stack.resource.azurerm_key_vault[vaultId].network_acls.ip_rules).toEqual([
      "198.51.100.0/24",
      "203.0.113.7/32",
    ]);
  });

  test("the default stack's deploy never reaches the storage data plane (poll off, no blob, no classic queue logging): only the vault gets the runner", () => {
    const stack = exampleStack();
    expect(stack.provider.azurerm[0].features[0].storage).toEqual([{ data_plane_available: false }]);
    const [vaultId] = Object.keys(stack.resource.azurerm_key_vault);
    expect(allowRunner(stack, "203.0.113.7")).toEqual([`azurerm_key_vault.${vaultId}`]);
  });

  test("a storage account that denies by default gets the bare address; an open one is left alone", () => {
    const stack = {
      resource: {
        azurerm_storage_account: {
          closed: { network_rules: { default_action: "Deny", ip_rules: [] } },
          open: { network_rules: { default_action: "Allow" } },
        },
      },
    };
    expect(allowRunner(stack, "203.0.113.7")).toEqual(["azurerm_storage_account.closed"]);
    expect(stack.resource.azurerm_storage_account.closed.network_rules.ip_rules).toEqual(["203.0.113.7"]);
    expect(stack.resource.azurerm_storage_account.open.network_rules).toEqual({ default_action: "Allow" });
  });

  test("refuses a private address and rules known only at apply time", () => {
    expect(() => allowRunner(exampleStack(), "10.0.0.4")).toThrow(/a private address/);
    const computed = {
      resource: { azurerm_key_vault: { kv: { network_acls: { default_action: "Deny", ip_rules: "${var.ranges}" } } } },
    };
    expect(() => allowRunner(computed, "203.0.113.7")).toThrow(
      /azurerm_key_vault\.kv: ip_rules is computed at apply time/,
    );
  });
});

describe("plan-placeholders: plans run without the environment's secrets", () => {
  test("each sensitive variable gets a placeholder that passes its own validation", () => {
    const stack = exampleStack();
    const values = placeholders(stack);
    expect(Object.keys(values)).toEqual(["flow_request_url_create_user"]);
    expect(values.flow_request_url_create_user).toMatch(
      /^https:\/\/placeholder\.environment\.api\.powerplatform\.com\/.*sig=placeholder$/,
    );
    // The validation is the one Terraform runs: a value it rejects is not chosen.
    const condition = stack.variable.flow_request_url_create_user.validation[0].condition as string;
    expect(condition).toMatch(/^\$\{can\(regex\(/);
    expect(
      placeholders({
        variable: { v: { sensitive: true, validation: [{ condition: '${can(regex("^placeholder$", var.v))}' }] } },
      }),
    ).toEqual({ v: "placeholder" });
    expect(() =>
      placeholders({
        variable: { v: { sensitive: true, validation: [{ condition: '${can(regex("^never-matches$", var.v))}' }] } },
      }),
    ).toThrow(/variable "v": no placeholder passes its validation/);
  });

  test("the relay's decision credentials get one too; a variable with a default or not sensitive gets none", () => {
    const decide = {
      ...example,
      relay: {
        ...example.relay,
        decisions: { ...example.relay?.decisions, enabled: true, credentialsSource: "variables" },
      },
    };
    const values = placeholders(synthEnvironment(decide as ConfigInput, "prod").json as Obj);
    expect(Object.keys(values).sort()).toEqual(
      expect.arrayContaining(["directory_manager_password", "flow_request_url_create_user"]),
    );
    expect(placeholders({ variable: { a: { sensitive: true, default: "x" }, b: { type: "string" } } })).toEqual({});
  });

  test("a validation it cannot read is named, not guessed", () => {
    expect(() =>
      placeholders({ variable: { v: { sensitive: true, validation: [{ condition: "${length(var.v) > 3}" }] } } }),
    ).toThrow(/variable "v": its validation .* is not a can\(regex/);
  });
});

describe("drift-targets: what the read-only drift check refreshes", () => {
  test("everything in the state but data-plane resources and data sources", () => {
    const list = [
      "azurerm_key_vault.kv",
      "azurerm_key_vault_secret.flow",
      "azurerm_storage_blob.package",
      "data.azurerm_client_config.me",
      'module.x.azuread_application.app["a.b"]',
      "",
    ].join("\n");
    expect(driftTargets(list)).toEqual({
      targets: ["azurerm_key_vault.kv", 'module.x.azuread_application.app["a.b"]'],
      skipped: [
        { address: "azurerm_key_vault_secret.flow", through: "azurerm_key_vault_secret.flow" },
        { address: "azurerm_storage_blob.package", through: "azurerm_storage_blob.package" },
      ],
    });
  });

  test("with the stack: what depends on a data-plane resource is left out too (-target would refresh it)", () => {
    const stack = {
      provider: { azurerm: [{ features: [{}] }] },
      resource: {
        azurerm_key_vault: { kv: { name: "v" } },
        azurerm_key_vault_secret: { s: { key_vault_id: "${azurerm_key_vault.kv.id}" } },
        azurerm_role_assignment: { reads: { scope: "${azurerm_key_vault_secret.s.resource_versionless_id}" } },
        azurerm_storage_account: { st: { name: "st" } },
        azapi_resource: { site: { body: { value: "${azurerm_storage_account.st.primary_blob_endpoint}" } } },
        time_sleep: { wait: { depends_on: ["azurerm_role_assignment.reads"] } },
      },
    };
    const list =
      "azurerm_key_vault.kv\nazurerm_key_vault_secret.s\nazurerm_role_assignment.reads\nazurerm_storage_account.st\nazapi_resource.site\ntime_sleep.wait";
    const withPoll = driftTargets(list, stack);
    expect(withPoll.targets).toEqual(["azurerm_key_vault.kv"]);
    expect(withPoll.skipped).toContainEqual({ address: "time_sleep.wait", through: "azurerm_key_vault_secret.s" });
    // azurerm reads the account's data planes on refresh unless features.storage.data_plane_available = false.
    expect(withPoll.skipped).toContainEqual({ address: "azapi_resource.site", through: "azurerm_storage_account.st" });
    stack.provider.azurerm[0].features = [{ storage: [{ data_plane_available: false }] } as Obj];
    expect(driftTargets(list, stack).targets).toEqual([
      "azurerm_key_vault.kv",
      "azurerm_storage_account.st",
      "azapi_resource.site",
    ]);
  });
});
