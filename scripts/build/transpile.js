// Transpiles TypeScript for plain node with esbuild: no type checking (`tsc --noEmit` does that in
// `npm test`), dependencies left external so they load from node_modules as written (deep paths).
const { buildSync } = require("esbuild");
const { mkdirSync, renameSync } = require("node:fs");
const { dirname, join } = require("node:path");
const { isFresh, recordSources } = require("./freshness");

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

/**
 * Transpiles `entry` to `outfile` unless it is current (newer than every source it was built from
 * and every file in `alsoDependsOn`), and returns `outfile`, ready to `require`. The file is written
 * atomically, so parallel runs cannot collide; its sources are recorded beside it.
 */
function transpileIfStale(entry, outfile, alsoDependsOn = []) {
  const sourcesList = outfile.replace(/\.js$/, ".sources.json");
  if (!isFresh(outfile, sourcesList, [__filename, ...alsoDependsOn])) {
    const partial = `${outfile}.${process.pid}.partial`;
    mkdirSync(dirname(outfile), { recursive: true });
    const sources = transpileForNode({ entryPoints: [entry] }, partial);
    recordSources(sourcesList, sources);
    renameSync(partial, outfile);
  }
  return outfile;
}

module.exports = { transpileForNode, transpileIfStale };
