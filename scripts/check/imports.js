#!/usr/bin/env node
// Import rules that keep synth fast and a move to CDK Terrain (`cdktn`) mechanical:
//  1. a provider package is never imported by its root barrel (~2 s, ~400 MB per process);
//  2. provider packages and the cdktf core are imported only in constructs/providers/;
//  3. the relay (relay/) and the construct library (constructs/) share code only through contract/,
//     which imports neither; so does the dmflow command (cli/), which must not load cdktf;
//  4. the relay's folders depend one way: settings/ <- storage/ <- delivery/ <- http/.
const { readdirSync, readFileSync, statSync } = require("node:fs");
const { dirname, join, normalize, relative, sep } = require("node:path");

const IMPORT =
  /^\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|require\(\s*["']([^"']+)["']\s*\)|import\(\s*["']([^"']+)["']\s*\)/gm;
const PROVIDER = /^@cdktf\/provider-[a-z0-9-]+/;

/** Folders that may not import each other: each key lists the top-level folders it must not reach. */
const FORBIDDEN_FOLDERS = {
  relay: ["constructs"],
  constructs: ["relay", "cli"],
  contract: ["constructs", "relay", "cli"],
  cli: ["constructs", "relay"],
};

/** The relay's folders, lowest first: a folder imports only from folders before it (and relay/'s own files). */
const RELAY_LAYERS = ["settings", "storage", "delivery", "http"];

/** The repository path a relative import in `file` lands on; undefined for packages. */
function targetPath(file, spec) {
  if (!spec.startsWith(".")) return undefined;
  return normalize(join(dirname(file), spec))
    .split(sep)
    .join("/");
}

/** The repository's top-level folder a relative import in `file` lands in; undefined for packages. */
function targetFolder(file, spec) {
  return targetPath(file, spec)?.split("/")[0];
}

/** The relay folder an import must not reach from `path`, if it reaches one above its own. */
function relayLayerViolation(path, spec) {
  const [top, from] = path.split("/");
  const [targetTop, to] = targetPath(path, spec)?.split("/") ?? [];
  if (top !== "relay" || targetTop !== "relay" || !RELAY_LAYERS.includes(from) || !RELAY_LAYERS.includes(to))
    return undefined;
  return RELAY_LAYERS.indexOf(to) > RELAY_LAYERS.indexOf(from) ? to : undefined;
}

/** Returns the rule violations in one file's text. */
function checkSource(file, text) {
  const problems = [];
  const path = file.split(sep).join("/");
  const inProviders = path.startsWith("constructs/providers/");
  const inLibrary = file === "main.ts" || path.startsWith("constructs/") || path.startsWith("contract/");
  const forbidden = FORBIDDEN_FOLDERS[path.split("/")[0]] ?? [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2] ?? match[3];
    const line = text.slice(0, match.index + match[0].lastIndexOf(spec)).split("\n").length;
    if (PROVIDER.test(spec) && !/^@cdktf\/provider-[a-z0-9-]+\/lib\/[a-z0-9-]+$/.test(spec)) {
      problems.push(
        `${file}:${line}: "${spec}" imports a provider's root barrel; import the resource by deep path, e.g. "@cdktf/provider-azurerm/lib/key-vault"`,
      );
    } else if (inLibrary && !inProviders && (PROVIDER.test(spec) || spec === "cdktf" || spec.startsWith("cdktf/"))) {
      problems.push(
        `${file}:${line}: "${spec}" is imported outside constructs/providers/; re-export it from a file there`,
      );
    } else if (forbidden.includes(targetFolder(path, spec))) {
      problems.push(
        `${file}:${line}: "${spec}" reaches into ${targetFolder(path, spec)}/; ${path.split("/")[0]}/ shares code with it only through contract/`,
      );
    } else if (relayLayerViolation(path, spec)) {
      problems.push(
        `${file}:${line}: "${spec}" reaches up into relay/${relayLayerViolation(path, spec)}/; the relay's folders depend one way (${RELAY_LAYERS.join(" <- ")}): move what both need down, or to relay/ itself`,
      );
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
  const problems = lint(join(__dirname, "..", ".."));
  for (const p of problems) console.error(p);
  if (problems.length > 0) process.exit(1);
  console.log("import rules: ok");
}
