// Command-line arguments for the scripts: node's parseArgs (strict: an unknown option is an error),
// with the script's usage line printed and exit code 2 on a bad command line.
const { parseArgs } = require("node:util");

/**
 * @param {string} usage e.g. "usage: npm run pipeline:key-vaults -- <environment> [outdir]"
 * @param {import("node:util").ParseArgsConfig["options"]} [options]
 * @param {{ positionals?: [number, number] }} [extra] how many positional arguments are allowed (min, max)
 * @returns {{ values: Record<string, string | boolean | undefined>, positionals: string[] }}
 */
function parseArgsOrExit(usage, options = {}, { positionals: [min, max] = [0, 0] } = {}) {
  try {
    const parsed = parseArgs({ args: process.argv.slice(2), options, allowPositionals: max > 0 });
    if (parsed.positionals.length < min || parsed.positionals.length > max)
      throw new Error(`expected ${min === max ? min : `${min} to ${max}`} arguments, got ${parsed.positionals.length}`);
    return parsed;
  } catch (e) {
    console.error(`${e.message}\n${usage}`);
    process.exit(2);
  }
}

module.exports = { parseArgsOrExit };
