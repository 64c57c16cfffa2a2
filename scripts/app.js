#!/usr/bin/env node
// cdktf.json's app: transpile main.ts and the construct library with esbuild (no type checking;
// `tsc --noEmit` type-checks in `npm test`) and run the result with plain node. Dependencies stay
// external, so provider modules load by deep path as written. The transpiled file is cached in
// .build/ until a source changes, and written atomically, so parallel synths cannot collide.
const { existsSync, mkdirSync, renameSync, statSync } = require("node:fs");
const { join } = require("node:path");
const { newestMtime } = require("./newest-mtime");
const { transpileForNode } = require("./transpile");

const root = join(__dirname, "..");
const entry = join(root, "main.ts");
const outfile = join(root, ".build", "main.js");

const newest = Math.max(statSync(entry).mtimeMs, statSync(__filename).mtimeMs, newestMtime(join(root, "constructs"), ".ts"), newestMtime(join(root, "contract"), ".ts"));
if (!existsSync(outfile) || statSync(outfile).mtimeMs < newest) {
  const partial = `${outfile}.${process.pid}.partial`;
  mkdirSync(join(root, ".build"), { recursive: true });
  transpileForNode({ entryPoints: [entry] }, partial);
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
