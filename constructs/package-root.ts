import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** This package's name in its package.json; the walk stops only at a package.json that carries it. */
export const PACKAGE_NAME = "directory-manager-flow";

/**
 * The folder of this package's package.json, found by walking up from `start` (the compiled
 * file's folder: `constructs/`, `dist/constructs/`, or the bundle's folder when run through
 * scripts/app.js). Undefined when no such package.json is above `start`.
 */
export function findPackageRoot(start: string, name: string = PACKAGE_NAME): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === name) return dir;
      } catch {
        // An unreadable package.json is not ours; keep walking.
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}
