#!/usr/bin/env node
// bootstrap/cdktf.json's app: transpile bootstrap/main.ts with esbuild (no type checking; `tsc
// --noEmit` checks it in `npm test`) and run it with plain node, like the main app.
const { buildSync } = require("esbuild");
const { join } = require("node:path");

const outfile = join(__dirname, ".build", "main.js");
buildSync({ entryPoints: [join(__dirname, "main.ts")], outfile, bundle: true, packages: "external", platform: "node", target: "node20", format: "cjs", logLevel: "error" });
require(outfile);
