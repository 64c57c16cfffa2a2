// The run's temp folder: the global setup makes it under the system temp folder and names it in
// an environment variable the workers inherit; each test file's TMPDIR is a folder inside it
// (test/support/environment.js). The global teardown fails the run on anything left in it.
const { mkdtempSync, readdirSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

const RUN_TMPDIR = "DMFLOW_TEST_TMPDIR";

function createRunTempDir() {
  process.env[RUN_TMPDIR] = mkdtempSync(join(tmpdir(), "dmflow-jest-"));
}

/** Removes the run's folder; throws naming what the tests left in it (each a test file's folder). */
function removeRunTempDir() {
  const root = process.env[RUN_TMPDIR];
  if (!root) return;
  const left = readdirSync(root).flatMap((file) => readdirSync(join(root, file)).map((entry) => `${file}: ${entry}`));
  rmSync(root, { recursive: true, force: true });
  if (left.length > 0) {
    throw new Error(
      `tests left ${left.length} entries in the temp folder (test file: entry); remove what a test creates:\n  ${left.join("\n  ")}`,
    );
  }
}

module.exports = { RUN_TMPDIR, createRunTempDir, removeRunTempDir };
