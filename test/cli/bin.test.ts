/**
 * The shipped bin: one bundled file whose runtime imports are Node built-ins and the package's
 * own dependencies (never cdktf or the providers), that runs from the packed layout.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  bin: Record<string, string>;
  files: string[];
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
};
const { buildCli } = require("../../scripts/build/cli") as { buildCli: (outfile: string) => string[] };

describe("the dmflow bin", () => {
  const dir = mkdtempSync(join(tmpdir(), "dmflow-bin-"));
  const bundle = join(dir, "package", pkg.bin.dmflow);
  beforeAll(() => {
    buildCli(bundle);
    writeFileSync(
      join(dir, "package", "package.json"),
      JSON.stringify({ name: "directory-manager-flow", version: "7.7.7" }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // Dependencies resolve from the repository's node_modules, as from the installed package's.
  const node = (...args: string[]) =>
    spawnSync(process.execPath, [bundle, ...args], {
      encoding: "utf8",
      env: { ...process.env, NODE_PATH: join(root, "node_modules") },
    });

  test("package.json ships it: bin entry inside a packed folder, built by prepack", () => {
    expect(pkg.files.some((f) => pkg.bin.dmflow.startsWith(`${f}/`))).toBe(true);
    expect(pkg.scripts.prepack).toMatch(/build:cli/);
  });

  test("loads only Node built-ins and the package's dependencies, never cdktf or a provider", () => {
    const text = readFileSync(bundle, "utf8");
    const required = [...new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))];
    const packages = required
      .filter((spec) => !spec.startsWith("node:") && !builtinModules.includes(spec))
      .map((spec) =>
        spec
          .split("/")
          .slice(0, spec.startsWith("@") ? 2 : 1)
          .join("/"),
      );
    expect(packages.length).toBeGreaterThan(0);
    for (const name of packages) expect(Object.keys(pkg.dependencies)).toContain(name);
    expect(packages.filter((name) => /^(cdktf|constructs|@cdktf\/)/.test(name))).toEqual([]);
  });

  test("runs from the packed layout: --version reads the package's version, errors are one line with exit 2", () => {
    const version = node("--version");
    expect(version.status).toBe(0);
    expect(version.stdout).toBe("7.7.7\n");
    const failed = node("verify", "--env", "prod", "--outputs", join(dir, "missing.json"));
    expect(failed.status).toBe(2);
    expect(failed.stderr).toMatch(
      /^… reading stack outputs from .*\ndmflow: --outputs .*missing\.json: cannot be read \(ENOENT\); give the file written by terraform output -json or cdktf deploy --outputs-file\n$/,
    );
  });

  test("npm run dmflow works from source without a build", () => {
    const result = spawnSync(process.execPath, [join(root, "scripts", "dmflow.js"), "--help"], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^dmflow \d+\.\d+\.\d+: Directory Manager ⇄ Power Automate, after the deploy/);
  });
});
