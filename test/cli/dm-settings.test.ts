import { useCliWorld, type CliWorld } from "./support/cli-world";
import { DM_API_CREDENTIALS, SETTINGS_KEYS, sampleRoute } from "./support/fake-directory-manager-api";
import { FUNCTION_KEY } from "./support/fake-azure";

let w: CliWorld;
useCliWorld((world) => (w = world));

const withKey = (w: CliWorld, route: string) => `${w.routeUrl(route)}?code=${encodeURIComponent(FUNCTION_KEY)}`;
const SETTINGS_PATH = "/GroupIDDataService/api/IdentityStores/2/Workflows/MsFlow/Settings";
const ROUTE_PATH = "/GroupIDDataService/api/IdentityStores/2/Workflows/Route";
const pad = (label: string) => label.padEnd(18);

describe("dmflow dm-settings (diff)", () => {
  test("no change: every line is =, each route's template and token shown, exit 0, nothing written", async () => {
    const result = await w.run("dm-settings");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Power Automate settings of identity store 2 \(registered, isAuthenticated true\)$/m,
    );
    expect(result.stdout).toContain(`  = ${pad("Region")}  crm4`);
    expect(result.stdout).toContain(`  = ${pad("Proxy Callback URL")}  https://dm.contoso.test/GroupIDDataService`);
    expect(result.stdout).toMatch(
      /^ {2}= Create User {9}https:\/\/127\.0\.0\.1:\d+\/api\/flows\/create-user\?code=\*\*\*$/m,
    );
    expect(result.stdout).toMatch(/^ {6}request URL set, flow template, msFlowToken$/m);
    expect(result.stdout).toMatch(/✓ Directory Manager matches the stack in every field its API shows\./);
    // The Client ID is not in the documented shape: never called confirmed.
    expect(result.stdout).toContain(
      `  ? ${pad("Client ID")}  66666666-7777-8888-9999-000000000000 (not in the 11.1 API`,
    );
    expect(result.stdout).toMatch(/Client ID and Client Secret are set only in Admin Center → .* → Register Client/);
    expect(w.dm.writes()).toEqual([]);
  });

  test.each([
    ["organizationalCode", "Organization Code", "fabrikam", "contoso"],
    ["region", "Region", "crm", "crm4"],
    ["tenantID", "Tenant ID", "99999999-2222-3333-4444-555555555555", "11111111-2222-3333-4444-555555555555"],
  ])("a changed %s shows current → stack, exits 1 and writes nothing", async (field, label, current, desired) => {
    w.dm.settings = { ...w.dm.settings, [field]: current };
    const result = await w.run("dm-settings");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`  ~ ${pad(label)}  ${current} → ${desired}`);
    expect(result.stdout).toMatch(/✗ 1 setting differs\. Nothing was changed: run again with --apply to write them\./);
    expect(w.dm.writes()).toEqual([]);
  });

  test("a callback URL with another path: the diff says it is replaced only because the config names the new one", async () => {
    w.dm.settings = { ...w.dm.settings, groupIDServiceUrl: "https://proxy.contoso.test:5555" };
    const result = await w.run("dm-settings");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `  ~ ${pad("Proxy Callback URL")}  https://proxy.contoso.test:5555 → https://dm.contoso.test/GroupIDDataService (the current URL has a path or port; it is replaced only because flowEnvironment.groupIDServiceUrl names https://dm.contoso.test/GroupIDDataService)`,
    );
  });

  test("a Client ID that a server does return is compared, and fixed by hand (never written)", async () => {
    w.dm.returnsClientId = "99999999-7777-8888-9999-000000000000";
    const result = await w.run("dm-settings", "--apply");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `  ! ${pad("Client ID")}  99999999-7777-8888-9999-000000000000, the stack's is 66666666-7777-8888-9999-000000000000: change it in Admin Center → Register Client`,
    );
    expect(w.dm.writes()).toEqual([]);
  });

  test("routes with and without templates: the route, what is missing and the console step", async () => {
    w.dm.routes = [
      { ...w.dm.routes[1], msFlowRequestUrl: `${w.routeUrl("create-user")}?code=OLDKEY123` },
      sampleRoute(11, "Delete User", withKey(w, "delete-user")), // no template, no token: allwfroutes.md's defaults
      sampleRoute(12, "Something Else"),
    ];
    const result = await w.run("dm-settings");
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /~ Create User {9}https:\/\/127\.0\.0\.1:\d+\/api\/flows\/create-user\?code=\*\*\* \(same URL, another function key\)\n {6}request URL differs, flow template, msFlowToken/,
    );
    expect(result.stdout).toMatch(/= Delete User .*\n {6}request URL set, no flow template, no msFlowToken/);
    expect(result.stdout).toMatch(
      /- route "Delete User" \(no flow template, no msFlowToken\): Admin Center → .* → Configure Workflows → "Delete User" → Edit → Power Automate Settings → Create Template/,
    );
    expect(result.stdout).toMatch(/then My Flows → … → Turn on/);
  });

  test("a route missing from Directory Manager: create it in the console (dmflow does not create routes)", async () => {
    w.dm.routes = [w.dm.routes[1]];
    const result = await w.run("dm-settings");
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/! Delete User {9}no workflow route of this name in Directory Manager/);
    expect(result.stdout).toMatch(
      /- create the workflow route "Delete User" \(Admin Center → .* → Configure Workflows;/,
    );
  });

  test("--json gives the same diff as data, per route too", async () => {
    w.dm.settings = { ...w.dm.settings, region: "crm" };
    const result = await w.run("dm-settings", "--json");
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      command: "dm-settings",
      environment: "prod",
      ok: false,
      exitCode: 1,
      applied: false,
      written: [],
    });
    expect(report.before.settings.find((s: { field: string }) => s.field === "region")).toEqual({
      field: "region",
      label: "Region",
      current: "crm",
      desired: "crm4",
      state: "differs",
    });
    expect(report.before.routes[0]).toMatchObject({ templateCreated: true, tokenPresent: true });
    expect(report.before.routes[0].desired).toMatch(/\/api\/flows\/create-user\?code=\*\*\*$/);
    expect(report.docsRevision).toMatch(/^netwrix\/docs@e4c25beb /);
  });
});

