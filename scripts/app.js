#!/usr/bin/env node
// cdktf.json's app: transpile main.ts and the construct library with esbuild (no type checking,
// ~20 ms; `tsc --noEmit` type-checks in `npm test`), then run it with plain node.
// Dependencies stay external, so provider modules load by deep path as written.
const { buildSync } = require("esbuild");
const { join } = require("node:path");

const root = join(__dirname, "..");
const outfile = join(root, ".build", "main.js");
buildSync({
  entryPoints: [join(root, "main.ts")],
  outfile,
  bundle: true,
  packages: "external",
  platform: "node",
  target: "node20",
  format: "cjs",
  logLevel: "error",
});
require(outfile);
