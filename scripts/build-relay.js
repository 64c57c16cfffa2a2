#!/usr/bin/env node
// Bundles the relay (relay/index.ts and everything it imports, @azure/functions and the Storage
// queue SDK included) with esbuild into a folder the hosting construct zips: dist/relay/ with
// host.json, package.json ("main") and index.js. Prints the bundle size.
// `require("./build-relay").buildRelay()` does the same from other scripts (synchronously).
const { buildSync } = require("esbuild");
const { mkdirSync, rmSync, statSync, writeFileSync, readdirSync } = require("node:fs");
const { join, relative } = require("node:path");

const root = join(__dirname, "..");

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

/**
 * @param {{ outDir?: string, quiet?: boolean }} [options]
 * @returns {{ outDir: string, bundleBytes: number, totalBytes: number, files: string[] }}
 */
function buildRelay(options = {}) {
  const outDir = options.outDir ?? join(root, "dist", "relay");
  const version = require(join(root, "package.json")).version;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  buildSync({
    entryPoints: [join(root, "relay", "index.ts")],
    outfile: join(outDir, "index.js"),
    bundle: true,
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
  // package.json must be written last: scripts/ensure-relay-bundle.js uses it as the freshness stamp.
  writeFileSync(
    join(outDir, "package.json"),
    `${JSON.stringify({ name: "directory-manager-flow-relay", version, private: true, main: "index.js", engines: { node: ">=20" } }, null, 2)}\n`,
  );
  const files = readdirSync(outDir).sort();
  const bundleBytes = statSync(join(outDir, "index.js")).size;
  const totalBytes = files.reduce((sum, f) => sum + statSync(join(outDir, f)).size, 0);
  if (!options.quiet) {
    const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
    console.log(`relay bundle: ${relative(root, outDir) || outDir}/index.js ${kib(bundleBytes)}; folder ${kib(totalBytes)} (${files.join(", ")})`);
  }
  return { outDir, bundleBytes, totalBytes, files };
}

module.exports = { buildRelay, HOST_JSON };

if (require.main === module) buildRelay();
