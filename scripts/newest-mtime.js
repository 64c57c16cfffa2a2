// The newest modification time among a folder's files (recursively), for "is the build stale?".
const { readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");

/** Newest mtime (ms) of the files under `dir` whose names end with `suffix` (all files by default). */
function newestMtime(dir, suffix = "") {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestMtime(path, suffix));
    else if (item.name.endsWith(suffix)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

module.exports = { newestMtime };
