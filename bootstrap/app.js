#!/usr/bin/env node
// bootstrap/cdktf.json's app: transpile bootstrap/main.ts with esbuild (no type checking; `tsc
// --noEmit` checks it in `npm test`) and run it with plain node, like the main app.
const { join } = require("node:path");
const { transpileForNode } = require("../scripts/build/transpile");

const outfile = join(__dirname, ".build", "main.js");
transpileForNode({ entryPoints: [join(__dirname, "main.ts")] }, outfile);
require(outfile);
