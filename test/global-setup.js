// Packages the relay (dist/relay.zip) once, before the tests that synthesize the default stack,
// makes the run's temp folder (test/support/temp-root.js) and the loopback servers' certificates
// (test/support/test-certificates.js).
module.exports = () => {
  require("./support/temp-root").createRunTempDir();
  require("./support/test-certificates").shareTestCertificates();
  return require("../scripts/build/ensure-relay").ensureRelayBundle();
};
