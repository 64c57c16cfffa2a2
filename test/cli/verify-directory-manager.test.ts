/** dmflow verify's Directory Manager checks: settings, each route's set-up, the callback URL's certificate. */
import { checkBlock } from "./support/check-block";
import { closedPort } from "./support/closed-port";
import { useCliWorld, type CliWorld } from "./support/cli-world";

let w: CliWorld;
useCliWorld((world) => (w = world));

describe("dmflow verify: Directory Manager", () => {
  test("Directory Manager settings: the evidence per route, and the Client ID never called confirmed", async () => {
    const block = checkBlock((await w.run("verify")).stdout, "Directory Manager settings");
    expect(block).toMatch(/^ {4}isAuthenticated: true$/m);
    expect(block).toMatch(/^ {4}route "Create User": request URL set, flow template, msFlowToken$/m);
    expect(block).toMatch(/^ {4}Client ID, Client Secret: not in the 11\.1 API \(Admin Center → Register Client\)$/m);
  });

  test("Directory Manager settings fail when they differ or isAuthenticated is false, naming dm-settings --apply and Register Client", async () => {
    w.dm.settings = { ...w.dm.settings, region: "crm", isAuthenticated: false };
    const block = checkBlock((await w.run("verify")).stdout, "Directory Manager settings");
    expect(block).toMatch(/^ {4}Region differs: crm → crm4$/m);
    expect(block).toMatch(/^ {4}isAuthenticated: false$/m);
    expect(block).toMatch(
      /fix: run dmflow dm-settings --env prod --apply; then isAuthenticated is false: save Register Client again/,
    );
  });

  test("a missing isAuthenticated is unknown, and does not fail the check by itself", async () => {
    const { isAuthenticated: _unknown, ...rest } = w.dm.settings!;
    w.dm.settings = rest;
    const result = await w.run("verify");
    expect(checkBlock(result.stdout, "Directory Manager settings")).toMatch(
      /^✓[\s\S]*isAuthenticated: unknown \(not in the answer\)$/m,
    );
  });

  test("routes in sync but not set up (no template, no msFlowToken): verify fails naming the route and the console step", async () => {
    w.dm.routes = w.dm.routes.map((r) =>
      r.name === "Delete User" ? { ...r, isMsFlowTemplateRouteCreated: false, msFlowToken: null } : r,
    );
    const result = await w.run("verify");
    expect(result.code).toBe(1);
    const block = checkBlock(result.stdout, "Directory Manager settings");
    expect(block).toMatch(/^✗ Directory Manager settings/);
    expect(block).toMatch(/^ {4}route "Delete User": request URL set, no flow template, no msFlowToken$/m);
    expect(block).toMatch(
      /fix: route "Delete User" \(no flow template, no msFlowToken\): Admin Center → Identity Stores → \(your store\) → Edit → Workflows → Configure Workflows → "Delete User" → Edit → Power Automate Settings → Create Template$/m,
    );
  });

  test("--check-callback-url trusts only public roots: a certificate from the test CA fails even with --ca-file", async () => {
    const settings = w.outputs.directory_manager_settings as Record<string, unknown>;
    w.outputs.directory_manager_settings = { ...settings, groupIDServiceUrl: `${w.dm.baseUrl}/GroupIDDataService` };
    w.writeOutputs();
    const result = await w.run("verify", "--check-callback-url", "--json");
    expect(result.code).toBe(1);
    const check = JSON.parse(result.stdout).checks.find((c: { id: string }) => c.id === "callback-url");
    expect(check).toMatchObject({
      status: "fail",
      evidence: [
        expect.stringMatching(
          /^GET https:\/\/127\.0\.0\.1:\d+\/GroupIDDataService: its certificate is not trusted by the public roots \(\w+\)$/,
        ),
      ],
      fix: expect.stringMatching(/^Power Automate rejects certificates from internal or private CAs/),
    });
    // Only with the flag: verify leaves the check out otherwise.
    const plain = JSON.parse((await w.run("verify", "--json")).stdout);
    expect(plain.checks.map((c: { id: string }) => c.id)).not.toContain("callback-url");
  });

  test("an unreachable Directory Manager fails its check; the other checks still run", async () => {
    // A port nothing listens on: refused at once, no deadline to wait out.
    const port = await closedPort();
    const result = await w.run("verify", "--json", "--dm-url", `https://127.0.0.1:${port}`);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.checks.map((c: { id: string; status: string }) => `${c.id}:${c.status}`)).toEqual([
      "relay-health:pass",
      "relay-code:pass",
      "key-vault-secrets:pass",
      "admin-consent:pass",
      "directory-manager-settings:fail",
      "queues:pass",
    ]);
    expect(report.checks[4].evidence[0]).toMatch(/^cannot reach Directory Manager's security service .*ECONNREFUSED/);
  });
});
