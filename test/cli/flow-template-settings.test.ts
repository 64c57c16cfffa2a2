/**
 * The pipelines' optional flow import fills the settings files `dmflow flow-template` writes
 * (scripts/pipeline/flow-settings.js): every value from its variable, a missing one stops it by
 * name, never by value, and the filled file is readable by its owner only.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFlowTemplates } from "../../cli/commands/flow-template";

const root = join(__dirname, "..", "..");
const script = join(root, "scripts", "pipeline", "flow-settings.js");
const ENV = {
  FLOW_DECISIONS_URL: "https://dmflow-example-relay.azurewebsites.net/api/decisions",
  FLOW_FUNCTION_KEY: "function-key-SECRET",
  FLOW_DECISIONS_KEY: "decisions-key-SECRET",
  DMFLOW_FLOW_APPROVERS: "ann@contoso.com;bob@contoso.com",
  DMFLOW_APPROVALS_CONNECTION_ID: "shared-approvals-0123",
};

let project: string;
beforeEach(async () => {
  project = mkdtempSync(join(tmpdir(), "dmflow-flow-settings-"));
  mkdirSync(join(project, "config"));
  cpSync(join(root, "config", "example.json"), join(project, "config", "example.json"));
  await writeFlowTemplates(project, "example", { out: "flows" });
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, [script, join(project, "flows")], {
    env: { PATH: process.env.PATH, ...env },
    encoding: "utf8",
  });

test("every environment variable and the connection reference get their value; owner-only file", () => {
  expect(run(ENV).status).toBe(0);
  const file = join(project, "flows", "DirectoryManagerCreateUser.settings.json");
  expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({
    EnvironmentVariables: [
      { SchemaName: "dmflow_RelayDecisionsUrl", Value: ENV.FLOW_DECISIONS_URL },
      { SchemaName: "dmflow_RelayFunctionKey", Value: ENV.FLOW_FUNCTION_KEY },
      { SchemaName: "dmflow_RelayDecisionsKey", Value: ENV.FLOW_DECISIONS_KEY },
      { SchemaName: "dmflow_ApproversCreateUser", Value: ENV.DMFLOW_FLOW_APPROVERS },
    ],
    ConnectionReferences: [
      {
        LogicalName: "dmflow_ApprovalsCreateUser",
        ConnectionId: ENV.DMFLOW_APPROVALS_CONNECTION_ID,
        ConnectorId: "/providers/Microsoft.PowerApps/apis/shared_approvals",
      },
    ],
  });
  expect(statSync(file).mode & 0o777).toBe(0o600);
});

test("a missing value stops it, naming the variable and printing no secret", () => {
  const { FLOW_DECISIONS_KEY: _omitted, ...rest } = ENV;
  const result = run(rest);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("FLOW_DECISIONS_KEY is not set");
  expect(`${result.stdout}${result.stderr}`).not.toContain("SECRET");
});
