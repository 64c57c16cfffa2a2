#!/usr/bin/env node
// `npm run dmflow -- <command> …` in this repository: runs the command from source with no build
// step. The bundle is cached in .build/ until one of its sources changes.
const { join } = require("node:path");
const { isFresh, recordSources } = require("./build/freshness");

const root = join(__dirname, "..");
const outfile = join(root, ".build", "dmflow.js");
const sourcesList = join(root, ".build", "dmflow.sources.json");

if (
  !isFresh(outfile, sourcesList, [
    __filename,
    join(__dirname, "build", "cli.js"),
    join(__dirname, "build", "transpile.js"),
  ])
) {
  recordSources(sourcesList, require("./build/cli").buildCli(outfile));
}
// deploy-code pushes dist/relay.zip and verify compares the deployed hash with it: in this
// repository both use the current relay code, repackaged first when one of its sources changed.
const command = process.argv[2];
const packaged =
  command === "deploy-code" || command === "verify"
    ? require("./build/ensure-relay").ensureRelayBundle()
    : Promise.resolve();
packaged
  .then(() => require(outfile))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
