/**
 * `dmflow flow-template`: the solution zip holds together (root component ⇔ workflow entry ⇔ JSON
 * file, every connection declared, every action an expression names exists), the settings file
 * lists exactly what the solution declares, the output is the same bytes every time, and the
 * example under docs/flow-example/ is what the command makes of config/example.json today.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFlowTemplates } from "../../cli/commands/flow-template";
import { ACTION, TRIGGER } from "../../cli/flow-template/flow-definition";
import type { FlowClientData } from "../../cli/flow-template/workflow-model";
import { referencedActions, referencedParameters } from "./support/flow-expressions";
import { runOffline } from "./support/offline-run";
import { readZip, type ZipEntry } from "./support/read-zip";

const root = join(__dirname, "..", "..");
let project: string;
beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), "dmflow-flow-template-"));
  mkdirSync(join(project, "config"));
  cpSync(join(root, "config", "example.json"), join(project, "config", "example.json"));
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

/** A config with two routes and a custom enrichment key, written into the temporary project. */
function twoRoutes(): void {
  const config = JSON.parse(readFileSync(join(root, "config", "example.json"), "utf8"));
  config.flowEnvironment.routes["delete-group"] = {
    displayName: "Delete Group",
    flowRequestUrl: { source: "variable" },
  };
  config.relay = { enrichmentKey: "site" };
  writeFileSync(join(project, "config", "two.json"), JSON.stringify(config));
}

async function generated(env = "example", out = "out") {
  const written = await writeFlowTemplates(project, env, { out });
  return written.map((w) => {
    const entries = readZip(readFileSync(join(project, w.solution)));
    const file = (name: string) => entries.find((e) => e.name === name) as ZipEntry;
    const text = (name: string) => file(name)?.data.toString("utf8");
    return { written: w, entries, text, settings: JSON.parse(readFileSync(join(project, w.settings), "utf8")) };
  });
}

const all = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => m[1]);

