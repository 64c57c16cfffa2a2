import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, loadEnvironments, parseEnvironmentConfig } from "../../constructs/app/config-loader";
import type { EnvironmentConfigInput } from "../../constructs/app/config-schema";
import { uniqueSuffixOf } from "../../constructs/naming/unique-suffix";
import { runApp as synthWith } from "../support/run-app";
import { onlyOfType, synthEnvironment } from "../support/synth";
import { makeTempDir } from "../support/temp-dirs";

// An accountable owner besides the deployer: the security rules want two (DMF-ENTRA-OWNERS).
const owners = { directoryManagerApp: { ownerObjectIds: ["3f2504e0-4f89-41d3-9a0c-0305e82c3301"] } };
const good = { location: "westeurope", ...owners };
// Some tests run the cdktf app in a child process: allow for a busy machine.
jest.setTimeout(30_000);

// Each bad config, the field its message must name, and a fragment of the expected form.
const BAD_CONFIGS: [string, unknown, string, RegExp][] = [
  ["unknown top-level field (typo)", { ...good, loaction: "westeurope" }, "loaction", /not a known field/],
  ["missing location", {}, "location", /is missing; expected an Azure region name/],
  [
    "location with upper case and space",
    { location: "West Europe" },
    "location",
    /got "West Europe"; expected an Azure region name in lower case/,
  ],
  ["name prefix too long", { ...good, namePrefix: "directorymanager" }, "namePrefix", /2-10 lower-case letters/],
  ["tenant id not a GUID", { ...good, tenantId: "contoso.onmicrosoft.com" }, "tenantId", /GUID/],
  ["backend of unknown type", { ...good, backend: { type: "s3" } }, "backend.type", /"type": "local" or "azurerm"/],
  [
    "azurerm backend with a bad storage account name",
    {
      ...good,
      backend: {
        type: "azurerm",
        resourceGroupName: "rg",
        storageAccountName: "State_Account",
        containerName: "tfstate",
        key: "x.tfstate",
      },
    },
    "backend.storageAccountName",
    /3-24 lower-case letters and digits/,
  ],
  [
    "azurerm backend missing its key",
    {
      ...good,
      backend: { type: "azurerm", resourceGroupName: "rg", storageAccountName: "tfstate1", containerName: "tfstate" },
    },
    "backend.key",
    /state blob name/,
  ],
  [
    "client secret living over a year",
    { ...good, directoryManagerApp: { clientSecret: { lifetimeDays: 400 } } },
    "directoryManagerApp.clientSecret.lifetimeDays",
    /got 400; expected a whole number of days from 1 to 365/,
  ],
  [
    "rotation after the secret expired",
    { ...good, directoryManagerApp: { clientSecret: { lifetimeDays: 90, rotateAfterDays: 120 } } },
    "directoryManagerApp.clientSecret.rotateAfterDays",
    /below lifetimeDays \(90\)/,
  ],
  [
    "unknown scope",
    { ...good, directoryManagerApp: { delegatedPermissions: { flowService: ["Flows.Manage.Everything"] } } },
    "directoryManagerApp.delegatedPermissions.flowService.0",
    /one of the flowService scopes: Flows.Read.All/,
  ],
  [
    "unknown resource API",
    { ...good, directoryManagerApp: { delegatedPermissions: { exchange: ["Mail.Send"] } } },
    "directoryManagerApp.delegatedPermissions.exchange",
    /not a known field/,
  ],
  [
    "owner that is not an object id",
    { ...good, directoryManagerApp: { ownerObjectIds: ["admin@contoso.com"] } },
    "directoryManagerApp.ownerObjectIds.0",
    /GUID/,
  ],
  [
    "Key Vault allow-list entry that is not an IP",
    { ...good, keyVault: { allowedIpRanges: ["office"] } },
    "keyVault.allowedIpRanges.0",
    /IPv4 address or CIDR/,
  ],
  [
    "Key Vault retention too short",
    { ...good, keyVault: { softDeleteRetentionDays: 3 } },
    "keyVault.softDeleteRetentionDays",
    /from 7 to 90/,
  ],
  ["Key Vault name with underscores", { ...good, keyVault: { name: "my_vault" } }, "keyVault.name", /Key Vault name/],
  ["tags that are not strings", { ...good, tags: { costCenter: 42 } }, "tags.costCenter", /got 42/],
  [
    "JSON depth beyond the relay's bound",
    { ...good, relay: { maxJsonDepth: 1000 } },
    "relay.maxJsonDepth",
    /got 1000; expected a whole number of nesting levels from 4 to 256/,
  ],
  [
    "a Retry-After cap of a week",
    { ...good, relay: { maxRetryAfterSeconds: 604800 } },
    "relay.maxRetryAfterSeconds",
    /got 604800; expected a whole number of seconds from 60 to 86400/,
  ],
  [
    "decision token key generation zero",
    { ...good, relay: { decisions: { enabled: true, tokenKeyVersion: 0 } } },
    "relay.decisions.tokenKeyVersion",
    /got 0; expected a whole number from 1 to 1000000/,
  ],
  [
    "decisions key generation a fraction",
    { ...good, relay: { decisions: { enabled: true, decisionsKeyVersion: 1.5 } } },
    "relay.decisions.decisionsKeyVersion",
    /got 1\.5; expected a whole number from 1 to 1000000/,
  ],
];

