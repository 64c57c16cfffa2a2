// Packages the relay once (dist/relay/ and dist/relay.zip; the tests that load the bundle copy the
// folder), makes the run's temp folder (test/support/temp-root.js) and the loopback servers'
// certificates (test/support/test-certificates.js).
// NODE_EXTRA_CA_CERTS is dropped for the workers and every process a test starts: they reach
// loopback only and trust the test CA they are given, and a machine that names its whole CA bundle
// there (this one does) makes each node process load it at start, about 50 ms of the 100 ms
// a bare `node -e 0` took, paid by the about 130 processes the tests start.
module.exports = () => {
  delete process.env.NODE_EXTRA_CA_CERTS;
  require("./support/temp-root").createRunTempDir();
  require("./support/test-certificates").shareTestCertificates();
  return require("../scripts/build/ensure-relay").ensureRelayBundle();
};
