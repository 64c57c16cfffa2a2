// Transpiles TypeScript for plain node with esbuild: no type checking (`tsc --noEmit` does that in
// `npm test`), dependencies left external so they load from node_modules as written (deep paths).
const { buildSync } = require("esbuild");
const { join } = require("node:path");

const root = join(__dirname, "..", "..");

/**
 * Writes one CommonJS file from `input` (esbuild's `entryPoints` or `stdin`) to `outfile`.
 * @returns {string[]} the repository files it was built from (paths relative to the root)
 */
function transpileForNode(input, outfile) {
  const { metafile } = buildSync({
    ...input,
    absWorkingDir: root,
    outfile,
    bundle: true,
    metafile: true,
    packages: "external",
    platform: "node",
    target: "node20",
    format: "cjs",
    logLevel: "error",
  });
  return Object.keys(metafile.inputs).filter((f) => !f.startsWith("<") && !f.includes("node_modules/"));
}

module.exports = { transpileForNode };
