/**
 * The relay zip is the same bytes whoever builds it: archiver records each file's mode from disk,
 * which follows the builder's umask, so scripts/build/relay.js fixes every entry's mode and date;
 * and it adds files in the order their stats return, so the script appends each file's bytes in
 * name order.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

/** Entry names in the order of the zip's local file headers. */
function entryNames(zip: Buffer): string[] {
  const names: string[] = [];
  for (let at = 0; at + 30 <= zip.length; at++) {
    if (zip.readUInt32LE(at) !== 0x04034b50) continue;
    const nameLength = zip.readUInt16LE(at + 26);
    names.push(zip.toString("utf8", at + 30, at + 30 + nameLength));
  }
  return names;
}

test("entries are in name order, whichever order the file system answers stats in", async () => {
  const { zipFolder } = require(RELAY_SCRIPT) as { zipFolder: (folder: string, zip: string) => Promise<number> };
  const dir = mkdtempSync(join(tmpdir(), "dmflow-zip-order-"));
  try {
    const folder = join(dir, "bundle");
    mkdirSync(folder);
    // Many files of different sizes: archiver's file() added them as their stats returned (in
    // most runs not in this order; 5 of 6 runs of 40 files were out of order).
    const names = Array.from({ length: 100 }, (_, i) => `f${String(i).padStart(3, "0")}.js`);
    names.forEach((name, i) => writeFileSync(join(folder, name), "x".repeat((i * 7919) % 6000)));
    await zipFolder(folder, join(dir, "relay.zip"));
    expect(entryNames(readFileSync(join(dir, "relay.zip")))).toEqual(names);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
