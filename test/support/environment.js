// The Node test environment, plus a quick exit for the jest worker process.
// A worker has no open handles when its tests end (`--detectOpenHandles` is clean), yet jest allows
// it only 500 ms to be gone, and on a busy machine two costs outran that ("A worker process has
// failed to exit gracefully"), both measured:
// - Node tearing down the heap after the event loop drains: exiting at `beforeExit`, the moment
//   the loop is empty, skips it;
// - the kernel freeing the worker's memory (about 1 ms per MB under load; 450–580 MB after the
//   synth tests): a full garbage collection after each test file drops what that file loaded
//   (cdktf, the providers), which halves it, at no measurable cost in wall time.
const NodeEnvironment = require("jest-environment-node").TestEnvironment;
const { setFlagsFromString } = require("node:v8");
const { runInNewContext } = require("node:vm");

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc");

if (typeof process.send === "function" && !process.listeners("beforeExit").some((l) => l.quickExit)) {
  const quickExit = (code) => process.exit(code);
  quickExit.quickExit = true;
  process.once("beforeExit", quickExit);
}

class TestEnvironment extends NodeEnvironment {
  async teardown() {
    await super.teardown();
    collectGarbage();
  }
}

module.exports = TestEnvironment;
