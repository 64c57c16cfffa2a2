// Packages the relay (dist/relay.zip) once, before the tests that synthesize the default stack.
module.exports = () => require("../scripts/build/ensure-relay").ensureRelayBundle();
