// Packages the relay (dist/relay.zip) once, before the tests that synthesize the default stack,
// and makes the run's temp folder (test/support/temp-root.js).
module.exports = () => {
  require("./support/temp-root").createRunTempDir();
  return require("../scripts/build/ensure-relay").ensureRelayBundle();
};
