#!/usr/bin/env node
// Lists the deployable environments, one per config/<environment>.json, as a JSON array in deploy
// order: alphabetical, production last (prod, production, prod-*), so a pipeline matrix built from
// it deploys every other environment first. Same file rule as constructs/app/config-files.ts.
// Usage: npm run pipeline:environments   (reads DMFLOW_CONFIG_DIR, default ./config)
const { readdirSync } = require("node:fs");
const { basename, join } = require("node:path");

const ENVIRONMENT_NAME = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,19}$/;

/** True for an environment name that means production. */
function isProduction(name) {
  return name === "prod" || name === "production" || name.startsWith("prod-") || name.startsWith("production-");
}

/** Environment names from a config directory, production last. */
function listEnvironments(configDir) {
  const names = readdirSync(configDir)
    .filter((f) => f.endsWith(".json") && !f.endsWith(".schema.json"))
    .map((f) => basename(f, ".json"))
    .sort();
  const bad = names.filter((n) => !ENVIRONMENT_NAME.test(n));
  if (bad.length > 0) {
    throw new Error(
      `${configDir}: ${bad.map((n) => `${n}.json`).join(", ")}: a config file name gives the environment name; expected 1-20 lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen`,
    );
  }
  if (names.length === 0) throw new Error(`${configDir}: no environment config (*.json) found`);
  return [...names.filter((n) => !isProduction(n)), ...names.filter(isProduction)];
}

module.exports = { isProduction, listEnvironments };

if (require.main === module) {
  const configDir = process.env.DMFLOW_CONFIG_DIR ?? join(process.cwd(), "config");
  try {
    process.stdout.write(`${JSON.stringify(listEnvironments(configDir))}\n`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
