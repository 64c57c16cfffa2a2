// The Node test environment, plus two things for the jest worker process and one for temp files.
// A worker has no open handles when its tests end (`--detectOpenHandles` is clean), yet jest allows
// it only 500 ms to be gone, and on a busy machine two costs outran that ("A worker process has
// failed to exit gracefully"), both measured:
// - Node tearing down the heap after the event loop drains: exiting at `beforeExit`, the moment
//   the loop is empty, skips it;
// - the kernel freeing the worker's memory (about 1 ms per MB under load): left alone, a worker
//   grows to 600–780 MB. A full garbage collection after a test file whose worker is past 450 MB
//   drops what the files loaded (cdktf, the providers), so a worker ends below about 480 MB. After
//   every file it kept workers near 300 MB but cost 6 % of the suite's CPU, for 123 collections
//   where 18 do. `gc` exists when node runs with --expose-gc, as `npm run jest` (and so
//   `npm test`) starts jest; jest passes node's options on to its workers. A plain `npx jest`
//   skips the collection.
// Azurite: its queue and blob servers are loaded once per worker, outside the test files' module
// registries, and reached through the `dmflowAzurite` global (test/relay/support/azurite.ts). Loading
// them took about 0.7 s in each of the 17 test files that start Azurite. A test talks to the servers
// only over HTTP on loopback, so nothing of theirs crosses into the test's realm but a connection
// string; each file still starts and stops its own servers.
// Temp files: each test file gets its own folder under the run's (test/support/temp-root.js) as
// TMPDIR, so os.tmpdir() in the tests, and in the processes they start, points there. cdktf's
// Testing.app() makes a cdktf.outdir.* folder per app and never removes it: those are removed after
// the file. Anything else a test leaves is reported by the global teardown, which fails the run.
const { mkdirSync, readdirSync, rmSync, rmdirSync } = require("node:fs");
const { join, relative } = require("node:path");
const NodeEnvironment = require("jest-environment-node").TestEnvironment;
const { azuriteServers } = require("./azurite-servers");
const { RUN_TMPDIR } = require("./temp-root");

const collectGarbage = typeof globalThis.gc === "function" ? globalThis.gc : () => {};
/** A worker's resident memory past which a test file's end collects garbage (see above). */
const COLLECT_ABOVE_BYTES = 450 * 1024 * 1024;

if (typeof process.send === "function" && !process.listeners("beforeExit").some((l) => l.quickExit)) {
  const quickExit = (code) => process.exit(code);
  quickExit.quickExit = true;
  process.once("beforeExit", quickExit);
}

/** TMPDIR and its Windows names, as os.tmpdir() reads them. */
const TEMP_VARIABLES = ["TMPDIR", "TMP", "TEMP"];

class TestEnvironment extends NodeEnvironment {
  constructor(config, context) {
    const root = process.env[RUN_TMPDIR];
    // Set before the test context copies process.env; a folder named after the test file.
    const tempDir =
      root && join(root, relative(config.projectConfig.rootDir, context.testPath).replace(/[\\/]/g, "__"));
    if (tempDir) {
      mkdirSync(tempDir, { recursive: true });
      for (const name of TEMP_VARIABLES) process.env[name] = tempDir;
    }
    super(config, context);
    this.tempDir = tempDir;
    Object.defineProperty(this.global, "dmflowAzurite", { get: azuriteServers });
  }

  async teardown() {
    await super.teardown();
    if (this.tempDir) {
      for (const entry of readdirSync(this.tempDir)) {
        if (entry.startsWith("cdktf.outdir.")) rmSync(join(this.tempDir, entry), { recursive: true, force: true });
      }
      // Left in place when a test left something behind, for the global teardown to name.
      if (readdirSync(this.tempDir).length === 0) rmdirSync(this.tempDir);
    }
    if (process.memoryUsage().rss > COLLECT_ABOVE_BYTES) collectGarbage();
  }
}

module.exports = TestEnvironment;
