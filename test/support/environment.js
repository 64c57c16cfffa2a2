// The Node test environment, plus a quick exit for the jest worker process.
// A worker has no open handles when its tests end (`--detectOpenHandles` is clean), but when its
// event loop drains Node tears down the whole heap (several hundred MB after the synth tests)
// before the process ends, which takes longer than the 500 ms jest allows on a busy machine
// ("A worker process has failed to exit gracefully"). Exiting explicitly at `beforeExit`, the
// moment the loop is empty, skips that teardown; it changes nothing while tests run.
const NodeEnvironment = require("jest-environment-node").TestEnvironment;

if (typeof process.send === "function" && !process.listeners("beforeExit").some((l) => l.quickExit)) {
  const quickExit = (code) => process.exit(code);
  quickExit.quickExit = true;
  process.once("beforeExit", quickExit);
}

module.exports = NodeEnvironment;