describe("the solution zip", () => {
  test("root component ⇔ workflow entry ⇔ JSON file; the package files are there; dates fixed", async () => {
    twoRoutes();
    const solutions = await generated("two");
    expect(solutions.map((s) => s.written.route)).toEqual(["create-user", "delete-group"]);
    for (const { entries, text } of solutions) {
      expect(entries.slice(0, 3).map((e) => e.name)).toEqual([
        "[Content_Types].xml",
        "solution.xml",
        "customizations.xml",
      ]);
      const roots = all(text("solution.xml"), /<RootComponent type="29" id="\{([0-9a-f-]{36})\}"/g);
      const workflows = all(text("customizations.xml"), /<Workflow WorkflowId="\{([0-9a-f-]{36})\}"/g);
      const jsonFiles = all(text("customizations.xml"), /<JsonFileName>\/([^<]+)<\/JsonFileName>/g);
      const inZip = entries.map((e) => e.name).filter((n) => n.startsWith("Workflows/"));
      expect(roots).toHaveLength(1);
      expect(workflows).toEqual(roots);
      expect(jsonFiles).toEqual(inZip);
      expect(inZip[0]).toMatch(new RegExp(`-${roots[0].toUpperCase()}\\.json$`));
      expect(text("customizations.xml")).toContain("<Category>5</Category>");
      // Each environment variable: a root component and its definition file, under the same schema name.
      const variableRoots = all(text("solution.xml"), /<RootComponent type="380" schemaName="([^"]+)"/g);
      const variableFiles = entries
        .map((e) => /^environmentvariabledefinitions\/([^/]+)\/environmentvariabledefinition\.xml$/.exec(e.name)?.[1])
        .filter((n) => n !== undefined);
      expect(variableFiles).toEqual(variableRoots);
      for (const name of variableFiles)
        expect(text(`environmentvariabledefinitions/${name}/environmentvariabledefinition.xml`)).toContain(
          `schemaname="${name}"`,
        );
      expect(new Set(entries.map((e) => `${e.dosDate}/${e.dosTime}`))).toEqual(new Set(["33/0"]));
    }
    // Routes get distinct workflows.
    expect(new Set(solutions.map((s) => s.written.solution)).size).toBe(2);
  });

  test("every connection the flow uses is a declared connection reference; Approvals is the only one", async () => {
    const [{ entries, text }] = await generated();
    const flow = JSON.parse(text(entries[3].name)) as FlowClientData;
    const declared = all(text("customizations.xml"), /connectionreferencelogicalname="([^"]+)"/g);
    const references = flow.properties.connectionReferences;
    expect(Object.keys(references)).toEqual(["shared_approvals"]);
    expect(Object.values(references).map((r) => r.connection.connectionReferenceLogicalName)).toEqual(declared);
    const used = Object.values(flow.properties.definition.actions).flatMap((a) =>
      a.type === "OpenApiConnectionWebhook" ? [a.inputs.host.connectionName] : [],
    );
    expect(used).toEqual(["shared_approvals"]);
    for (const name of used) expect(Object.keys(references)).toContain(name);
  });

  test("every runAfter, body('…') and parameters('…') names an action or parameter that exists", async () => {
    const [{ entries, text }] = await generated();
    const { definition } = (JSON.parse(text(entries[3].name)) as FlowClientData).properties;
    const actions = Object.keys(definition.actions);
    expect(actions).toEqual(Object.values(ACTION));
    const runAfter = Object.values(definition.actions).flatMap((a) => Object.keys(a.runAfter));
    expect(runAfter.length).toBeGreaterThan(0);
    for (const name of [...runAfter, ...referencedActions(definition)]) expect(actions).toContain(name);
    for (const name of referencedParameters(definition)) expect(Object.keys(definition.parameters)).toContain(name);
    expect(Object.keys(definition.triggers)).toEqual([TRIGGER]);
    // Every outcome of the approval leads somewhere: approve/reject, timeout, and failure.
    const runsAfter = (name: string) => definition.actions[name].runAfter;
    expect(runsAfter(ACTION.sendDecision)).toEqual({ [ACTION.approval]: ["Succeeded"] });
    expect(runsAfter(ACTION.denyUnanswered)).toEqual({ [ACTION.approval]: ["TimedOut"] });
    expect(runsAfter(ACTION.stopAsFailed)).toEqual({
      [ACTION.sendDecision]: ["Failed", "TimedOut", "Skipped"],
      [ACTION.denyUnanswered]: ["Failed", "TimedOut", "Skipped"],
    });
  });

  test("secure outputs on the trigger, secure inputs and outputs on both decision calls", async () => {
    const [{ entries, text }] = await generated();
    const { definition } = (JSON.parse(text(entries[3].name)) as FlowClientData).properties;
    expect(definition.triggers[TRIGGER].runtimeConfiguration).toEqual({ secureData: { properties: ["outputs"] } });
    for (const name of [ACTION.sendDecision, ACTION.denyUnanswered])
      expect(definition.actions[name].runtimeConfiguration).toEqual({
        secureData: { properties: ["inputs", "outputs"] },
      });
  });

  test("the settings file lists exactly the solution's environment variables and connection references, values empty", async () => {
    twoRoutes();
    for (const { settings, text } of await generated("two")) {
      const variables = all(text("solution.xml"), /<RootComponent type="380" schemaName="([^"]+)"/g);
      const references = all(text("customizations.xml"), /connectionreferencelogicalname="([^"]+)"/g);
      expect(settings.EnvironmentVariables.map((v: { SchemaName: string }) => v.SchemaName)).toEqual(variables);
      expect(settings.ConnectionReferences.map((r: { LogicalName: string }) => r.LogicalName)).toEqual(references);
      expect(
        new Set(
          [...settings.EnvironmentVariables, ...settings.ConnectionReferences].map((e) => e.Value ?? e.ConnectionId),
        ),
      ).toEqual(new Set([""]));
    }
  });
});

