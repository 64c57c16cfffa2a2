/**
 * The deployable folder: built by scripts/build/relay.js (the global setup makes dist/relay/
 * current), copied to a temporary directory outside the repository (so nothing can be resolved
 * from node_modules), then loaded by plain node.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { relayBundleCopy } from "../support/relay-bundle";

let outDir: string;
beforeAll(() => {
  outDir = relayBundleCopy("relay-bundle-");
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

test("the bundle is self-contained: host.json, package.json main, and index.js registering the six functions", () => {
  const files = readdirSync(outDir);
  expect(files).toEqual(expect.arrayContaining(["host.json", "index.js", "package.json"]));
  const pkg = JSON.parse(readFileSync(join(outDir, "package.json"), "utf8"));
  expect(pkg.main).toBe("index.js");
  const host = JSON.parse(readFileSync(join(outDir, "host.json"), "utf8"));
  expect(host).toMatchObject({ version: "2.0", extensionBundle: { id: "Microsoft.Azure.Functions.ExtensionBundle" } });

  const env = {
    PATH: process.env.PATH,
    RELAY_ROUTES: '{"create-user":{"displayName":"Create User","flowUrlSetting":"FLOW_URL_CREATE_USER"}}',
    FLOW_URL_CREATE_USER: "https://x.01.environment.api.powerplatform.com/workflows/1?sig=BUNDLESIG123",
    AzureWebJobsStorage__accountName: "relaystore",
    RELAY_VERSION: "9.9.9",
  };
  // Outside the Functions worker, @azure/functions runs in test mode and names each registration it skips.
  const run = spawnSync(process.execPath, ["-e", 'require("./index.js")'], { cwd: outDir, env, encoding: "utf8" });
  expect(run.status).toBe(0);
  const registered = [...run.stderr.matchAll(/register function "([^"]+)"/g)].map((m) => m[1]);
  expect(registered).toEqual([
    "flowEvent",
    "decision",
    "health",
    "healthDetails",
    "flowEventRedelivery",
    "decisionRedelivery",
  ]);
  const output = run.stdout;
  const started = JSON.parse(
    output
      .trim()
      .split("\n")
      .find((l) => l.includes("relay.started")) ?? "{}",
  );
  expect(started).toMatchObject({ event: "relay.started", version: "9.9.9", routes: ["create-user"] });
  expect(output).not.toContain("BUNDLESIG123");

  // Without RELAY_VERSION, the version baked in at build time is reported.
  const unversioned = spawnSync(process.execPath, ["-e", 'require("./index.js")'], {
    cwd: outDir,
    env: { ...env, RELAY_VERSION: "" },
    encoding: "utf8",
  });
  expect(unversioned.stdout).toContain(`"version":"${pkg.version}"`);
});
