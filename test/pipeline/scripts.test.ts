import { copyFileSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnvironmentConfig } from "../../constructs/app/config-loader";
import { ROOT } from "./pipeline-files";
import { makeTempDir } from "../support/temp-dirs";
const { runnerRange, writePipelineConfig } = require("../../scripts/pipeline/config.js") as {
  runnerRange: (ip: string) => string;
  writePipelineConfig: (configDir: string, outDir: string, ip: string) => string[];
};
const { keyVaultNames } = require("../../scripts/pipeline/key-vaults.js") as {
  keyVaultNames: (stack: unknown) => string[];
};
const { deniedStorageAccountNames } = require("../../scripts/pipeline/storage-accounts.js") as {
  deniedStorageAccountNames: (stack: unknown) => string[];
};
const { planSummary } = require("../../scripts/pipeline/plan-summary.js") as {
  planSummary: (environment: string, log: string) => string;
};

describe("pipeline:config: the runner's address in the config Terraform applies", () => {
  const copyOfConfig = () => {
    const dir = makeTempDir("dmflow-config-");
    for (const f of readdirSync(join(ROOT, "config"))) copyFileSync(join(ROOT, "config", f), join(dir, f));
    copyFileSync(join(ROOT, "config", "example.json"), join(dir, "prod.json"));
    return dir;
  };

  test("every environment's vault allows the runner as a /32, and the copy still validates", () => {
    const out = makeTempDir("dmflow-pipeline-config-");
    expect(writePipelineConfig(copyOfConfig(), out, "203.0.113.7").sort()).toEqual(["example", "prod"]);
    for (const name of ["example", "prod"]) {
      const raw = JSON.parse(readFileSync(join(out, `${name}.json`), "utf8"));
      expect(raw.keyVault.allowedIpRanges).toContain("203.0.113.7/32");
      expect(parseEnvironmentConfig(raw, `${name}.json`).keyVault.allowedIpRanges).toContain("203.0.113.7/32");
    }
  });

  test("running it twice adds the address once, and the configured ranges stay", () => {
    const out = makeTempDir("dmflow-pipeline-config-");
    writePipelineConfig(copyOfConfig(), out, "203.0.113.7/32");
    writePipelineConfig(out, out, "203.0.113.7");
    const ranges = JSON.parse(readFileSync(join(out, "example.json"), "utf8")).keyVault.allowedIpRanges as string[];
    expect(ranges.filter((r) => r === "203.0.113.7/32")).toHaveLength(1);
  });

  test.each([
    ["10.1.2.3", /a private address/],
    ["192.168.0.4", /a private address/],
    ["300.1.1.1", /expected the runner's public IPv4 address/],
    ["2001:db8::1", /expected the runner's public IPv4 address/],
    ["203.0.113.0/24", /expected the runner's public IPv4 address/],
  ])("refuses %s", (ip, message) => {
    expect(() => runnerRange(ip)).toThrow(message);
  });
});

describe("pipeline:key-vaults: the vaults of a synthesized stack", () => {
  test("lists each literal vault name", () => {
    const stack = { resource: { azurerm_key_vault: { a: { name: "dmflow-prod-kv" }, b: { name: "other-kv" } } } };
    expect(keyVaultNames(stack)).toEqual(["dmflow-prod-kv", "other-kv"]);
    expect(keyVaultNames({ resource: {} })).toEqual([]);
  });

  test("an existing vault the stack looks up is listed too", () => {
    expect(
      keyVaultNames({
        resource: { azurerm_key_vault: { a: { name: "new-kv" } } },
        data: { azurerm_key_vault: { b: { name: "shared-kv" } } },
      }),
    ).toEqual(["new-kv", "shared-kv"]);
  });

  test("an account whose data plane the deploy never reaches is left closed (same-region runners)", () => {
    const account = { relay: { name: "dmflowrelay1", network_rules: { default_action: "Deny" } } };
    const noPoll = { azurerm: [{ features: [{ storage: [{ data_plane_available: false }] }] }] };
    expect(deniedStorageAccountNames({ provider: noPoll, resource: { azurerm_storage_account: account } })).toEqual([]);
    // Classic queue logging is a data-plane write: the account is opened for it.
    const logging = {
      azurerm_storage_account_queue_properties: { q: { storage_account_id: "${azurerm_storage_account.relay.id}" } },
    };
    expect(
      deniedStorageAccountNames({ provider: noPoll, resource: { azurerm_storage_account: account, ...logging } }),
    ).toEqual(["dmflowrelay1"]);
  });

  test("refuses a name only known at apply time", () => {
    expect(() =>
      keyVaultNames({ resource: { azurerm_key_vault: { a: { name: "${random_string.x.result}" } } } }),
    ).toThrow(/computed at plan time .*synthesize with ARM_SUBSCRIPTION_ID set/);
  });
});

describe("pipeline:storage-accounts: the storage accounts whose firewall the deploy opens", () => {
  test("lists each account that denies by default, not an open one", () => {
    const stack = {
      resource: {
        azurerm_storage_account: {
          relay: { name: "dmflowrelay1", network_rules: { default_action: "Deny" } },
          open: { name: "openstore", network_rules: { default_action: "Allow" } },
          bare: { name: "bare" },
        },
      },
    };
    expect(deniedStorageAccountNames(stack)).toEqual(["dmflowrelay1"]);
    expect(deniedStorageAccountNames({})).toEqual([]);
  });

  test("an account whose data plane the deploy never reaches is left closed (same-region runners)", () => {
    const account = { relay: { name: "dmflowrelay1", network_rules: { default_action: "Deny" } } };
    const noPoll = { azurerm: [{ features: [{ storage: [{ data_plane_available: false }] }] }] };
    expect(deniedStorageAccountNames({ provider: noPoll, resource: { azurerm_storage_account: account } })).toEqual([]);
    // Classic queue logging is a data-plane write: the account is opened for it.
    const logging = {
      azurerm_storage_account_queue_properties: { q: { storage_account_id: "${azurerm_storage_account.relay.id}" } },
    };
    expect(
      deniedStorageAccountNames({ provider: noPoll, resource: { azurerm_storage_account: account, ...logging } }),
    ).toEqual(["dmflowrelay1"]);
  });

  test("refuses a name only known at apply time", () => {
    expect(() =>
      deniedStorageAccountNames({
        resource: { azurerm_storage_account: { a: { name: "x${var.s}", network_rules: { default_action: "Deny" } } } },
      }),
    ).toThrow(/azurerm_storage_account\.a: its name is computed at plan time/);
  });
});

describe("pipeline:plan-summary: the comment on a pull request", () => {
  const log = [
    "example  Initializing the backend...",
    "\u001b[1mexample  # azurerm_key_vault.kv will be updated in-place\u001b[0m",
    "example  # azurerm_key_vault_secret.flow will be created",
    "example  # azuread_application_password.secret must be replaced",
    '           + value = "https://prod-1.westeurope.logic.azure.com/workflows/x/triggers/manual/paths/invoke?api-version=1&sp=%2F&sv=1.0&sig=AbCdEf123"',
    "example  Plan: 2 to add, 1 to change, 1 to destroy.",
  ].join("\n");

  test("summary line, one row per change, colours stripped", () => {
    const md = planSummary("example", log);
    expect(md).toMatch(/^### `example`: Plan: 2 to add, 1 to change, 1 to destroy\./);
    expect(md).toContain("- ✏️ update `azurerm_key_vault.kv`");
    expect(md).toContain("- ➕ create `azurerm_key_vault_secret.flow`");
    expect(md).toContain("- ♻️ replace `azuread_application_password.secret`");
    expect(md).not.toContain("\u001b[");
  });

  test("a flow URL signature never reaches the comment", () => {
    const md = planSummary("example", log);
    expect(md).not.toContain("AbCdEf123");
    expect(md).toContain("sig=***");
  });

  test("a failed diff says so", () => {
    expect(planSummary("prod", "Error: building account")).toMatch(
      /^### `prod`: ⚠️ no plan summary found: the diff failed/,
    );
    expect(planSummary("prod", "No changes. Your infrastructure matches the configuration.")).toMatch(
      /^### `prod`: No changes\./,
    );
  });
});