describe("config: bad values stop synth before anything is written", () => {
  test(`the corpus has at least 10 distinct bad configs (${BAD_CONFIGS.length})`, () => {
    expect(new Set(BAD_CONFIGS.map(([, c]) => JSON.stringify(c))).size).toBe(BAD_CONFIGS.length);
    expect(BAD_CONFIGS.length).toBeGreaterThanOrEqual(10);
  });

  test.each(BAD_CONFIGS)(
    "%s: the message names the file, the field, the value and the expected form",
    (_name, config, field, expected) => {
      let error: unknown;
      try {
        parseEnvironmentConfig(config, "config/dev.json");
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain(`config/dev.json: field "${field}"`);
      expect(message).toMatch(expected);
    },
  );

  test("the cdktf app exits non-zero, names every bad file and field, and writes no stack, not even a good one's", async () => {
    // All bad configs and a good one in one run: the loader reports every file's problems at once,
    // and one bad environment stops all of them.
    const files = Object.fromEntries(
      BAD_CONFIGS.map(([, config], i) => [`bad-${String(i).padStart(2, "0")}.json`, JSON.stringify(config)]),
    );
    const r = await synthWith({
      ...files,
      "dev.json": JSON.stringify(good),
      "prod.json": JSON.stringify({ location: 7 }),
    });
    expect(r.code).toBe(1);
    expect(r.written).toEqual([]);
    BAD_CONFIGS.forEach(([, , field], i) =>
      expect(r.stderr).toContain(`bad-${String(i).padStart(2, "0")}.json: field "${field}"`),
    );
    expect(r.stderr).toMatch(/prod\.json: field "location": got 7/);
    expect(r.stderr).not.toMatch(/dev\.json/);
  });

  test("every problem is listed at once", () => {
    expect(() => parseEnvironmentConfig({ location: "x y", namePrefix: "A", extra: 1 }, "config/dev.json")).toThrow(
      /location[\s\S]*namePrefix[\s\S]*extra/,
    );
  });
});

describe("config: loading environments", () => {
  // Through the app (child processes), elsewhere: one stack per file in test/app/config-corpus.test.ts
  // (the valid edge cases, side by side) and test/app/two-environments.test.ts; DMFLOW_ENVIRONMENTS
  // there too (`DMFLOW_ENVIRONMENTS=dev cdktf synth` writes only dev's stack).
  test("a selected environment is still checked against the others; an unselected one's own problems are not reported", () => {
    const dir = makeTempDir("dmflow-select-");
    const vault = { keyVault: { name: "contoso-dm-kv" } };
    writeFileSync(
      join(dir, "dev.json"),
      JSON.stringify({ ...good, ...vault, directoryManagerApp: { displayName: "DM dev" } }),
    );
    writeFileSync(
      join(dir, "prod.json"),
      JSON.stringify({ ...good, ...vault, directoryManagerApp: { displayName: "DM prod" } }),
    );
    writeFileSync(join(dir, "test.json"), JSON.stringify({ location: "nowhere" }));
    expect(() => loadEnvironments(dir, ["prod"])).toThrow(
      /prod\.json: field "keyVault\.name": the Key Vault name "contoso-dm-kv" is the same as in .*dev\.json/,
    );
    writeFileSync(join(dir, "prod.json"), JSON.stringify({ ...good, directoryManagerApp: { displayName: "DM prod" } }));
    expect(loadEnvironments(dir, ["prod"]).map((e) => e.name)).toEqual(["prod"]);
  });

  test("selecting an environment that has no file is an error naming the file", () => {
    expect(() => loadEnvironments(join(__dirname, "..", "..", "config"), ["staging"])).toThrow(
      /environment "staging" was selected but .*staging\.json does not exist; expected one of: example/,
    );
  });

  test("invalid JSON names the file", () => {
    const dir = makeTempDir("dmflow-json-");
    writeFileSync(join(dir, "dev.json"), "{ location: westeurope }");
    expect(() => loadEnvironments(dir)).toThrow(/dev\.json: not valid JSON/);
  });

  test("a file name that cannot be a stack name is rejected", () => {
    const dir = makeTempDir("dmflow-name-");
    writeFileSync(join(dir, "Prod Env.json"), JSON.stringify(good));
    expect(() => loadEnvironments(dir)).toThrow(/environment \(stack\) name "Prod Env"/);
  });

  test("defaults are applied: the shipped example config is valid and minimal configs get secure defaults", () => {
    const [example] = loadEnvironments(join(__dirname, "..", "..", "config"), ["example"]);
    expect(example.name).toBe("example");
    const config = parseEnvironmentConfig(good, "x.json");
    expect(config.directoryManagerApp.clientSecret.lifetimeDays).toBe(180);
    expect(config.directoryManagerApp.adminConsent).toBe(true);
    expect(config.backend).toEqual({ type: "local" });
    expect(config.directoryManagerApp.delegatedPermissions.flowService).toContain("Flows.Manage.All");
  });
});

describe("config: names derived from namePrefix and the environment", () => {
  const subscriptionId = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
  /** The Key Vault name of an environment file's stack, loaded as the app loads it. */
  function vaultNameOf(environment: string, config: EnvironmentConfigInput): string {
    const dir = makeTempDir("dmflow-names-");
    writeFileSync(join(dir, `${environment}.json`), JSON.stringify(config));
    // The loader's checks (derived names among them), then the stack.
    expect(loadEnvironments(dir).map((e) => e.name)).toEqual([environment]);
    return String(onlyOfType(synthEnvironment(config, environment).json, "azurerm_key_vault")[1].name);
  }

  test("a long environment name still gives a valid Key Vault name: the prefix is cut, the suffix kept", () => {
    const name = vaultNameOf("production-weurope", { location: "westeurope", subscriptionId, ...owners });
    // Key Vault: 3-24 letters, digits and single hyphens, starting with a letter, ending with a letter or digit.
    expect(name).toMatch(/^[a-z](?!.*--)[a-z0-9-]{1,22}[a-z0-9]$/);
    // <namePrefix>-<environment>, cut to fit ("dmflow" is the default prefix).
    const head = name.slice(0, name.lastIndexOf("-kv-"));
    expect(head.length).toBeGreaterThan("dmflow-".length);
    expect("dmflow-production-weurope".startsWith(head) && head !== "dmflow-production-weurope").toBe(true);
    expect(name.endsWith(`-kv-${uniqueSuffixOf(subscriptionId, "production-weurope/directory-manager-flow")}`)).toBe(
      true,
    );
  });

  test("setting keyVault.name makes the same environment synthesize with that name", () => {
    const config = { location: "westeurope", keyVault: { name: "contoso-dm-prod-kv" }, ...owners };
    expect(vaultNameOf("production-weurope", config)).toBe("contoso-dm-prod-kv");
  });
});
