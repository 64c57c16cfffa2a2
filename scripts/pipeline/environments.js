#!/usr/bin/env node
// Lists the deployable environments, one per config/<environment>.json, as a JSON array in deploy
// order: alphabetical, production last (prod, production, prod-*), so a pipeline matrix built from
// it deploys every other environment first. Same file rule as constructs/app/config-files.ts.
// config/example.json is the sample a new user copies, never a live environment: it is left out
// (an empty list when it is the only one; the pipelines then plan and deploy nothing).
// Usage: npm run pipeline:environments   (reads DMFLOW_CONFIG_DIR, default ./config)
const { readdirSync } = require("node:fs");
const { basename, join } = require("node:path");

const ENVIRONMENT_NAME = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,19}$/;

/** The sample config's environment name: synthesized by the tests, never deployed by a pipeline. */
const SAMPLE = "example";

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
  const live = names.filter((n) => n !== SAMPLE);
  return [...live.filter((n) => !isProduction(n)), ...live.filter(isProduction)];
}

module.exports = { isProduction, listEnvironments, SAMPLE };

if (require.main === module) {
  const configDir = process.env.DMFLOW_CONFIG_DIR ?? join(process.cwd(), "config");
  try {
    const environments = listEnvironments(configDir);
    if (environments.length === 0)
      console.error(
        `${configDir}: only ${SAMPLE}.json, the sample, which is never deployed: copy it to config/<name>.json (e.g. dev.json) and edit it`,
      );
    process.stdout.write(`${JSON.stringify(environments)}\n`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
