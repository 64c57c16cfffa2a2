/**
 * The checked-in API reference (docs/api/) is what TypeDoc makes of the main entry's JSDoc now:
 * it is generated again into a temporary folder (`npm run docs:api -- --out DIR`) and every file
 * must be the same, with none missing or left over.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";

const ROOT = join(__dirname, "..", "..");
const CHECKED_IN = join(ROOT, "docs", "api");

/** Every file under a folder, by its path relative to it. */
function files(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, base) : [relative(base, path).split("\\").join("/")];
  });
}

describe("the API reference (docs/api/)", () => {
  let fresh: string;
  beforeAll(async () => {
    fresh = mkdtempSync(join(tmpdir(), "dmflow-api-"));
    await promisify(execFile)(process.execPath, [join(ROOT, "scripts", "docs", "api.js"), "--out", fresh], {
      cwd: ROOT,
    });
    // A deadline for a hung generator, not a speed check: TypeDoc takes about 8 s of CPU
    // (docs/benchmarks.md), several times that in wall time when other jobs keep both cores busy.
  }, 240_000);
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  test("is generated from the current JSDoc: run npm run docs:api when this fails", () => {
    const expected = files(fresh).sort();
    expect(files(CHECKED_IN).sort()).toEqual(expected);
    const stale = expected.filter(
      (file) => readFileSync(join(CHECKED_IN, file), "utf8") !== readFileSync(join(fresh, file), "utf8"),
    );
    expect(stale).toEqual([]);
  });

  test("documents the constructs, their props and the interfaces they consume", () => {
    const index = readFileSync(join(CHECKED_IN, "README.md"), "utf8");
    for (const name of [
      "DirectoryManagerFlow",
      "DirectoryManagerApp",
      "SecureKeyVault",
      "FlowEnvironment",
      "FlowRelay",
      "KeyVaultRef",
      "ResourceGroupRef",
      "applySecurityRules",
    ]) {
      expect(index).toContain(`[${name}]`);
    }
    // The JSDoc itself, not just the names.
    expect(readFileSync(join(CHECKED_IN, "interfaces", "KeyVaultRef.md"), "utf8")).toContain(
      "Resource id of the vault.",
    );
  });
});
