/**
 * The relay's deployable folder, as scripts/build/relay.js builds it: the global setup makes
 * dist/relay/ current once per run (ensure-relay.js), and each test that loads the bundle gets a
 * copy in a fresh folder outside the repository, so nothing resolves from node_modules. (Each of
 * those test files used to run esbuild for its own build, about a second of CPU each.)
 */
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const { bundleDir } = require("../../scripts/build/relay.js") as { bundleDir: string };

/** Copies the built bundle into `dir`. */
export function copyRelayBundle(dir: string): void {
  cpSync(bundleDir, dir, { recursive: true });
}

/** A copy of the built bundle in a new folder under the temp folder (`prefix` names it); remove it after. */
export function relayBundleCopy(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  copyRelayBundle(dir);
  return dir;
}
