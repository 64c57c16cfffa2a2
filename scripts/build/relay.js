#!/usr/bin/env node
// `npm run build:relay`: bundles the relay (relay/index.ts and everything it imports,
// @azure/functions and the Storage SDKs included) with esbuild into dist/relay/ (index.js,
// host.json, package.json), then zips that folder once into dist/relay.zip, the package
// `dmflow deploy-code` pushes. Zip entries carry a fixed date, so the same code gives the same zip
// and the same sha256 (what verify compares with the deployed one). Prints the sizes. esbuild and archiver load only when a build runs, so
// ensure-relay.js can check freshness cheaply. Entries also carry a fixed mode (0644): archiver
// records each file's mode from disk, which follows the builder's umask (022 gives 0644, 002 gives
// 0664), so without it another machine gives another zip, sha256 and deployment.
const {
  createWriteStream,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = require("node:fs");
const { join, relative } = require("node:path");
const { recordSources } = require("./freshness");

const root = join(__dirname, "..", "..");
/** The deployable folder the zip is made from (what the tests that load the bundle copy). */
const bundleDir = join(root, "dist", "relay");
const packageZip = join(root, "dist", "relay.zip");
/** The repository files the last package was built from (read by ensure-relay.js). */
const sourcesList = join(root, ".build", "relay.sources.json");
const FIXED_DATE = new Date("2020-01-01T00:00:00Z");
/** rw-r--r--: every entry is a plain file the host only reads. */
const FIXED_MODE = 0o644;

/** The Functions host's settings for the relay. */
const HOST_JSON = {
  version: "2.0",
  extensionBundle: { id: "Microsoft.Azure.Functions.ExtensionBundle", version: "[4.*, 5.0.0)" },
  extensions: {
    http: { routePrefix: "api" },
    // The relay acknowledges a message only after writing its next copy (retry or poison); these
    // apply only when it cannot write to a queue at all: the host then retries the same copy and,
    // after maxDequeueCount, moves it to "<queue>-poison" itself.
    queues: { maxDequeueCount: 5, visibilityTimeout: "00:01:00", batchSize: 16, maxPollingInterval: "00:00:05" },
  },
  logging: { logLevel: { default: "Information" } },
};

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

/**
 * Bundles the relay into `outDir` (default dist/relay/), synchronously.
 * @param {{ outDir?: string, quiet?: boolean }} [options]
 * @returns {{ outDir: string, bundleBytes: number, totalBytes: number, files: string[], sources: string[] }}
 *   `sources`: the repository files (not node_modules) the bundle was built from.
 */
function buildRelay(options = {}) {
  const outDir = options.outDir ?? bundleDir;
  const version = require(join(root, "package.json")).version;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const { metafile } = require("esbuild").buildSync({
    absWorkingDir: root,
    entryPoints: [join(root, "relay", "index.ts")],
    outfile: join(outDir, "index.js"),
    bundle: true,
    metafile: true,
    platform: "node",
    // Deployed on Node 22 (LTS); node20 output runs on both, and Node 20 runs the tests here.
    target: "node20",
    format: "cjs",
    // Provided by the Functions Node worker at run time, never installed.
    external: ["@azure/functions-core"],
    // Some Azure SDK modules resolve to their ESM build and call createRequire(import.meta.url);
    // in a CommonJS bundle import.meta is empty, so give it this file's URL.
    banner: { js: 'const __relayImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    // The package version is the default RELAY_VERSION reported by /api/health.
    define: { "import.meta.url": "__relayImportMetaUrl", __RELAY_BUILD_VERSION__: JSON.stringify(version) },
    minifyWhitespace: true,
    minifySyntax: true,
    // Names are kept so stack traces in Application Insights stay readable.
    keepNames: true,
    legalComments: "linked",
    logLevel: "error",
  });
  writeFileSync(join(outDir, "host.json"), `${JSON.stringify(HOST_JSON, null, 2)}\n`);
  writeFileSync(
    join(outDir, "package.json"),
    `${JSON.stringify({ name: "directory-manager-flow-relay", version, private: true, main: "index.js", engines: { node: ">=20" } }, null, 2)}\n`,
  );
  const files = readdirSync(outDir).sort();
  const bundleBytes = statSync(join(outDir, "index.js")).size;
  const totalBytes = files.reduce((sum, f) => sum + statSync(join(outDir, f)).size, 0);
  const sources = Object.keys(metafile.inputs).filter((f) => !f.includes("node_modules/"));
  if (!options.quiet) {
    console.log(
      `relay bundle: ${relative(root, outDir) || outDir}/index.js ${kib(bundleBytes)}; folder ${kib(totalBytes)} (${files.join(", ")})`,
    );
  }
  return { outDir, bundleBytes, totalBytes, files, sources };
}

/** Zips a folder's files (sorted, fixed dates and modes) into `zipPath`; resolves to the zip's size. */
function zipFolder(folder, zipPath) {
  return new Promise((resolve, reject) => {
    const partial = `${zipPath}.partial`;
    const output = createWriteStream(partial);
    const zip = require("archiver")("zip", { zlib: { level: 9 } });
    output.on("close", () => {
      renameSync(partial, zipPath);
      resolve(zip.pointer());
    });
    zip.on("error", reject);
    zip.pipe(output);
    // Each file's bytes, appended in name order: archiver's file() stats its sources four at a time
    // and adds each when its stat returns, so the entry order (and the sha256) varied between builds.
    for (const name of readdirSync(folder).sort())
      zip.append(readFileSync(join(folder, name)), { name, date: FIXED_DATE, mode: FIXED_MODE });
    zip.finalize();
  });
}

/** Builds dist/relay/ and dist/relay.zip, and records the sources; returns the zip's path and size. */
async function packageRelay(options = {}) {
  const { outDir, sources } = buildRelay(options);
  const bytes = await zipFolder(outDir, packageZip);
  mkdirSync(join(root, ".build"), { recursive: true });
  recordSources(sourcesList, sources);
  if (!options.quiet) console.log(`relay package: ${relative(root, packageZip)} ${kib(bytes)}`);
  return { zipPath: packageZip, bytes };
}

module.exports = { buildRelay, packageRelay, zipFolder, HOST_JSON, bundleDir, packageZip, sourcesList };

if (require.main === module) {
  require("../args").parseArgsOrExit("usage: npm run build:relay");
  packageRelay().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
