#!/usr/bin/env node
// bootstrap/cdktf.json's app: transpile bootstrap/main.ts with esbuild (no type checking; `tsc
// --noEmit` checks it in `npm test`) and run it with plain node, like the main app: the transpiled
// file is cached in bootstrap/.build/ until one of its sources changes, and written atomically.
const { join } = require("node:path");
const { transpileIfStale } = require("../scripts/build/transpile");

require(transpileIfStale(join(__dirname, "main.ts"), join(__dirname, ".build", "main.js"), [__filename]));
