#!/usr/bin/env node
// Builds the relay bundle (scripts/build-relay.js → dist/relay/) and zips it once into
// dist/relay.zip, the package FlowRelay deploys. Zipping here instead of at every synth saves
// cdktf's archive step (a child process, ~180 ms per synth). Entries carry a fixed date, so the
// same code gives the same zip and the same asset hash.
const archiver = require("archiver");
const { createWriteStream, readdirSync, renameSync } = require("node:fs");
const { join } = require("node:path");
const { buildRelay } = require("./build-relay");

const root = join(__dirname, "..");
const FIXED_DATE = new Date("2020-01-01T00:00:00Z");

/** Zips a folder's files (sorted, fixed dates) into `zipPath`. */
function zipFolder(folder, zipPath) {
  return new Promise((resolve, reject) => {
    const partial = `${zipPath}.partial`;
    const output = createWriteStream(partial);
    const zip = archiver("zip", { zlib: { level: 9 } });
    output.on("close", () => {
      renameSync(partial, zipPath);
      resolve(zip.pointer());
    });
    zip.on("error", reject);
    zip.pipe(output);
    for (const name of readdirSync(folder).sort()) zip.file(join(folder, name), { name, date: FIXED_DATE });
    zip.finalize();
  });
}

/** Builds dist/relay/ and dist/relay.zip; returns the zip's path and size. */
async function packageRelay(options = {}) {
  const { outDir } = buildRelay(options);
  const zipPath = join(root, "dist", "relay.zip");
  const bytes = await zipFolder(outDir, zipPath);
  if (!options.quiet) console.log(`relay package: dist/relay.zip ${(bytes / 1024).toFixed(1)} KiB`);
  return { zipPath, bytes };
}

module.exports = { packageRelay, zipFolder };

if (require.main === module) {
  packageRelay().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
