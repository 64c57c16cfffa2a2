#!/usr/bin/env node
// The TypeScript examples in README.md and docs/*.md that compose the package's constructs, and
// their tested copies in test/docs/examples/ (type-checked by `npm run typecheck`, synthesized with
// the security rules by test/docs/examples.test.ts, which also fails when a copy and its block differ).
// `npm run docs:examples` rewrites the copies from the docs.
const { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const ROOT = join(__dirname, "..", "..");
const COPIES = join("test", "docs", "examples");

/** README.md, then docs/*.md, as repository paths. */
function pages(root = ROOT) {
  return [
    "README.md",
    ...readdirSync(join(root, "docs"))
      .filter((f) => f.endsWith(".md"))
      .sort()
      .map((f) => `docs/${f}`),
  ];
}

/** Every ```ts block of a page, with the line its code starts on. */
function typescriptBlocks(text) {
  return [...text.matchAll(/^```(?:ts|typescript)\n([\s\S]*?)^```/gm)].map((m) => ({
    code: m[1],
    line: text.slice(0, m.index).split("\n").length + 1,
  }));
}

/** Names a block imports from the package. */
function packageImports(code) {
  const names = [];
  for (const m of code.matchAll(
    /^import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+["']directory-manager-flow(?:\/[a-z]+)?["'];?$/gm,
  )) {
    names.push(
      ...m[1]
        .split(",")
        .map((n) =>
          n
            .trim()
            .replace(/^type\s+/, "")
            .split(/\s+as\s+/)
            .pop(),
        )
        .filter(Boolean),
    );
  }
  return names;
}

/** A block composes constructs when it creates one it imports from the package (a provider is not one). */
function composesConstructs(code) {
  return packageImports(code).some((name) => !name.endsWith("Provider") && new RegExp(`\\bnew ${name}\\(`).test(code));
}

/**
 * The copy of a block: its imports, then the rest as the body of a function whose `this` is the
 * stack, as in a stack's constructor.
 */
function renderCopy(page, n, code) {
  const lines = code.replace(/\n+$/, "").split("\n");
  const firstBody = lines.findIndex((l) => !/^import\s/.test(l) && l.trim() !== "");
  const imports = lines.slice(0, firstBody).filter((l) => l.trim() !== "");
  const body = lines.slice(firstBody).map((l) => (l === "" ? "" : `  ${l}`));
  return [
    `// Tested copy of ${page}'s example ${n} (counting its TypeScript blocks that compose constructs); \`npm run docs:examples\` rewrites it.`,
    "// test/docs/examples.test.ts checks it is the same as the block and synthesizes it with the security rules.",
    ...imports,
    "",
    'export default function example(this: import("cdktf").TerraformStack): void {',
    ...body,
    "}",
    "",
  ].join("\n");
}

/** Every example that composes constructs, with its copy's path and text; and the blocks left out. */
function docExamples(root = ROOT) {
  const examples = [];
  const fragments = [];
  for (const page of pages(root)) {
    const blocks = typescriptBlocks(readFileSync(join(root, page), "utf8"));
    let n = 0;
    for (const { code, line } of blocks) {
      if (!composesConstructs(code)) {
        fragments.push({ page, line });
        continue;
      }
      n += 1;
      const stem = page === "README.md" ? "readme" : page.slice("docs/".length, -".md".length);
      examples.push({
        page,
        line,
        copy: join(COPIES, `${stem}-${n}.ts`).split("\\").join("/"),
        text: renderCopy(page, n, code),
      });
    }
  }
  return { examples, fragments };
}

module.exports = { COPIES, composesConstructs, docExamples, renderCopy, typescriptBlocks };

if (require.main === module) {
  const { examples } = docExamples();
  rmSync(join(ROOT, COPIES), { recursive: true, force: true });
  mkdirSync(join(ROOT, COPIES), { recursive: true });
  for (const example of examples) writeFileSync(join(ROOT, example.copy), example.text);
  console.log(`${examples.length} example(s): ${examples.map((e) => e.copy).join(", ") || "none"}`);
}