describe("dmflow dm-settings --apply", () => {
  test("on a fresh identity store: POSTs the documented keys only, sets both routes, reads back and shows they match", async () => {
    w.freshDirectoryManager();
    const result = await w.run("dm-settings", "--apply");
    expect(result.code).toBe(0);
    expect(w.dm.writes()).toEqual([`POST ${SETTINGS_PATH}`, `PATCH ${ROUTE_PATH}`, `PATCH ${ROUTE_PATH}`]);
    const post = w.dm.requests.find((r) => r.method === "POST" && r.path === SETTINGS_PATH)!.body as object;
    expect(Object.keys(post).sort()).toEqual([...SETTINGS_KEYS].sort());
    expect(post).toMatchObject({ msFlowID: 0, groupIDServiceUrl: "https://dm.contoso.test/GroupIDDataService" });
    expect(w.dm.settings).toMatchObject({
      msFlowID: 3,
      organizationalCode: "contoso",
      region: "crm4",
      identityStoreID: 2,
    });
    expect(w.dm.routes.map((r) => r.msFlowRequestUrl)).toEqual([
      null,
      withKey(w, "create-user"),
      withKey(w, "delete-user"),
    ]);
    // The rest of each route is written back as read.
    expect(w.dm.routes[1]).toMatchObject({
      workflowRouteId: 10,
      name: "Create User",
      routeFieldDTOList: [{ field: "department" }],
    });
    expect(result.stdout).toMatch(
      /Written: settings \(Organization Code, Region, Tenant ID, Proxy Callback URL\), route "Create User", route "Delete User"\. Read back:/,
    );
    expect(result.stdout).toMatch(/✓ Directory Manager matches the stack in every field its API shows \(read back\)\./);
    expect(result.stdout).toMatch(/- route "Create User" \(no flow template, no msFlowToken\): .* → Create Template/);
    expect(result.stderr).toMatch(/… writing route "Delete User"/);
  });

  test("on existing settings: PATCHes only what differs and keeps Directory Manager's own fields", async () => {
    w.dm.settings = { ...w.dm.settings, region: "crm" };
    const result = await w.run("dm-settings", "--apply");
    expect(result.code).toBe(0);
    expect(w.dm.writes()).toEqual([`PATCH ${SETTINGS_PATH}`]);
    const patch = w.dm.requests.find((r) => r.method === "PATCH")!.body as Record<string, unknown>;
    expect(patch).toEqual({ ...w.dm.settings, region: "crm4" });
    expect(patch).not.toHaveProperty("clientSecret");
  });

  test("in sync: writes nothing; --push-client-secret is refused, naming Register Client", async () => {
    expect((await w.run("dm-settings", "--apply")).stdout).toMatch(/its API shows; nothing written\./);
    expect(w.dm.writes()).toEqual([]);
    const pushed = await w.run("dm-settings", "--apply", "--push-client-secret");
    expect(pushed.code).toBe(2);
    expect(pushed.stderr).toMatch(/--push-client-secret: dmflow no longer sends the Client Secret: .*Register Client/);
  });

  test("a failure halfway says what was written and what was not; the re-run writes only the rest", async () => {
    w.freshDirectoryManager();
    w.dm.failRouteUpdates.add("Delete User");
    const failed = await w.run("dm-settings", "--apply");
    expect(failed.code).toBe(2);
    expect(
      failed.stderr
        .trim()
        .split("\n")
        .filter((l) => !l.startsWith("…")),
    ).toEqual([
      expect.stringMatching(
        /^dmflow: Directory Manager's Data Service \(PATCH https:\/\/127\.0\.0\.1:\d+\/GroupIDDataService\/api\/IdentityStores\/2\/Workflows\/Route\) answered 500 \(The route could not be saved: https:\/\/127\.0\.0\.1:\d+\/api\/flows\/delete-user\?code=\*\*\*\); .* — written: settings \(Organization Code, Region, Tenant ID, Proxy Callback URL\), route "Create User"; not written: route "Delete User"; run the same command again: it reads what Directory Manager holds and writes only what still differs$/,
      ),
    ]);
    w.dm.failRouteUpdates.clear();
    w.dm.requests.length = 0;
    const rerun = await w.run("dm-settings", "--apply");
    expect(rerun.code).toBe(0);
    expect(w.dm.writes()).toEqual([`PATCH ${ROUTE_PATH}`]);
    expect(rerun.stdout).toMatch(/Written: route "Delete User"\. Read back:/);
  });

  test("--json after a failed write carries written, notWritten and unknown as lists", async () => {
    w.freshDirectoryManager();
    w.dm.failRouteUpdates.add("Delete User");
    const failed = await w.run("dm-settings", "--apply", "--json");
    expect(failed.code).toBe(2);
    expect(JSON.parse(failed.stdout)).toMatchObject({
      ok: false,
      written: ["settings (Organization Code, Region, Tenant ID, Proxy Callback URL)", 'route "Create User"'],
      notWritten: ['route "Delete User"'],
      unknown: [],
    });
  });

  test("a token that expires during the run is renewed once, and the run completes", async () => {
    w.freshDirectoryManager();
    w.dm.expireTokensBeforeNextCall = true;
    const result = await w.run("dm-settings", "--apply");
    expect(result.code).toBe(0);
    expect(w.dm.issuedTokens).toHaveLength(2);
    expect(w.dm.requests.filter((r) => r.path.endsWith("/connect/token"))).toHaveLength(2);
  });

  test("credentials from environment variables instead of Key Vault; no app client secret is read", async () => {
    w.env = {
      DMFLOW_DM_USERNAME: DM_API_CREDENTIALS.username,
      DMFLOW_DM_PASSWORD: DM_API_CREDENTIALS.password,
      DMFLOW_DM_CLIENT_ID: DM_API_CREDENTIALS.clientId,
      DMFLOW_DM_CLIENT_SECRET: DM_API_CREDENTIALS.clientSecret,
    };
    w.freshDirectoryManager();
    const result = await w.run("dm-settings", "--apply");
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/credentials from environment variables/);
    expect(w.vault.valuesRead).toEqual([]);
  });

  test("half the credential variables set is an error naming the missing ones", async () => {
    w.env = { DMFLOW_DM_USERNAME: "someone", DMFLOW_DM_PASSWORD: "pw-SECRET-1234" };
    const result = await w.run("dm-settings");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /dmflow: Directory Manager credentials: DMFLOW_DM_CLIENT_ID, DMFLOW_DM_CLIENT_SECRET are not set/,
    );
  });
});
