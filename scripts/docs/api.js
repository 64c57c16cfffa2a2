#!/usr/bin/env node
// `npm run docs:api [-- --out DIR]`: the API reference of the main entry (constructs/index.ts),
// generated from the JSDoc by TypeDoc with its Markdown plugin (options in typedoc.json) into
// docs/api/, or DIR. test/docs/api.test.ts generates it into a temporary folder and fails when the
// checked-in docs/api/ differs. No type check here: `npm run typecheck` does that. Generating into
// docs/api/ also records the hash of its inputs and result (docs/api-inputs.sha256, api-inputs.js),
// which lets the test skip TypeDoc while nothing changed.
const { execFileSync } = require("node:child_process");
const { dirname, join, resolve } = require("node:path");
const { writeFileSync } = require("node:fs");
const { parseArgsOrExit } = require("../args");
const { RECORD, apiInputsHash } = require("./api-inputs");

const ROOT = join(__dirname, "..", "..");
const usage = "usage: npm run docs:api [-- --out DIR]";
const CHECKED_IN = join(ROOT, "docs", "api");
const { values } = parseArgsOrExit(usage, { out: { type: "string", default: CHECKED_IN } });
let typedoc;
try {
  typedoc = join(dirname(require.resolve("typedoc/package.json")), "bin", "typedoc");
} catch {
  console.error(
    "docs:api: TypeDoc is not installed; run npm ci (package.json pins typedoc and typedoc-plugin-markdown)",
  );
  process.exit(1);
}
try {
  // A larger young generation: TypeDoc (the TypeScript compiler under it) then spends less time in GC.
  execFileSync(process.execPath, ["--max-semi-space-size=64", typedoc, "--out", resolve(values.out)], {
    cwd: ROOT,
    stdio: "inherit",
  });
} catch (e) {
  console.error(`docs:api: TypeDoc failed (exit ${e.status}); its messages are above`);
  process.exit(1);
}
if (resolve(values.out) === CHECKED_IN) writeFileSync(RECORD, `${apiInputsHash()}\n`);
