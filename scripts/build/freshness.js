// "Is this build output current?" An output is fresh when it is newer than every file it was built
// from. The sources are recorded beside the build (esbuild's list of inputs), so moving or adding
// source files needs no edit in the scripts; a recorded source that is gone makes the output stale.
const { existsSync, readFileSync, renameSync, statSync, writeFileSync } = require("node:fs");
const { join, resolve } = require("node:path");

const root = join(__dirname, "..", "..");

/** Writes the list of sources (paths relative to the repository root, or absolute) atomically. */
function recordSources(listFile, sources) {
  const partial = `${listFile}.${process.pid}.partial`;
  writeFileSync(partial, `${JSON.stringify(sources, null, 2)}\n`);
  renameSync(partial, listFile);
}

/** True when `output` exists and is newer than every recorded source and every file in `alsoDependsOn`. */
function isFresh(output, listFile, alsoDependsOn = []) {
  if (!existsSync(output) || !existsSync(listFile)) return false;
  let sources;
  try {
    sources = JSON.parse(readFileSync(listFile, "utf8")).map((f) => resolve(root, f));
  } catch {
    return false;
  }
  const builtAt = statSync(output).mtimeMs;
  return [...sources, ...alsoDependsOn].every((f) => existsSync(f) && statSync(f).mtimeMs <= builtAt);
}

module.exports = { isFresh, recordSources };
