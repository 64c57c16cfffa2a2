// Transpiles TypeScript for plain node with esbuild: no type checking (`tsc --noEmit` does that in
// `npm test`), dependencies left external so they load from node_modules as written (deep paths).
const { buildSync } = require("esbuild");

/** Writes one CommonJS file from `input` (esbuild's `entryPoints` or `stdin`) to `outfile`. */
function transpileForNode(input, outfile) {
  buildSync({ ...input, outfile, bundle: true, packages: "external", platform: "node", target: "node20", format: "cjs", logLevel: "error" });
}

module.exports = { transpileForNode };
