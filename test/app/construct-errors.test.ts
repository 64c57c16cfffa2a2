import { Testing } from "../../constructs/providers/cdktf";
import type { App } from "../../constructs/providers/cdktf";
import { ConfigError, parseEnvironmentConfig } from "../../constructs/app/config-loader";
import { addEnvironmentStacks } from "../../constructs/app/add-stacks";
import { configFieldOf, constructErrorProblem } from "../../constructs/app/construct-errors";
import { PropError } from "../../constructs/validation";
import type { EnvironmentConfig } from "../../constructs/app/config-schema";
import { readCorpus } from "./support/config-corpus";

// A valid config from the corpus, with a flow environment (so the relay is built).
const [base] = Object.values(readCorpus("valid").find((c) => c.name === "flow environment without departments")!.files);

/** The problems a construct raises for a config the loader did not see (as a library user's code might build it). */
function problemsOf(change: (config: EnvironmentConfig) => void, environment = "dev"): string[] {
  const config = parseEnvironmentConfig(base, `config/${environment}.json`);
  change(config);
  try {
    addEnvironmentStacks(Testing.app() as App, [{ name: environment, file: `config/${environment}.json`, config }]);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe("errors the constructs raise reach the admin as config problems", () => {
  test("a relay limit names the relay field, the value and the expected form", () => {
    expect(problemsOf((c) => Object.assign(c.relay, { maxAttempts: 0 }))).toEqual([
      expect.stringMatching(
        /^config\/dev\.json: field "relay\.maxAttempts": got 0; expected a whole number from 1 to 100$/,
      ),
    ]);
  });

  test("a Key Vault name names keyVault.name", () => {
    expect(problemsOf((c) => Object.assign(c.keyVault, { name: "bad_vault" }))).toEqual([
      expect.stringMatching(/^config\/dev\.json: field "keyVault\.name": got "bad_vault".*; expected .*3-24 letters/),
    ]);
  });

  test("a client secret setting names its place under directoryManagerApp.clientSecret", () => {
    const [line] = problemsOf((c) =>
      Object.assign(c.directoryManagerApp.clientSecret, { lifetimeDays: 30, rotateAfterDays: 45 }),
    );
    expect(line).toMatch(
      /^config\/dev\.json: field "directoryManagerApp\.clientSecret\.rotateAfterDays": got 45; expected a whole number from 1 to 29/,
    );
  });

  test("an identity store the relay cannot take for decisions names the flow environment's field", () => {
    const problems = problemsOf((c) => {
      Object.assign(c.flowEnvironment!, { identityStoreId: 3_000_000_000 });
      Object.assign(c.relay.decisions, { enabled: true });
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^config\/dev\.json: field "flowEnvironment\.identityStoreId": got 3000000000; expected a whole number from 1 to 2147483647/,
      ),
    ]);
  });

  test("decisionsAllowedSources without decisions names the relay field", () => {
    expect(problemsOf((c) => Object.assign(c.relay, { decisionsAllowedSources: ["PowerPlatformInfra"] }))).toEqual([
      expect.stringMatching(/^config\/dev\.json: field "relay\.decisionsAllowedSources": .*; expected /),
    ]);
  });

  test("a derived name says that part of it comes from the file name; another error keeps its message", () => {
    expect(
      constructErrorProblem(
        new PropError("prod/directory-manager-flow/relay", "namePrefix", "1-41 letters", '"x y"'),
        "config/prod.json",
        "prod",
      ),
    ).toBe(
      'config/prod.json: field "namePrefix": got "x y" (the value is namePrefix joined with the environment name "prod", which comes from the file name); expected 1-41 letters',
    );
    expect(constructErrorProblem(new Error("something else"), "config/prod.json", "prod")).toBe(
      "config/prod.json: something else; expected a value the construct takes (see above)",
    );
  });

  test("every environment's construct problem is listed at once", () => {
    const env = (name: string, maxAttempts: number) => {
      const config = parseEnvironmentConfig(base, `config/${name}.json`);
      Object.assign(config.relay, { maxAttempts });
      return { name, file: `config/${name}.json`, config };
    };
    expect(() => addEnvironmentStacks(Testing.app() as App, [env("dev", 0), env("prod", 101)])).toThrow(
      /config\/dev\.json: field "relay\.maxAttempts": got 0[\s\S]*config\/prod\.json: field "relay\.maxAttempts": got 101/,
    );
  });

  test("construct paths map to config fields", () => {
    expect(configFieldOf("dev/directory-manager-flow/flow-environment", 'departments["Sales"].siteUrl')).toBe(
      "departments.Sales.siteUrl",
    );
    expect(configFieldOf("dev/directory-manager-flow/relay", "decisions.directoryManagerTokenUrl")).toBe(
      "relay.decisions.directoryManagerTokenUrl",
    );
    expect(configFieldOf("dev/directory-manager-flow/directory-manager-app", "clientSecretLifetimeDays")).toBe(
      "directoryManagerApp.clientSecret.lifetimeDays",
    );
    expect(configFieldOf("elsewhere/x", "name")).toBeUndefined();
  });
});
