/** The scripts' shared parts: build freshness (what decides a rebuild) and the command-line parser. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const { isFresh, recordSources } = require("../../scripts/build/freshness.js") as {
  isFresh: (output: string, listFile: string, alsoDependsOn?: string[]) => boolean;
  recordSources: (listFile: string, sources: string[]) => void;
};

const SCRIPTS = join(__dirname, "..", "..", "scripts");

describe("build freshness: an output is rebuilt when any file it was built from is newer or gone", () => {
  let dir: string;
  const at = (file: string, seconds: number) => {
    writeFileSync(file, "x");
    utimesSync(file, seconds, seconds);
    return file;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "dmflow-fresh-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("fresh when the output is newer than every recorded source and extra input", () => {
    const list = join(dir, "sources.json");
    recordSources(list, [at(join(dir, "a.ts"), 1000), at(join(dir, "b.ts"), 2000)]);
    expect(isFresh(at(join(dir, "out.js"), 3000), list, [at(join(dir, "build.js"), 1500)])).toBe(true);
  });

  test("stale when a source, or an extra input, is newer than the output", () => {
    const list = join(dir, "sources.json");
    const out = at(join(dir, "out.js"), 3000);
    recordSources(list, [at(join(dir, "a.ts"), 4000)]);
    expect(isFresh(out, list)).toBe(false);
    recordSources(list, [at(join(dir, "a.ts"), 1000)]);
    expect(isFresh(out, list, [at(join(dir, "build.js"), 4000)])).toBe(false);
  });

  test("stale when a recorded source is gone (moved or deleted), the list is unreadable, or there is no output", () => {
    const list = join(dir, "sources.json");
    const out = at(join(dir, "out.js"), 3000);
    recordSources(list, [join(dir, "moved.ts")]);
    expect(isFresh(out, list)).toBe(false);
    writeFileSync(list, "[not json");
    expect(isFresh(out, list)).toBe(false);
    recordSources(list, [at(join(dir, "a.ts"), 1000)]);
    expect(isFresh(join(dir, "missing.js"), list)).toBe(false);
    expect(isFresh(out, join(dir, "no-list.json"))).toBe(false);
  });
});

describe("script command lines (node's parseArgs)", () => {
  const run = (script: string, ...args: string[]) =>
    spawnSync(process.execPath, [join(SCRIPTS, script), ...args], { encoding: "utf8" });

  test("an unknown option prints the usage and exits 2", () => {
    const r = run("pipeline/config.js", "--allow-ip", "203.0.113.7", "--out", "x", "--colour");
    expect([r.status, r.stderr]).toEqual([
      2,
      expect.stringContaining("usage: npm run pipeline:config -- --allow-ip <IPv4> --out <dir>"),
    ]);
    expect(r.stderr).toContain("'--colour'");
  });

  test("a missing or extra positional argument prints the usage and exits 2", () => {
    expect(run("pipeline/key-vaults.js").status).toBe(2);
    const extra = run("pipeline/plan-summary.js", "dev", "plan.log", "more");
    expect([extra.status, extra.stderr]).toEqual([
      2,
      expect.stringContaining("usage: npm run pipeline:plan-summary -- <environment> <diff-log>"),
    ]);
  });

  test("an option without its value is refused", () => {
    const r = run("check/security-report.js", "--from");
    expect([r.status, r.stderr]).toEqual([2, expect.stringContaining("--from")]);
  });
});
