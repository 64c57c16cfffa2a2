// Azurite's queue and blob server and configuration classes (its deep modules), required on first
// use and kept: the test environment hands them to every test file of a worker (environment.js),
// and test/relay/support/azurite.ts requires them here where no test environment runs.
let servers;

function azuriteServers() {
  servers ??= {
    QueueServer: require("azurite/dist/src/queue/QueueServer").default,
    QueueConfiguration: require("azurite/dist/src/queue/QueueConfiguration").default,
    BlobServer: require("azurite/dist/src/blob/BlobServer").default,
    BlobConfiguration: require("azurite/dist/src/blob/BlobConfiguration").default,
  };
  return servers;
}

module.exports = { azuriteServers };
