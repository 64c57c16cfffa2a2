// Builds the relay package (dist/relay.zip) when it is missing or older than its sources, so
// `cdktf synth` and the tests always deploy current relay code. Costs one stat per source file
// when the package is fresh.
const { existsSync, readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const packageZip = join(root, "dist", "relay.zip");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Resolves once dist/relay.zip is current; true when it had to be rebuilt. */
async function ensureRelayBundle() {
  const inputs = [join(root, "constructs", "relay-contract.ts"), join(__dirname, "build-relay.js"), join(__dirname, "package-relay.js"), join(root, "package.json")];
  const newest = Math.max(newestSource(join(root, "relay")), ...inputs.map((f) => statSync(f).mtimeMs));
  if (existsSync(packageZip) && statSync(packageZip).mtimeMs >= newest) return false;
  await require("./package-relay").packageRelay({ quiet: true });
  return true;
}

module.exports = { ensureRelayBundle };
