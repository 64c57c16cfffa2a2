#!/usr/bin/env node
// cdktf.json's app: transpile main.ts and the construct library with esbuild (no type checking;
// `tsc --noEmit` type-checks in `npm test`) and run the result with plain node. Dependencies stay
// external, so provider modules load by deep path as written. The transpiled file is cached in
// .build/ until a source changes, and written atomically, so parallel synths cannot collide.
const { existsSync, mkdirSync, readdirSync, renameSync, statSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const entry = join(root, "main.ts");
const outfile = join(root, ".build", "main.js");

function newestSource(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (item.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const newest = Math.max(statSync(entry).mtimeMs, statSync(__filename).mtimeMs, newestSource(join(root, "constructs")));
if (!existsSync(outfile) || statSync(outfile).mtimeMs < newest) {
  const partial = `${outfile}.${process.pid}.partial`;
  mkdirSync(join(root, ".build"), { recursive: true });
  require("esbuild").buildSync({
    entryPoints: [entry],
    outfile: partial,
    bundle: true,
    packages: "external",
    platform: "node",
    target: "node20",
    format: "cjs",
    logLevel: "error",
  });
  renameSync(partial, outfile);
}

require("./lazy-archiver").deferArchiverLoad();
// The relay's code is deployed with the stack: repackage it first if its sources changed.
require("./ensure-relay-bundle")
  .ensureRelayBundle()
  .then(() => require(outfile))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
