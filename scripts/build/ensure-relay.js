// Builds the relay package (dist/relay.zip, from the folder dist/relay/) when either is missing or
// the zip is older than any file it was built from, so `npm run dmflow -- deploy-code` (and
// verify's hash check) and the tests always use the current relay code. Costs one stat per source
// file when the package is fresh (esbuild and archiver are not even loaded then).
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const { isFresh } = require("./freshness");
const { bundleDir, packageZip, sourcesList } = require("./relay");

const root = join(__dirname, "..", "..");

/** Resolves once dist/relay.zip is current; true when it had to be rebuilt. */
async function ensureRelayBundle() {
  const buildInputs = [join(__dirname, "relay.js"), join(root, "package.json"), join(root, "package-lock.json")];
  if (existsSync(join(bundleDir, "index.js")) && isFresh(packageZip, sourcesList, buildInputs)) return false;
  await require("./relay").packageRelay({ quiet: true });
  return true;
}

module.exports = { ensureRelayBundle };
