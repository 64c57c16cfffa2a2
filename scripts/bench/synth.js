#!/usr/bin/env node
// `npm run bench:synth [-- --runs 7] [--cli]`: runs cdktf.json's app command in fresh processes
// and prints median wall time, CPU time and peak RSS, beside the same app with the security rules off, the
// same app with cdktf's archiver loaded up front (what the app runner's deferral saves), and the
// time to merely require the azurerm provider's root barrel. The variants run in turn within each
// round, so a busy machine slows them alike. `--cli` also times `npx cdktf synth`.
const { spawnSync } = require("node:child_process");
const { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { availableParallelism, loadavg, tmpdir } = require("node:os");
const { dirname, join } = require("node:path");
const { parseArgsOrExit } = require("../args");

const root = join(__dirname, "..", "..");
const usage = "usage: npm run bench:synth [-- --runs 7] [--cli]";
const { values: args } = parseArgsOrExit(usage, {
  runs: { type: "string", default: "7" },
  cli: { type: "boolean", default: false },
});
const runs = Number(args.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs: got "${args.runs}"; expected a whole number, 1 or more\n${usage}`);
  process.exit(2);
}

const appCommand = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).app.split(" ");
const appBinary = appCommand[0] === "node" ? process.execPath : appCommand[0];
const probe = join(__dirname, "rss-probe.js");
const work = mkdtempSync(join(tmpdir(), "bench-synth-"));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs a command once in a fresh process; returns wall ms, CPU ms (the node process itself) and peak RSS MB. */
function runOnce(name, { command, commandArgs, env = {}, preload = [] }) {
  const rssFile = join(work, `rss-${name}`);
  const nodeOptions = [probe, ...preload].map((p) => `--require ${p}`).join(" ");
  const fullEnv = {
    ...process.env,
    ...env,
    RSS_PROBE_FILE: rssFile,
    NODE_OPTIONS: nodeOptions,
    CDKTF_OUTDIR: join(work, "out"),
  };
  const start = process.hrtime.bigint();
  const r = spawnSync(command, commandArgs, { cwd: root, env: fullEnv, encoding: "utf8" });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${command} ${commandArgs.join(" ")} failed:\n${r.stderr}`);
  const probed = JSON.parse(readFileSync(rssFile, "utf8"));
  return { wallMs, cpuMs: probed.cpuMicros / 1000, rssMb: probed.maxRSS / 1024 };
}

/** Runs every variant once per round, `runs` rounds (after one warm-up round); medians per variant. */
function measure(variants) {
  const results = Object.fromEntries(Object.keys(variants).map((name) => [name, { walls: [], cpus: [], rss: [] }]));
  for (let round = 0; round <= runs; round++) {
    for (const [name, variant] of Object.entries(variants)) {
      const { wallMs, cpuMs, rssMb } = runOnce(name, variant);
      if (round === 0) continue; // warm-up: the transpile cache and the relay package are current after it
      results[name].walls.push(wallMs);
      results[name].cpus.push(cpuMs);
      results[name].rss.push(rssMb);
    }
  }
  return Object.fromEntries(
    Object.entries(results).map(([name, r]) => [
      name,
      { wallMs: median(r.walls), cpuMs: median(r.cpus), rssMb: median(r.rss) },
    ]),
  );
}

// The same stack with the security rule pack switched off (config's securityRules.optOutReason).
const noRulesDir = join(work, "config-no-rules");
mkdirSync(noRulesDir);
const example = JSON.parse(readFileSync(join(root, "config", "example.json"), "utf8"));
writeFileSync(
  join(noRulesDir, "example.json"),
  JSON.stringify({ ...example, securityRules: { optOutReason: "benchmark: synth time without the rule pack" } }),
);
// cdktf's archiver as cdktf resolves it: preloading it leaves the runner nothing to defer.
const archiverPath = require.resolve("archiver", { paths: [dirname(require.resolve("cdktf", { paths: [root] }))] });
// The baseline the deep imports avoid: the provider package's root barrel.
// The name is built from parts: nothing in this repository imports the root barrel.
const barrelPackage = ["@cdktf", "provider-azurerm"].join("/");

const app = { command: appBinary, commandArgs: appCommand.slice(1) };
const variants = {
  app,
  noRules: { ...app, env: { DMFLOW_CONFIG_DIR: noRulesDir } },
  eagerArchiver: { ...app, preload: [archiverPath] },
  barrel: { command: process.execPath, commandArgs: ["-e", `require(${JSON.stringify(barrelPackage)})`] },
};
if (args.cli)
  variants.cli = {
    command: join(root, "node_modules", ".bin", "cdktf"),
    commandArgs: ["synth"],
    env: { CHECKPOINT_DISABLE: "1" },
  };
const m = measure(variants);

const stack = JSON.parse(readFileSync(join(work, "out", "stacks", "example", "cdk.tf.json"), "utf8"));
const resources = Object.values(stack.resource ?? {}).reduce((n, byId) => n + Object.keys(byId).length, 0);
const line = (r) => `${r.wallMs.toFixed(0)} ms wall, ${r.cpuMs.toFixed(0)} ms CPU, ${r.rssMb.toFixed(0)} MB peak RSS`;
const share = (key) => {
  const saved = m.eagerArchiver[key] - m.app[key];
  return `${saved.toFixed(0)} ms, ${((100 * saved) / m.eagerArchiver[key]).toFixed(1)} %`;
};

console.log(
  `synth benchmark: ${runs} rounds of fresh processes after one warm-up round, median; Node ${process.version}; default stack "example" with ${resources} resources`,
);
console.log(`  app command (${appCommand.join(" ")}): ${line(m.app)}`);
console.log(`  same, security rules switched off: ${line(m.noRules)}`);
console.log(`  same, cdktf's archiver loaded up front (no deferral): ${line(m.eagerArchiver)}`);
console.log(
  `  the deferral saves ${share("wallMs")} of the app command's wall time (${share("cpuMs")} of its CPU time)`,
);
console.log(`  root barrel of @cdktf/provider-azurerm, require only: ${line(m.barrel)}`);
console.log(`  ratio app / barrel require: ${(m.app.wallMs / m.barrel.wallMs).toFixed(2)}`);
if (m.cli) console.log(`  npx cdktf synth end to end: ${m.cli.wallMs.toFixed(0)} ms wall`);
console.log(
  `  load average while it ran: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(", ")} on ${availableParallelism()} cores`,
);
rmSync(work, { recursive: true, force: true });
