import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * An environment's name: the config file's base name. It is the stack's name and part of resource
 * names (`<namePrefix>-<environment>-kv`, …), so it takes what those take: 1-20 lower-case letters,
 * digits and single hyphens, starting with a letter and not ending with a hyphen.
 */
export const ENVIRONMENT_NAME = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,19}$/;
const ENVIRONMENT_NAME_FORM =
  "1-20 lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen";

export interface ConfigFile {
  /** The environment (and stack) name. */
  readonly name: string;
  /** The file as messages name it: relative to the working directory. */
  readonly file: string;
  readonly path: string;
}

/**
 * The environment config files of a directory: every `<environment>.json` (editor schemas,
 * `*.schema.json`, excepted). Anything else that looks like a config (`prod.JSON`, `prod.json.txt`,
 * `prod.yaml`, …) is a problem: it would be skipped without a word, and its environment not deployed.
 * Hidden files and Markdown notes are left alone.
 */
export function listConfigFiles(dir: string): { files: ConfigFile[]; problems: string[] } {
  const files: ConfigFile[] = [];
  const problems: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
  for (const entry of entries) {
    const path = join(dir, entry);
    const file = relative(process.cwd(), path) || entry;
    if (entry.endsWith(".schema.json") || /\.md$/i.test(entry) || (entry.startsWith(".") && !/json/i.test(entry)))
      continue;
    if (!entry.endsWith(".json")) {
      const stem = entry.split(".")[0].toLowerCase();
      const fix = ENVIRONMENT_NAME.test(stem) ? `rename it to ${stem}.json` : "rename it to <environment>.json";
      problems.push(
        `${file}: is in the config directory but is not read, because only files named <environment>.json (lower-case ".json") are environment configs; expected a JSON config named <environment>.json: ${fix}, or move it out of ${relative(process.cwd(), dir) || dir}`,
      );
      continue;
    }
    const name = entry.slice(0, -".json".length);
    if (!ENVIRONMENT_NAME.test(name)) {
      problems.push(
        `${file}: the file name gives the environment (stack) name "${name}", which is also part of resource names; expected ${ENVIRONMENT_NAME_FORM}`,
      );
      continue;
    }
    files.push({ name, file, path });
  }
  return { files, problems };
}
