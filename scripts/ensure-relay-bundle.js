// Builds the relay bundle (dist/relay) when it is missing or older than its sources, so
// `cdktf synth` and the tests always package current relay code. Costs one stat per source file
// when the bundle is fresh.
const { existsSync, readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const bundleDir = join(root, "dist", "relay");
const stamp = join(bundleDir, "package.json");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function ensureRelayBundle() {
  const sources = Math.max(newestSource(join(root, "relay")), statSync(join(root, "constructs", "relay-contract.ts")).mtimeMs, statSync(join(__dirname, "build-relay.js")).mtimeMs);
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= sources) return false;
  require("./build-relay").buildRelay({ quiet: true });
  return true;
}

module.exports = { ensureRelayBundle };
