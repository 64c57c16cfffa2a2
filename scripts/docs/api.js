#!/usr/bin/env node
// `npm run docs:api [-- --out DIR]`: the API reference of the main entry (constructs/index.ts),
// generated from the JSDoc by TypeDoc with its Markdown plugin (options in typedoc.json) into
// docs/api/, or DIR. test/docs/api.test.ts generates it into a temporary folder and fails when the
// checked-in docs/api/ differs. No type check here: `npm run typecheck` does that.
const { execFileSync } = require("node:child_process");
const { dirname, join, resolve } = require("node:path");
const { parseArgsOrExit } = require("../args");

const ROOT = join(__dirname, "..", "..");
const usage = "usage: npm run docs:api [-- --out DIR]";
const { values } = parseArgsOrExit(usage, { out: { type: "string", default: join(ROOT, "docs", "api") } });
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
