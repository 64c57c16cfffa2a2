#!/usr/bin/env node
// cdktf.json's app: transpile main.ts and the construct library with esbuild (no type checking;
// `tsc --noEmit` type-checks in `npm test`) and run the result with plain node. Dependencies stay
// external, so provider modules load by deep path as written. The transpiled file is cached in
// .build/ until one of its sources changes, and written atomically, so parallel synths cannot collide.
const { mkdirSync, renameSync } = require("node:fs");
const { join } = require("node:path");
const { isFresh, recordSources } = require("./build/freshness");

const root = join(__dirname, "..");
const outfile = join(root, ".build", "main.js");
const sourcesList = join(root, ".build", "main.sources.json");

if (!isFresh(outfile, sourcesList, [__filename, join(__dirname, "build", "transpile.js")])) {
  const partial = `${outfile}.${process.pid}.partial`;
  mkdirSync(join(root, ".build"), { recursive: true });
  const sources = require("./build/transpile").transpileForNode({ entryPoints: [join(root, "main.ts")] }, partial);
  recordSources(sourcesList, sources);
  renameSync(partial, outfile);
}

require("./lazy-archiver").deferArchiverLoad();
// The relay's code is deployed with the stack: repackage it first if its sources changed.
require("./build/ensure-relay")
  .ensureRelayBundle()
  .then(() => require(outfile))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
