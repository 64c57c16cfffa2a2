/**
 * The checked-in API reference (docs/api/) is what TypeDoc makes of the main entry's JSDoc now.
 * When the hash of its inputs and of docs/api/ equals the one `npm run docs:api` recorded beside it
 * (docs/api-inputs.sha256, scripts/docs/api-inputs.js), docs/api/ is what TypeDoc made of exactly
 * these inputs and TypeDoc is not run again (about 8 s of CPU). Otherwise it is generated again
 * into a temporary folder (`npm run docs:api -- --out DIR`) and every file must be the same, with
 * none missing or left over.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
const { apiInputs, apiInputsHash, recordedHash } = require("../../scripts/docs/api-inputs.js") as {
  apiInputs: () => string[];
  apiInputsHash: (root?: string, overrides?: Record<string, string>) => string;
  recordedHash: () => string | undefined;
};

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
  /** The generated docs, or undefined when the record shows docs/api/ was generated from the current inputs. */
  let fresh: string | undefined;
  beforeAll(async () => {
    if (apiInputsHash() === recordedHash()) return;
    fresh = mkdtempSync(join(tmpdir(), "dmflow-api-"));
    await promisify(execFile)(process.execPath, [join(ROOT, "scripts", "docs", "api.js"), "--out", fresh], {
      cwd: ROOT,
    });
    // A deadline for a hung generator, not a speed check: TypeDoc takes about 8 s of CPU
    // (docs/benchmarks.md), several times that in wall time when other jobs keep both cores busy.
  }, 240_000);
  afterAll(() => fresh && rmSync(fresh, { recursive: true, force: true }));

  test("is generated from the current JSDoc: run npm run docs:api when this fails", () => {
    // The record matches: generated from these very inputs (the hash covers docs/api/ too).
    if (fresh === undefined) return expect(apiInputsHash()).toBe(recordedHash());
    const generated = fresh;
    const expected = files(generated).sort();
    expect(files(CHECKED_IN).sort()).toEqual(expected);
    const stale = expected.filter(
      (file) => readFileSync(join(CHECKED_IN, file), "utf8") !== readFileSync(join(generated, file), "utf8"),
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

  test("the record is checked on every source TypeDoc reads and on docs/api/ itself: any edit means generating again", () => {
    const inputs = apiInputs();
    expect(inputs).toEqual(expect.arrayContaining(["constructs/index.ts", "contract/index.ts", "typedoc.json"]));
    expect(inputs).toEqual(expect.arrayContaining(["package-lock.json", "docs/api/README.md"]));
    const now = apiInputsHash();
    for (const path of ["constructs/index.ts", "docs/api/interfaces/KeyVaultRef.md", "tsconfig.build.json"]) {
      const edited = `${readFileSync(join(ROOT, path), "utf8")}\n// an edit\n`;
      expect({ path, changed: apiInputsHash(ROOT, { [path]: edited }) !== now }).toEqual({ path, changed: true });
    }
  });
});
