#!/usr/bin/env node
// cdktf.json's app: transpile main.ts and the construct library with esbuild (no type checking;
// `tsc --noEmit` type-checks in `npm test`) and run the result with plain node. Dependencies stay
// external, so provider modules load by deep path as written. The transpiled file is cached in
// .build/ until one of its sources changes, and written atomically, so parallel synths cannot collide.
const { join } = require("node:path");
const { transpileIfStale } = require("./build/transpile");

const root = join(__dirname, "..");
const outfile = transpileIfStale(join(root, "main.ts"), join(root, ".build", "main.js"), [__filename]);

require("./lazy-archiver").deferArchiverLoad();
// The relay's code is not part of the stack (dmflow deploy-code pushes it), so synth builds no relay package.
require(outfile);
