/** This package's version, from the package.json above this file (source, transpiled or bundled). */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "directory-manager-flow" && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return "unknown";
  }
}
