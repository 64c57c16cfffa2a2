/**
 * The relay zip is the same bytes whoever builds it: archiver records each file's mode from disk,
 * which follows the builder's umask, so scripts/build/relay.js fixes every entry's mode and date.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const RELAY_SCRIPT = join(__dirname, "..", "..", "scripts", "build", "relay.js");

/** In a child process with `umask`: writes a bundle-like folder, zips it with zipFolder, prints the zip's sha256. */
const CHILD = `
const { mkdirSync, writeFileSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const { createHash } = require("node:crypto");
const [umask, dir, script] = process.argv.slice(1);
process.umask(parseInt(umask, 8));
const folder = join(dir, "bundle");
mkdirSync(folder);
writeFileSync(join(folder, "host.json"), '{"version":"2.0"}\\n');
writeFileSync(join(folder, "index.js"), "module.exports = {};\\n");
require(script).zipFolder(folder, join(dir, "relay.zip")).then(() => {
  console.log(createHash("sha256").update(readFileSync(join(dir, "relay.zip"))).digest("hex"));
});
`;

describe("relay zip: byte-identical under any umask", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const zipHash = (umask: string) => {
    const dir = mkdtempSync(join(tmpdir(), `dmflow-zip-${umask}-`));
    dirs.push(dir);
    const run = spawnSync(process.execPath, ["-e", CHILD, umask, dir, RELAY_SCRIPT], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    return run.stdout.trim();
  };

  test("umask 022 and 002 give the same zip (modes and dates fixed in the archive)", () => {
    const hash022 = zipHash("022");
    expect(hash022).toMatch(/^[0-9a-f]{64}$/);
    expect(zipHash("002")).toBe(hash022);
  });
});
