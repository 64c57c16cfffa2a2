import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir } from "../../support/temp-dirs";

/** What one problem line of an invalid case must say: the file, the field (none for a file-level problem), a fragment of the expected form. */
export interface Expectation {
  readonly file: string;
  readonly field: string | null;
  readonly expected: string;
}

/** One corpus case: config files (parsed JSON, or raw text when the text itself is the point) and, for invalid ones, what the errors must say. */
export interface CorpusCase {
  readonly name: string;
  readonly category: string;
  readonly files: Readonly<Record<string, unknown>>;
  readonly expect: readonly Expectation[];
  /** Cases whose file names matter (or that have several files): a label; their files keep their names in the app run, where a name two cases give must have one content. */
  readonly directory?: string;
}

const ROOT = join(__dirname, "..", "..", "fixtures", "config-corpus");

/** Every case of test/fixtures/config-corpus/<kind>/*.json, each file a category. */
export function readCorpus(kind: "invalid" | "valid"): CorpusCase[] {
  return readdirSync(join(ROOT, kind))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f) =>
      (
        JSON.parse(readFileSync(join(ROOT, kind, f), "utf8")) as (Omit<CorpusCase, "category" | "expect"> & {
          expect?: Expectation[];
        })[]
      ).map((c) => ({ expect: [], ...c, category: f.replace(/\.json$/, "") })),
    );
}

/** A file's text: raw text as given, anything else as formatted JSON. */
export const fileText = (content: unknown) =>
  typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`;

/** Writes files into a new temporary config directory and returns its path. */
export function configDir(files: Readonly<Record<string, unknown>>): string {
  const dir = join(makeTempDir("dmflow-corpus-"), "config");
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), fileText(content));
  return dir;
}

/** Merges the files of several cases into one directory's worth; a name given two different contents is an error in the corpus. */
export function mergeFiles(cases: readonly { files: Readonly<Record<string, unknown>> }[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of cases) {
    for (const [name, content] of Object.entries(c.files)) {
      if (name in out && fileText(out[name]) !== fileText(content))
        throw new Error(`corpus: ${name} is given two different contents in one directory`);
      out[name] = content;
    }
  }
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The problem line an expectation asks for: `<file>: field "<field>": …; expected …`, with the expected fragment somewhere on it. */
export function expectedLine(e: Expectation, file = e.file): RegExp {
  const head = e.field === null ? `${escapeRegExp(file)}: ` : `${escapeRegExp(file)}: field "${escapeRegExp(e.field)}"`;
  return new RegExp(`(?:^|[\\s/])${head}(?=[^\\n]*; expected )(?=[^\\n]*${escapeRegExp(e.expected)})`, "m");
}
