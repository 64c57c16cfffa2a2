import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  exports: Record<string, { types: string; default: string }>;
};

/** Loads the library's main entry in a fresh module registry and says which watched modules it loaded. */
function loadMainEntry(use?: (lib: typeof import("../constructs")) => void): string[] {
  const loaded: string[] = [];
  jest.isolateModules(() => {
    const recordLoad = (name: string, path: string) => () => {
      loaded.push(name);
      return jest.requireActual(path);
    };
    jest.doMock("zod", recordLoad("zod", "zod"));
    jest.doMock("../constructs/security", recordLoad("security pack", "../constructs/security"));
    jest.doMock("../constructs/app", recordLoad("app", "../constructs/app"));
    const lib = require("../constructs") as typeof import("../constructs");
    use?.(lib);
  });
  return loaded;
}

describe("public API", () => {
  test("the main entry loads neither the config schema (zod), the app parts nor the rule pack", () => {
    expect(loadMainEntry()).toEqual([]);
  });

  test("the rule pack loads when its entry point is first used", () => {
    const loaded = loadMainEntry((lib) => {
      const { App, TerraformStack } = jest.requireActual(
        "../constructs/providers/cdktf",
      ) as typeof import("../constructs/providers/cdktf");
      lib.applySecurityRules(new TerraformStack(new App(), "s"));
    });
    expect(loaded).toEqual(["security pack"]);
  });

  test("the main entry names what it exports (no export *)", () => {
    const source = readFileSync(join(ROOT, "constructs", "index.ts"), "utf8");
    expect(source).not.toMatch(/export \*/);
    const lib = require("../constructs") as Record<string, unknown>;
    for (const name of [
      "DirectoryManagerFlow",
      "DirectoryManagerApp",
      "SecureKeyVault",
      "FlowEnvironment",
      "FlowRelay",
      "applySecurityRules",
      "suppressRule",
    ]) {
      expect(lib).toHaveProperty(name);
    }
    // App-only parts and engine internals stay out of the main entry.
    for (const name of [
      "environmentConfigSchema",
      "loadEnvironments",
      "DirectoryManagerFlowStack",
      "PipelineBootstrap",
      "SecurityRules",
      "evaluateRule",
      // The relay's contract has its own entry (below).
      "RELAY_SETTINGS",
      "RELAY_QUEUES",
      "RELAY_LIMITS",
    ]) {
      expect(lib).not.toHaveProperty(name);
    }
  });

  test("the contract entry holds the relay's app setting names, queues and limits, as the package name resolves it", () => {
    expect(manifest.exports["./contract"]).toEqual({
      types: "./dist/contract/index.d.ts",
      default: "./dist/contract/index.js",
    });
    const contract = require("directory-manager-flow/contract") as Record<string, Record<string, unknown>>;
    expect(Object.keys(contract).sort()).toEqual(["RELAY_LIMITS", "RELAY_QUEUES", "RELAY_SETTINGS"]);
    expect(contract.RELAY_SETTINGS.routes).toBe("RELAY_ROUTES");
    expect(contract.RELAY_QUEUES.flowEvents).toBe("flow-events");
    expect(contract.RELAY_LIMITS.maxBodyBytes).toMatchObject({ default: 1_048_576 });
  });

  test("the app entry holds the config schema and loader, the stack and the bootstrap", () => {
    const app = require("../constructs/app") as Record<string, unknown>;
    for (const name of [
      "environmentConfigSchema",
      "loadEnvironments",
      "parseEnvironmentConfig",
      "ConfigError",
      "DirectoryManagerFlowStack",
      "PipelineBootstrap",
    ]) {
      expect(app).toHaveProperty(name);
    }
  });

  test.each(Object.entries(manifest.exports))(
    "package export %s points at a compiled source file",
    (_subpath, target) => {
      // dist/constructs/x/index.js is compiled from constructs/x/index.ts (tsconfig.build.json keeps the layout).
      for (const file of [target.default, target.types]) {
        const source = file.replace(/^\.\/dist\//, "").replace(/\.d\.ts$|\.js$/, ".ts");
        expect(existsSync(join(ROOT, source))).toBe(true);
      }
    },
  );
});
