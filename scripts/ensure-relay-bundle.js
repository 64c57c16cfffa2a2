// Builds the relay package (dist/relay.zip) when it is missing or older than its sources, so
// `cdktf synth` and the tests always deploy current relay code. Costs one stat per source file
// when the package is fresh.
const { existsSync, statSync } = require("node:fs");
const { join } = require("node:path");
const { newestMtime } = require("./newest-mtime");

const root = join(__dirname, "..");
const packageZip = join(root, "dist", "relay.zip");

/** Resolves once dist/relay.zip is current; true when it had to be rebuilt. */
async function ensureRelayBundle() {
  const inputs = [join(__dirname, "build-relay.js"), join(__dirname, "package-relay.js"), join(root, "package.json")];
  const newest = Math.max(newestMtime(join(root, "relay")), newestMtime(join(root, "contract")), ...inputs.map((f) => statSync(f).mtimeMs));
  if (existsSync(packageZip) && statSync(packageZip).mtimeMs >= newest) return false;
  await require("./package-relay").packageRelay({ quiet: true });
  return true;
}

module.exports = { ensureRelayBundle };
