// The record that lets test/docs/api.test.ts skip TypeDoc: a SHA-256 of everything docs/api/ is
// made from and of docs/api/ itself. The inputs: the sources TypeScript reads for the main entry,
// the TypeDoc and TypeScript options, and package-lock.json, which pins TypeDoc, its plugin,
// TypeScript and the declarations read, and repeats package.json's name, version and dependencies.
// Not package.json: its scripts change often, and TypeDoc writes nothing from it here (typedoc.json
// names the project; another package name and version gave the same docs). `npm run docs:api`
// writes the record beside docs/api/ after generating. While the tree hashes to the record,
// docs/api/ is exactly what TypeDoc made of these inputs; any change to an input or to a generated
// file changes the hash, and the test generates the docs again.
const { createHash } = require("node:crypto");
const { existsSync, readdirSync, readFileSync } = require("node:fs");
const { join, relative } = require("node:path");

const ROOT = join(__dirname, "..", "..");
const RECORD = join(ROOT, "docs", "api-inputs.sha256");
/** Folders whose every file counts (`tsc -p tsconfig.build.json --listFiles` reads no other source of ours). */
const INPUT_DIRS = ["constructs", "contract", "docs/api"];
const INPUT_FILES = [
  "tsconfig.json",
  "tsconfig.build.json",
  "typedoc.json",
  "package-lock.json",
  "scripts/docs/api.js",
];

/** Every file under a folder, by its path from the root, sorted. */
function filesUnder(root, dir) {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      relative(root, join(entry.parentPath ?? entry.path, entry.name))
        .split("\\")
        .join("/"),
    )
    .sort();
}

/** The hashed files, by path from the root. */
function apiInputs(root = ROOT) {
  return [...INPUT_FILES, ...INPUT_DIRS.flatMap((dir) => filesUnder(root, dir))];
}

/** SHA-256 (hex) of the paths and contents of the inputs; `overrides` replaces a file's content (path → text). */
function apiInputsHash(root = ROOT, overrides = {}) {
  const hash = createHash("sha256");
  for (const path of apiInputs(root)) {
    const content = path in overrides ? Buffer.from(overrides[path]) : readFileSync(join(root, path));
    hash.update(`${path}\0${content.length}\0`).update(content);
  }
  return hash.digest("hex");
}

/** The recorded hash, or undefined when there is none. */
function recordedHash() {
  return existsSync(RECORD) ? readFileSync(RECORD, "utf8").trim() : undefined;
}

module.exports = { RECORD, apiInputs, apiInputsHash, recordedHash };
