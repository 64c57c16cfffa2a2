#!/usr/bin/env node
// Fills the deployment-settings files `dmflow flow-template` wrote (docs/flow.md) from the
// environment, for the pipelines' optional flow import: the Approvals connection id, the
// approvers, the relay's decisions URL and the two keys. A value missing stops it, naming the
// variable; values are never printed. The filled files hold secrets: the pipeline writes them to
// the runner's temporary directory only and deletes them after the import.
// Usage: npm run pipeline:flow-settings -- <directory with *.settings.json>
const { chmodSync, readdirSync, readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

/** Environment variable per schema name; the approvers variable serves every route's approvers. */
const SOURCES = [
  [/^dmflow_RelayDecisionsUrl$/, "FLOW_DECISIONS_URL"],
  [/^dmflow_RelayFunctionKey$/, "FLOW_FUNCTION_KEY"],
  [/^dmflow_RelayDecisionsKey$/, "FLOW_DECISIONS_KEY"],
  [/^dmflow_Approvers[A-Za-z0-9]+$/, "DMFLOW_FLOW_APPROVERS"],
];
const CONNECTION = "DMFLOW_APPROVALS_CONNECTION_ID";

/** The settings with every value filled from `env`; throws naming what is missing or unknown. */
function fillFlowSettings(settings, env) {
  const value = (name) => {
    const v = env[name];
    if (v === undefined || v.trim() === "")
      throw new Error(`${name} is not set; expected it for the flow import (docs/flow.md)`);
    return v.trim();
  };
  return {
    EnvironmentVariables: settings.EnvironmentVariables.map((variable) => {
      const source = SOURCES.find(([pattern]) => pattern.test(variable.SchemaName));
      if (!source) throw new Error(`no source for environment variable ${variable.SchemaName}`);
      return { ...variable, Value: value(source[1]) };
    }),
    ConnectionReferences: settings.ConnectionReferences.map((reference) => ({
      ...reference,
      ConnectionId: value(CONNECTION),
    })),
  };
}

function fillDirectory(dir, env) {
  const files = readdirSync(dir).filter((f) => f.endsWith(".settings.json"));
  if (files.length === 0) throw new Error(`${dir} has no *.settings.json; run dmflow flow-template first`);
  for (const file of files) {
    const path = join(dir, file);
    writeFileSync(path, `${JSON.stringify(fillFlowSettings(JSON.parse(readFileSync(path, "utf8")), env), null, 2)}\n`);
    chmodSync(path, 0o600);
  }
  return files;
}

module.exports = { fillFlowSettings, fillDirectory };

if (require.main === module) {
  try {
    const files = fillDirectory(process.argv[2] ?? ".", process.env);
    console.log(`filled ${files.join(", ")}`);
  } catch (error) {
    console.error(`pipeline:flow-settings: ${error.message}`);
    process.exit(1);
  }
}
