#!/usr/bin/env node
// Import rules that keep synth fast and a move to CDK Terrain (`cdktn`) mechanical:
//  1. a provider package is never imported by its root barrel (~2 s, ~400 MB per process);
//  2. provider packages and the cdktf core are imported only in constructs/providers/.
const { readdirSync, readFileSync, statSync } = require("node:fs");
const { join, relative, sep } = require("node:path");

const IMPORT = /^\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|require\(\s*["']([^"']+)["']\s*\)|import\(\s*["']([^"']+)["']\s*\)/gm;
const PROVIDER = /^@cdktf\/provider-[a-z0-9-]+/;

/** Returns the rule violations in one file's text. */
function checkSource(file, text) {
  const problems = [];
  const inProviders = file.split(sep).join("/").startsWith("constructs/providers/");
  const inLibrary = file === "main.ts" || file.split(sep).join("/").startsWith("constructs/");
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2] ?? match[3];
    const line = text.slice(0, match.index + match[0].lastIndexOf(spec)).split("\n").length;
    if (PROVIDER.test(spec) && !/^@cdktf\/provider-[a-z0-9-]+\/lib\/[a-z0-9-]+$/.test(spec)) {
      problems.push(`${file}:${line}: "${spec}" imports a provider's root barrel; import the resource by deep path, e.g. "@cdktf/provider-azurerm/lib/key-vault"`);
    } else if (inLibrary && !inProviders && (PROVIDER.test(spec) || spec === "cdktf" || spec.startsWith("cdktf/"))) {
      problems.push(`${file}:${line}: "${spec}" is imported outside constructs/providers/; re-export it from a file there`);
    }
  }
  return problems;
}

function sourceFiles(root, dir = root) {
  const skip = new Set(["node_modules", "dist", ".build", "cdktf.out", ".git", "coverage"]);
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (skip.has(name)) return [];
    if (statSync(path).isDirectory()) return sourceFiles(root, path);
    return /\.(ts|js|mjs|cjs)$/.test(name) ? [relative(root, path)] : [];
  });
}

function lint(root) {
  return sourceFiles(root).flatMap((file) => checkSource(file, readFileSync(join(root, file), "utf8")));
}

module.exports = { checkSource, lint };

if (require.main === module) {
  const problems = lint(join(__dirname, ".."));
  for (const p of problems) console.error(p);
  if (problems.length > 0) process.exit(1);
  console.log("import rules: ok");
}
