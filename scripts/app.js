#!/usr/bin/env node
// cdktf.json's app: transpile main.ts and the construct library with esbuild (no type checking,
// ~20 ms; `tsc --noEmit` type-checks in `npm test`) and run the result in this process.
// Dependencies stay external, so provider modules load by deep path as written. Nothing is
// written to disk, so parallel synths (tests) cannot trip over each other.
const { buildSync } = require("esbuild");
const Module = require("node:module");
const { join } = require("node:path");

const root = join(__dirname, "..");
// The relay's code is packaged with the stack: rebuild it first if its sources changed.
require("./ensure-relay-bundle").ensureRelayBundle();
const entry = join(root, "main.ts");
const [bundle] = buildSync({
  entryPoints: [entry],
  bundle: true,
  write: false,
  packages: "external",
  platform: "node",
  target: "node20",
  format: "cjs",
  logLevel: "error",
}).outputFiles;

const main = new Module(entry, module);
main.filename = join(root, "main.js");
main.paths = Module._nodeModulePaths(root);
main._compile(bundle.text, main.filename);
