// What both relay benchmarks load: the relay's https client and the test servers (fake flow,
// Azurite, the Functions host model, the loopback TLS agent), plus each benchmark's own modules,
// transpiled once (no type checking, as scripts/app.js does) under .build/ (ignored by git), so
// its external packages resolve from node_modules.
const { join } = require("node:path");
const { transpileForNode } = require("../build/transpile");

const root = join(__dirname, "..", "..");

/** Transpiles and loads the harness; `extra` maps an export name to its module (from the root). */
function loadRelayHarness(name, extra = {}) {
  const outfile = join(root, ".build", `${name}.js`);
  const exports = {
    createHttpsClient: "./relay/delivery/http-client",
    FakeFlow: "./test/relay/support/fake-flow",
    startAzurite: "./test/relay/support/azurite",
    loadFunctionApp: "./test/relay/support/functions-host",
    testAgent: "./test/relay/support/test-tls",
    ...extra,
  };
  const contents = Object.entries(exports)
    .map(([symbol, module]) => `export { ${symbol} } from "${module}";`)
    .join("\n");
  transpileForNode({ stdin: { contents, resolveDir: root, loader: "ts" } }, outfile);
  return require(outfile);
}

module.exports = { loadRelayHarness };