describe("deterministic output and the checked-in example", () => {
  test("the same config gives the same bytes; another environment gives other GUIDs", async () => {
    const bytes = async (out: string) =>
      readFileSync(join(project, (await generated("example", out))[0].written.solution));
    expect((await bytes("a")).equals(await bytes("b"))).toBe(true);
    cpSync(join(project, "config", "example.json"), join(project, "config", "staging.json"));
    const workflowFile = async (env: string) => (await generated(env, env))[0].entries[3].name;
    expect(await workflowFile("example")).toMatch(/^Workflows\/DirectoryManagerCreateUser-[0-9A-F-]{36}\.json$/);
    expect(await workflowFile("staging")).not.toEqual(await workflowFile("example"));
  });

  test("docs/flow-example/ is what the command makes of config/example.json (npm run docs:flow-example)", async () => {
    await generated("example", "fresh");
    const expected = readdirSync(join(root, "docs", "flow-example")).sort();
    expect(readdirSync(join(project, "fresh")).sort()).toEqual(expected);
    for (const name of expected)
      expect(
        readFileSync(join(project, "fresh", name)).equals(readFileSync(join(root, "docs", "flow-example", name))),
      ).toBe(true);
  });
});

describe("the command line", () => {
  test("writes one solution per route and says where; --route picks one", async () => {
    twoRoutes();
    const one = await runOffline(["flow-template", "--env", "two", "--route", "delete-group", "--out", "o"], {
      cwd: project,
    });
    expect(one).toMatchObject({ code: 0, stderr: "" });
    expect(one.stdout).toContain("delete-group: o/DirectoryManagerDeleteGroup_1_0_0_0.zip");
    expect(readdirSync(join(project, "o")).sort()).toEqual([
      "DirectoryManagerDeleteGroup.settings.json",
      "DirectoryManagerDeleteGroup_1_0_0_0.zip",
    ]);
  });

  test.each([
    [["flow-template", "--env", "example"], "--out is required"],
    [
      ["flow-template", "--env", "example", "--out", "o", "--route", "Bad Route"],
      "--route Bad Route: expected a route key",
    ],
    [
      ["flow-template", "--env", "example", "--out", "o", "--route", "nope"],
      "--route nope: config/example.json has no such route",
    ],
    [["flow-template", "--env", "missing", "--out", "o"], "config/missing.json does not exist"],
    [["verify", "--env", "example", "--out", "o"], "--out belongs to dmflow flow-template"],
  ])("%j is refused: %s", async (argv, message) => {
    const result = await runOffline(argv, { cwd: project });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test("Entra mode: the route's trigger allows only the relay's identity; the id is required and checked", async () => {
    const config = JSON.parse(readFileSync(join(project, "config", "example.json"), "utf8"));
    config.flowEnvironment.routes["create-user"].auth = "entra";
    writeFileSync(join(project, "config", "example.json"), JSON.stringify(config));
    const argv = ["flow-template", "--env", "example", "--out", "o"];
    const missing = await runOffline(argv, { cwd: project });
    expect([missing.code, missing.stderr]).toEqual([
      2,
      expect.stringContaining("--relay-principal-id is required: route create-user is in Entra mode"),
    ]);
    const notGuid = await runOffline([...argv, "--relay-principal-id", "relay"], { cwd: project });
    expect(notGuid.stderr).toContain("--relay-principal-id relay: expected a GUID");
    const id = "0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9";
    expect((await runOffline([...argv, "--relay-principal-id", id], { cwd: project })).code).toBe(0);
    const entries = readZip(readFileSync(join(project, "o", "DirectoryManagerCreateUser_1_0_0_0.zip")));
    const flow = JSON.parse(entries[3].data.toString("utf8")) as FlowClientData;
    expect(flow.properties.definition.triggers[TRIGGER].inputs).toMatchObject({
      triggerAuthenticationType: "User",
      triggerAllowedUsers: id.toLowerCase(),
    });
    // A route in sig mode keeps the default (anyone with the signed URL): no allowed-users list.
    cpSync(join(root, "config", "example.json"), join(project, "config", "plain.json"));
    const [sig] = await generated("plain", "p");
    expect(sig.text(sig.entries[3].name)).not.toContain("triggerAllowedUsers");
  });

  test("a bad config field stops it with file, field, value and the expected form, and writes nothing", async () => {
    const config = JSON.parse(readFileSync(join(project, "config", "example.json"), "utf8"));
    config.flowEnvironment.identityStoreId = "one";
    writeFileSync(join(project, "config", "example.json"), JSON.stringify(config));
    const result = await runOffline(["flow-template", "--env", "example", "--out", "o"], { cwd: project });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'config/example.json: field "flowEnvironment.identityStoreId": got "one"; expected a positive whole number',
    );
    expect(readdirSync(project)).toEqual(["config"]);
  });
});
