#!/usr/bin/env node
// `npm run build:cli`: bundles the `dmflow` command (cli/bin.ts and what it imports from cli/ and
// contract/) with esbuild into one file, dependencies left external (they are the package's
// dependencies). prepack runs it, so the bin entry dist/cli/dmflow.js ships in the package.
const { mkdirSync, renameSync } = require("node:fs");
const { dirname, join, relative } = require("node:path");
const { transpileForNode } = require("./transpile");

const root = join(__dirname, "..", "..");

/** Writes the bundle to `outfile` atomically (parallel runs cannot collide); returns its sources. */
function buildCli(outfile = join(root, "dist", "cli", "dmflow.js")) {
  mkdirSync(dirname(outfile), { recursive: true });
  const partial = `${outfile}.${process.pid}.partial`;
  // cli/bin.ts starts with a #! line, which esbuild keeps: the file runs as an executable.
  const sources = transpileForNode({ entryPoints: [join(root, "cli", "bin.ts")] }, partial);
  renameSync(partial, outfile);
  return sources;
}

module.exports = { buildCli };

if (require.main === module) {
  buildCli();
  console.log(`dmflow: ${relative(root, join(root, "dist", "cli", "dmflow.js"))}`);
}
