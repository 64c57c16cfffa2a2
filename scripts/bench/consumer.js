#!/usr/bin/env node
// `npm run bench:consumer [-- --runs 5]`: time for a consumer to require the package's main entry
// (the built dist/) and build one DirectoryManagerApp in its own stack, beside the same for the full
// DirectoryManagerFlow composite; each in fresh node processes, median of --runs, taken in turn.
const { execFileSync } = require("node:child_process");
const { existsSync, readdirSync, statSync } = require("node:fs");
const { availableParallelism, loadavg } = require("node:os");
const { join } = require("node:path");
const { parseArgsOrExit } = require("../args");

const root = join(__dirname, "..", "..");
const usage = "usage: npm run bench:consumer [-- --runs 5]";
const { values: args } = parseArgsOrExit(usage, { runs: { type: "string", default: "5" } });
const runs = Number(args.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs: got "${args.runs}"; expected a whole number, 1 or more\n${usage}`);
  process.exit(2);
}
// The built main entry, rebuilt when a source is newer (a stale dist/ would measure old code).
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (t, e) =>
      Math.max(
        t,
        e.isDirectory() ? newest(join(dir, e.name)) : e.name.endsWith(".ts") ? statSync(join(dir, e.name)).mtimeMs : 0,
      ),
    0,
  );
const entry = join(root, "dist", "constructs", "index.js");
if (
  !existsSync(entry) ||
  statSync(entry).mtimeMs < Math.max(newest(join(root, "constructs")), newest(join(root, "contract")))
) {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "inherit" });
}

// Runs in the child: the consumer's providers by deep path, then the package, then one construct.
const child = (build) => `
const t0 = process.hrtime.bigint();
const { App, TerraformStack } = require("cdktf");
const tc = process.hrtime.bigint();
const lib = require(${JSON.stringify(join(root, "dist", "constructs", "index.js"))});
const t1 = process.hrtime.bigint();
const { KeyVault } = require("@cdktf/provider-azurerm/lib/key-vault");
const stack = new TerraformStack(new App({ outdir: require("node:os").tmpdir() }), "consumer");
const vault = new KeyVault(stack, "kv", { name: "kv-consumer", resourceGroupName: "rg", location: "westeurope", tenantId: "t", skuName: "standard" });
${build}
const t2 = process.hrtime.bigint();
console.log(JSON.stringify({ cdktf: Number(tc - t0) / 1e6, require: Number(t1 - tc) / 1e6, build: Number(t2 - t1) / 1e6 }));`;
const variants = {
  "DirectoryManagerApp alone": child(`new lib.DirectoryManagerApp(stack, "dm-app", { keyVault: vault });`),
  "DirectoryManagerFlow (app, environment, relay)": child(`new lib.DirectoryManagerFlow(stack, "dm", {
  location: "westeurope", resourceGroupName: "rg", subscriptionId: "00000000-0000-0000-0000-000000000001",
  flowEnvironment: { orgCode: "https://contoso.crm4.dynamics.com", directoryManagerServer: "dm.contoso.com", identityStoreId: 1,
    routes: { "create-user": { displayName: "Create User", flowRequestUrl: { source: "variable" } } } } });`),
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, code] of Object.entries(variants)) {
    const started = process.hrtime.bigint();
    const out = execFileSync(process.execPath, ["-e", code], { cwd: root, encoding: "utf8" });
    const sample = JSON.parse(out);
    samples[name].push({
      ...sample,
      requireAndBuild: sample.require + sample.build,
      process: Number(process.hrtime.bigint() - started) / 1e6,
    });
  }
}
console.log(
  `node ${process.version}, ${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)}, median of ${runs} fresh processes (ms)`,
);
console.log(
  "| variant | require cdktf | require main entry | build (provider + construct) | require + build | whole process |\n| --- | ---: | ---: | ---: | ---: | ---: |",
);
for (const [name, xs] of Object.entries(samples)) {
  const m = (k) => median(xs.map((x) => x[k])).toFixed(0);
  console.log(
    `| ${name} | ${m("cdktf")} | ${m("require")} | ${m("build")} | **${m("requireAndBuild")}** | ${m("process")} |`,
  );
}
