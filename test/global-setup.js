// Builds the relay bundle once before the tests that synthesize the default stack package it.
module.exports = async () => {
  require("../scripts/ensure-relay-bundle").ensureRelayBundle();
};
