import { Testing } from "../../constructs/providers/cdktf";
import type { App } from "../../constructs/providers/cdktf";
import { ConfigError, loadEnvironments } from "../../constructs/app/config-loader";
import { addEnvironmentStacks } from "../../constructs/app/add-stacks";
import { runApp } from "../support/run-app";
import { configDir, type CorpusCase, expectedLine, fileText, mergeFiles, readCorpus } from "./support/config-corpus";

// The corpus of admin mistakes and valid edge cases (test/fixtures/config-corpus): each invalid
// case alone, in process, must give exactly its expected problems; then all of them go through
// the real entry point (the cdktf app, a child process) together, in one run (one for the valid ones).
const invalid = readCorpus("invalid");
const valid = readCorpus("valid");

/** The problems of one config directory, as the app reports them (loader first, then the constructs). */
function problemsOf(dir: string): string[] {
  try {
    addEnvironmentStacks(Testing.app() as App, loadEnvironments(dir));
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe("config corpus: every mistake is reported with its file, field and expected form", () => {
  test("the corpus covers every category with enough cases", () => {
    const count = (category: string) => invalid.filter((c) => c.category === category).length;
    expect({
      files: count("files") >= 10,
      refused: count("values-azure-refuses") >= 20,
      cannotWork: count("values-that-cannot-work") >= 20,
      duplicates: count("duplicates") >= 5,
      collisions: count("collisions") >= 8,
    }).toEqual({
      files: true,
      refused: true,
      cannotWork: true,
      duplicates: true,
      collisions: true,
    });
    expect(new Set(invalid.map((c) => c.name)).size).toBe(invalid.length);
  });

  test.each(invalid.map((c) => [`${c.category}: ${c.name}`, c] as const))("%s", (_name, c) => {
    const problems = problemsOf(configDir(c.files));
    expect(problems.length).toBeGreaterThan(0);
    const text = problems.join("\n");
    for (const e of c.expect) expect(text).toMatch(expectedLine(e));
    // Every line names its file first and says what is expected; none is a bare construct path.
    for (const line of problems)
      expect(line).toMatch(/^(\S.*\.\w+[~]?|environment "[^"]+" was selected.*): .*; expected /);
  });

  // Each valid case passes the loader alone; the stacks are built and synthesized below, all together.
  test.each(valid.map((c) => [c.name, c] as const))("valid alone: %s", (_name, c) => {
    expect(loadEnvironments(configDir(c.files)).length).toBeGreaterThan(0);
  });
});

describe("config corpus through the cdktf app (child processes)", () => {
  jest.setTimeout(60_000);
  test("every invalid case: exit 1, names the file and field, says what is expected, no stack trace, no stack written", async () => {
    // One directory for all: single-file cases whose file name does not matter each under a name of
    // its own; the others (names that matter, several files) as they are, those sharing a file name
    // agreeing on its content (mergeFiles throws otherwise). Each case alone is checked above.
    const renamed = invalid.map((c, i) => {
      if (c.directory !== undefined) return c;
      const [[file, content], ...rest] = Object.entries(c.files);
      if (rest.length > 0) throw new Error(`corpus: "${c.name}" has several files, so it needs a directory`);
      const name = `${c.category.split("-")[0]}-${String(i).padStart(3, "0")}.json`;
      return {
        ...c,
        files: { [name]: content },
        expect: c.expect.map((e) => ({ ...e, file: e.file === file ? name : e.file })),
      } as CorpusCase;
    });
    const files = mergeFiles(renamed);
    const r = await runApp(Object.fromEntries(Object.entries(files).map(([n, c]) => [n, fileText(c)])));
    const failures: string[] = [];
    if (r.code !== 1) failures.push(`exit code ${r.code}`);
    if (r.written.length > 0 || r.outdirLeft) failures.push(`left cdktf.out (${r.written.join(", ")})`);
    if (/^\s+at /m.test(r.stderr)) failures.push("printed a stack trace");
    for (const c of renamed)
      for (const e of c.expect)
        if (!expectedLine(e).test(r.stderr))
          failures.push(`"${c.name}": no line for ${e.file} / ${e.field}: ${e.expected}`);
    expect(failures).toEqual([]);
  });

  test("the valid edge cases synthesize side by side, one stack per environment file", async () => {
    const files = mergeFiles(valid);
    const r = await runApp(Object.fromEntries(Object.entries(files).map(([n, c]) => [n, fileText(c)])));
    const environments = Object.keys(files)
      .filter((f) => /^[^.]+\.json$/.test(f))
      .map((f) => f.replace(/\.json$/, ""));
    expect(r).toMatchObject({ code: 0, stderr: "", written: environments.sort() });
  });
});
