/**
 * The README and docs/ stay navigable and true to the tree: the README is short and links every
 * page in docs/, every relative link resolves (file and #anchor), and every repository path a page
 * names in backticks exists.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");
const DOCS = join(ROOT, "docs");
const pages = [
  join(ROOT, "README.md"),
  ...readdirSync(DOCS)
    .filter((f) => f.endsWith(".md"))
    .map((f) => join(DOCS, f)),
];
const text = (file: string) => readFileSync(file, "utf8");
/** Markdown without fenced code blocks (their contents are commands, not links or claims about files). */
const prose = (file: string) => text(file).replace(/^```[\s\S]*?^```/gm, "");

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(file: string): Set<string> {
  return new Set(
    [...prose(file).matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      m[1]
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-"),
    ),
  );
}

/** Relative links `[text](target)` of a page, with the line they are on. */
function links(file: string): { line: number; target: string }[] {
  return prose(file)
    .split("\n")
    .flatMap((l, i) => [...l.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => ({ line: i + 1, target: m[1] })))
    .filter(({ target }) => !/^[a-z]+:/.test(target));
}

// Paths the docs tell the reader (or a tool) to create, or give as examples; not in the repository.
const CREATED_BY_THE_READER = new Set([
  "bootstrap/bootstrap.json",
  "bootstrap/terraform.bootstrap.tfstate",
  "config/prod.json",
]);
const REPOSITORY_PATH =
  /^(?:constructs|contract|relay|cli|scripts|test|docs|config|bootstrap|pipelines|\.github|\.ci)\/[\w./-]*$/;

test("the README stays short: at most 200 lines", () => {
  expect(text(join(ROOT, "README.md")).split("\n").length).toBeLessThanOrEqual(200);
});

test("the README links every page in docs/", () => {
  const linked = new Set(links(join(ROOT, "README.md")).map(({ target }) => target.split("#")[0]));
  const unlinked = readdirSync(DOCS).filter((f) => f.endsWith(".md") && !linked.has(`docs/${f}`));
  expect(unlinked).toEqual([]);
});

test("every relative link resolves to a file, and its #anchor to a heading there", () => {
  const broken = pages.flatMap((page) =>
    links(page).flatMap(({ line, target }) => {
      const [path, anchor] = target.split("#");
      const file = path ? join(dirname(page), path) : page;
      const where = `${relative(ROOT, page)}:${line}: ${target}`;
      if (!existsSync(file)) return [`${where} (no such file)`];
      if (anchor && file.endsWith(".md") && !anchors(file).has(anchor)) return [`${where} (no such heading)`];
      return [];
    }),
  );
  expect(broken).toEqual([]);
});

test("every repository path named in backticks exists", () => {
  const missing = pages.flatMap((page) =>
    prose(page)
      .split("\n")
      .flatMap((l, i) => [...l.matchAll(/`([^`\s]+)`/g)].map((m) => ({ line: i + 1, path: m[1].replace(/[:,]$/, "") })))
      .filter(({ path }) => REPOSITORY_PATH.test(path) && !CREATED_BY_THE_READER.has(path))
      .filter(({ path }) => !existsSync(join(ROOT, path)))
      .map(({ line, path }) => `${relative(ROOT, page)}:${line}: ${path}`),
  );
  expect(missing).toEqual([]);
});

test("the path check sees a missing path (guards the check itself)", () => {
  expect(
    REPOSITORY_PATH.test("constructs/no-such-file.ts") && !existsSync(join(ROOT, "constructs/no-such-file.ts")),
  ).toBe(true);
  expect(anchors(join(DOCS, "benchmarks.md")).has("the-archiver-deferral-scriptslazy-archiverjs")).toBe(true);
});

test("no source, test or doc cites a design file that is not in the repository", () => {
  const cited = /\b(?:ARCHITECTURE|FACTS|POLICY|STYLE)\.md\b|shared\/design/;
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? (e.name === "fixtures" ? [] : files(join(dir, e.name))) : [join(dir, e.name)],
    );
  const sources = ["constructs", "contract", "relay", "scripts", "test", "bootstrap", "docs"]
    .flatMap((d) => files(join(ROOT, d)))
    .concat(join(ROOT, "main.ts"), join(ROOT, "README.md"));
  const citing = sources
    .filter((f) => f !== __filename && /\.(ts|js|md)$/.test(f) && cited.test(text(f)))
    .map((f) => relative(ROOT, f));
  expect(citing).toEqual([]);
});
