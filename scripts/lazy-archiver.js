// cdktf requires `archiver` (~40 ms) when it loads, but calls it only to zip a folder asset at
// synth. The default stack deploys a ready zip, so the app runner defers that load until the
// first call; a folder asset still works exactly as before.
const Module = require("node:module");
const { dirname } = require("node:path");

function deferArchiverLoad() {
  const path = require.resolve("archiver", { paths: [dirname(require.resolve("cdktf"))] });
  if (require.cache[path]) return;
  let real;
  const stub = new Module(path);
  const load = () => {
    if (!real) {
      delete require.cache[path];
      real = require(path);
      require.cache[path] = stub;
    }
    return real;
  };
  const archiver = (...args) => load()(...args);
  for (const name of ["create", "registerFormat", "isRegisteredFormat"])
    archiver[name] = (...args) => load()[name](...args);
  stub.filename = path;
  stub.loaded = true;
  stub.exports = archiver;
  require.cache[path] = stub;
}

module.exports = { deferArchiverLoad };
