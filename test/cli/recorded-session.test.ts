/**
 * docs/cli.md shows a terminal session of dmflow against the loopback fakes. This test plays the
 * session again and compares: the docs cannot drift from what the command prints.
 * Rewrite the block after a deliberate change: DMFLOW_RECORD=1 npx jest test/cli/recorded-session.test.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FLOW_TOKEN, useCliWorld, type CliWorld } from "./support/cli-world";
import { writeRelayZip } from "./support/fake-kudu";

let w: CliWorld;
useCliWorld((world) => (w = world));

const DOC = join(__dirname, "..", "..", "docs", "cli.md");
const START = "<!-- recorded-session:start -->";
const END = "<!-- recorded-session:end -->";
/** The docs' clock: secret expiry dates are printed relative to it. */
const NOW = Date.parse("2026-12-01T09:00:00Z");

/** Loopback ports and temporary paths as a reader's set-up would show them. */
function asInTheDocs(text: string): string {
  return text
    .replaceAll(w.dm.baseUrl, "https://dm.contoso.test:4443")
    .replaceAll(w.azure.baseUrl, "https://dm-prod-relay.azurewebsites.net")
    .replaceAll(w.azure.kudu.host, "dm-prod-relay.scm.azurewebsites.net")
    .replaceAll(`${w.dir}/`, "")
    .replaceAll(w.dir, ".");
}

async function session(): Promise<string> {
  await w.reset(NOW);
  w.makeStackFolder("prod");
  w.env = { DMFLOW_DM_URL: w.dm.baseUrl };
  w.freshDirectoryManager();
  const steps: [string, string[], () => void][] = [
    [
      "dmflow deploy-code --env prod",
      ["deploy-code", "--env", "prod", "--ca-file", w.caFile, "--poll-ms", "10"],
      () => void writeRelayZip(w.dir, '{"version":"2.0"}'),
    ],
    [
      "dmflow dm-settings --env prod --ca-file internal-ca.pem",
      ["dm-settings", "--env", "prod", "--ca-file", w.caFile],
      () => undefined,
    ],
    [
      "dmflow dm-settings --env prod --ca-file internal-ca.pem --apply",
      ["dm-settings", "--env", "prod", "--ca-file", w.caFile, "--apply"],
      () => undefined,
    ],
    [
      "dmflow verify --env prod --ca-file internal-ca.pem --send-test-event create-user",
      ["verify", "--env", "prod", "--ca-file", w.caFile, "--send-test-event", "create-user"],
      () => undefined,
    ],
    // What only the console does (the targeted docs revision): Register Client, Create Template per route.
    [
      "# (Admin Center: Register Client with Client ID and Client Secret; each route: Edit → Power Automate Settings → Create Template)",
      [],
      () => {
        w.dm.settings = { ...w.dm.settings, isAuthenticated: true };
        w.dm.routes = w.dm.routes.map((r) =>
          r.name === "Create User" || r.name === "Delete User"
            ? { ...r, isMsFlowTemplateRouteCreated: true, msFlowToken: FLOW_TOKEN }
            : r,
        );
      },
    ],
    [
      "dmflow verify --env prod --ca-file internal-ca.pem",
      ["verify", "--env", "prod", "--ca-file", w.caFile],
      () => undefined,
    ],
    // A server that answers a documented field under another name: written, but not confirmable.
    [
      '# (another Directory Manager: it answers "Region" instead of "region"; its Organization Code was changed by hand)',
      [],
      () => {
        w.dm.renames = { region: "Region" };
        w.dm.settings = { ...w.dm.settings, organizationalCode: "fabrikam" };
      },
    ],
    [
      "dmflow dm-settings --env prod --ca-file internal-ca.pem --apply",
      ["dm-settings", "--env", "prod", "--ca-file", w.caFile, "--apply"],
      () => undefined,
    ],
  ];
  const lines = [
    `$ export DMFLOW_DM_URL=https://dm.contoso.test:4443   # credentials: DMFLOW_DM_* or the stack's Key Vault`,
  ];
  for (const [shown, argv, before] of steps) {
    before();
    if (argv.length === 0) {
      lines.push(shown);
      continue;
    }
    const result = await w.runRaw(argv);
    lines.push(`$ ${shown}`, result.terminal.trimEnd(), `$ echo $?`, String(result.code));
  }
  return asInTheDocs(lines.join("\n"));
}

test("docs/cli.md's recorded session is what dmflow prints", async () => {
  const recorded = await session();
  const doc = readFileSync(DOC, "utf8");
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  const block = `${START}\n\`\`\`text\n${recorded}\n\`\`\`\n`;
  if (process.env.DMFLOW_RECORD === "1") writeFileSync(DOC, `${doc.slice(0, start)}${block}${doc.slice(end)}`);
  else expect(doc.slice(start, end)).toBe(block);
});
