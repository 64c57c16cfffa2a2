#!/usr/bin/env node
// `npm run check:consumer [-- --keep]`: packs this repository (`npm pack`, into a temporary
// directory), installs the tarball into a temporary copy of examples/consumer, type-checks it
// strictly and synthesizes it, then asserts on the Terraform JSON. It runs twice: with the
// example's own `constructs`, and with the lowest `constructs` the peer range allows. The example's
// other packages are hard links to this repository's node_modules (same versions), so only the
// tarball and its few dependencies are installed, from the npm cache when it has them.
const { execFileSync } = require("node:child_process");
const { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { parseArgsOrExit } = require("../args");
const { checkConsumerStack, checkContractEntry } = require("./assertions");

const root = join(__dirname, "..", "..");
const { values: args } = parseArgsOrExit("usage: npm run check:consumer [-- --keep]", {
  keep: { type: "boolean", default: false },
});
const work = mkdtempSync(join(tmpdir(), "dmflow-consumer-"));
const consumer = join(work, "consumer");
const npmQuiet = ["--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"];
const started = Date.now();

const run = (command, commandArgs, cwd, env = {}) =>
  execFileSync(command, commandArgs, {
    cwd,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
const step = (what) => console.log(`consumer: ${what} (${((Date.now() - started) / 1000).toFixed(0)} s)`);

/** The lowest version a caret or >= range allows, e.g. "^10.4.2" → "10.4.2". */
function lowestOf(range) {
  const match = /^(?:\^|~|>=\s*)?(\d+\.\d+\.\d+)$/.exec(range.trim());
  if (!match) throw new Error(`peerDependencies range "${range}": expected ^x.y.z, ~x.y.z or >=x.y.z`);
  return match[1];
}

/** Type-checks (strict, no skipLibCheck), synthesizes and checks the JSON; returns constructs' version. */
function buildAndCheck(label) {
  const copies = run(
    "find",
    [
      "node_modules",
      "-name",
      "package.json",
      "-path",
      "*/constructs/package.json",
      "-not",
      "-path",
      "*/constructs/*/*",
    ],
    consumer,
  )
    .trim()
    .split("\n");
  if (copies.length !== 1) throw new Error(`${label}: expected one copy of constructs, found ${copies.join(", ")}`);
  const version = JSON.parse(
    readFileSync(join(consumer, "node_modules", "constructs", "package.json"), "utf8"),
  ).version;
  run(process.execPath, [join("node_modules", "typescript", "bin", "tsc"), "-p", "."], consumer);
  const outdir = join(work, `cdktf.out-${label}`);
  run(process.execPath, ["out/main.js"], consumer, { CONSUMER_OUTDIR: outdir });
  const json = JSON.parse(readFileSync(join(outdir, "stacks", "platform", "cdk.tf.json"), "utf8"));
  const facts = checkConsumerStack(json);
  step(`${label}: constructs ${version}: type-checked, synthesized; ${facts}`);
}

try {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  mkdirSync(join(work, "pack"));
  // prepack (the build) first, so its output stays out of pack's JSON.
  execFileSync("npm", ["run", "--silent", "prepack"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  const packed = JSON.parse(
    run(
      "npm",
      ["pack", "--json", "--ignore-scripts", "--pack-destination", join(work, "pack"), "--loglevel=error"],
      root,
    ),
  );
  const tarball = join(work, "pack", packed[0].filename);
  step(`packed ${packed[0].filename} (${(packed[0].size / 1024).toFixed(0)} KiB, ${packed[0].entryCount} files)`);

  cpSync(join(root, "examples", "consumer"), consumer, {
    recursive: true,
    filter: (src) => !/[\\/](node_modules|out|cdktf\.out)$/.test(src),
  });
  const example = JSON.parse(readFileSync(join(consumer, "package.json"), "utf8"));
  for (const name of [...Object.keys(example.dependencies), ...Object.keys(example.devDependencies)]) {
    mkdirSync(join(consumer, "node_modules", name, ".."), { recursive: true });
    run("cp", ["-al", join(root, "node_modules", name), join(consumer, "node_modules", name)], root);
  }
  example.dependencies[manifest.name] = `file:${tarball}`;
  writeFileSync(join(consumer, "package.json"), JSON.stringify(example, null, 2));
  run("npm", ["install", ...npmQuiet], consumer);
  step("installed the tarball into a copy of examples/consumer");
  // Loaded as an installed package, so node resolves the subpath through package.json's "exports".
  const entries = run(
    process.execPath,
    [
      "-e",
      'const c = require("directory-manager-flow/contract"), m = require("directory-manager-flow"); console.log(JSON.stringify({ contract: Object.keys(c), inMain: Object.keys(c).filter((n) => n in m) }))',
    ],
    consumer,
  );
  step(checkContractEntry(JSON.parse(entries)));
  buildAndCheck("newest");

  const lowest = lowestOf(manifest.peerDependencies.constructs);
  run("npm", ["install", ...npmQuiet, `constructs@${lowest}`], consumer);
  buildAndCheck("lowest");
  console.log(`consumer: ok in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} catch (error) {
  console.error(`consumer: FAILED: ${error.message}`);
  process.exitCode = 1;
} finally {
  if (args.keep) console.log(`consumer: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
