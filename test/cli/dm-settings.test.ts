import { APP_CLIENT_SECRET, useCliWorld, type CliWorld } from "./support/cli-world";
import { DM_API_CREDENTIALS } from "./support/fake-directory-manager-api";
import { FUNCTION_KEY } from "./support/fake-azure";

let w: CliWorld;
useCliWorld((world) => (w = world));

const withKey = (w: CliWorld, route: string) => `${w.routeUrl(route)}?code=${encodeURIComponent(FUNCTION_KEY)}`;

describe("dmflow dm-settings (diff)", () => {
  test("no change: every line is =, exit 0, nothing written", async () => {
    const result = await w.run("dm-settings");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Power Automate settings of identity store 2 \(registered\)$/m);
    expect(result.stdout).toMatch(/^ {2}= Region {13}crm4$/m);
    expect(result.stdout).toMatch(
      /^ {2}= Create User {8}https:\/\/127\.0\.0\.1:\d+\/api\/flows\/create-user\?code=\*\*\*$/m,
    );
    expect(result.stdout).toMatch(/✓ Directory Manager matches the stack\./);
    expect(w.dm.writes()).toEqual([]);
  });

  test.each([
    ["organizationalCode", "Organization Code", "fabrikam", "contoso"],
    ["region", "Region", "crm", "crm4"],
    ["tenantID", "Tenant ID", "99999999-2222-3333-4444-555555555555", "11111111-2222-3333-4444-555555555555"],
    ["groupIDServiceUrl", "Service URL", "https://old-dm.contoso.test", "https://dm.contoso.test"],
  ])("a changed %s shows current → stack, exits 1 and writes nothing", async (field, label, current, desired) => {
    w.dm.settings = { ...w.dm.settings, [field]: current };
    const result = await w.run("dm-settings");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`  ~ ${label.padEnd(17)}  ${current} → ${desired}`);
    expect(result.stdout).toMatch(/✗ 1 setting differs\. Nothing was changed: run again with --apply to write them\./);
    expect(w.dm.writes()).toEqual([]);
  });

  test("the Client ID is compared when Directory Manager returns it", async () => {
    w.dm.returnsClientId = true;
    w.dm.settings = { ...w.dm.settings, clientID: "99999999-7777-8888-9999-000000000000" };
    const result = await w.run("dm-settings");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "~ Client ID          99999999-7777-8888-9999-000000000000 → 66666666-7777-8888-9999-000000000000",
    );
  });

  test("a route pointing elsewhere, one with an old function key, and one missing", async () => {
    w.dm.routes = [
      { ...w.dm.routes[1], msFlowRequestUrl: `${w.routeUrl("create-user")}?code=OLDKEY123` },
      { workflowRouteId: 12, name: "Something Else", msFlowRequestUrl: null },
    ];
    const result = await w.run("dm-settings");
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /~ Create User {8}https:\/\/127\.0\.0\.1:\d+\/api\/flows\/create-user\?code=\*\*\* \(same URL, another function key\)/,
    );
    expect(result.stdout).toMatch(
      /! Delete User {8}no workflow route of this name in Directory Manager: create it in Admin Center, then run again/,
    );
    expect(result.stdout).toMatch(/Manual steps left:\n {2}- create the workflow route "Delete User" in Admin Center/);
  });

  test("--json gives the same diff as data", async () => {
    w.dm.settings = { ...w.dm.settings, region: "crm" };
    const result = await w.run("dm-settings", "--json");
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      command: "dm-settings",
      environment: "prod",
      ok: false,
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
    expect(report.before.routes[0].desired).toMatch(/\/api\/flows\/create-user\?code=\*\*\*$/);
  });
});

describe("dmflow dm-settings --apply", () => {
  test("on a fresh identity store: registers the settings, sets both routes, reads back and shows they match", async () => {
    w.freshDirectoryManager();
    const result = await w.run("dm-settings", "--apply");
    expect(result.code).toBe(0);
    expect(w.dm.writes()).toEqual([
      "POST /GroupIDDataService/api/IdentityStores/2/Workflows/MsFlow/Settings",
      "PATCH /GroupIDDataService/api/IdentityStores/2/Workflows/Route",
      "PATCH /GroupIDDataService/api/IdentityStores/2/Workflows/Route",
    ]);
    expect(w.dm.settings).toMatchObject({
      organizationalCode: "contoso",
      region: "crm4",
      clientID: "66666666-7777-8888-9999-000000000000",
      clientSecret: APP_CLIENT_SECRET,
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
      /Written: settings \(Organization Code, Region, Tenant ID, Client ID, Service URL, client secret\), route "Create User", route "Delete User"\. Read back:/,
    );
    expect(result.stdout).toMatch(
      /Read back:\nPower Automate settings of identity store 2 \(registered, not authenticated\)\n {2}= Organization Code/,
    );
    expect(result.stdout).toMatch(/✓ Directory Manager now matches the stack\./);
    expect(result.stdout).toMatch(/- click Authenticate/);
    expect(result.stderr).toMatch(/… writing route "Delete User"/);
  });

  test("on existing settings: PATCHes only what differs and keeps Directory Manager's own fields", async () => {
    w.dm.settings = { ...w.dm.settings, region: "crm" };
    const result = await w.run("dm-settings", "--apply");
    expect(result.code).toBe(0);
    expect(w.dm.writes()).toEqual(["PATCH /GroupIDDataService/api/IdentityStores/2/Workflows/MsFlow/Settings"]);
    const patch = w.dm.requests.find((r) => r.method === "PATCH")!.body as Record<string, unknown>;
    expect(patch).toMatchObject({
      msFlowID: 1,
      isAuthenticated: true,
      region: "crm4",
      clientSecret: APP_CLIENT_SECRET,
    });
  });

  test("in sync: writes nothing, unless --push-client-secret hands over a rotated secret", async () => {
    expect((await w.run("dm-settings", "--apply")).stdout).toMatch(
      /✓ Directory Manager already matches the stack; nothing written\./,
    );
    expect(w.dm.writes()).toEqual([]);
    w.vault.set("directory-manager-client-secret", { value: "rotated-SECRET-value-77", enabled: true });
    const pushed = await w.run("dm-settings", "--apply", "--push-client-secret");
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toMatch(/Written: settings \(client secret\)\./);
    expect(w.dm.settings?.clientSecret).toBe("rotated-SECRET-value-77");
    expect(pushed.stdout + pushed.stderr).not.toContain("rotated-SECRET-value-77");
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
        /^dmflow: Directory Manager's Data Service \(PATCH https:\/\/127\.0\.0\.1:\d+\/GroupIDDataService\/api\/IdentityStores\/2\/Workflows\/Route\) answered 500 \(The route could not be saved: https:\/\/127\.0\.0\.1:\d+\/api\/flows\/delete-user\?code=\*\*\*\); .* — written: settings \(Organization Code, Region, Tenant ID, Client ID, Service URL, client secret\), route "Create User"; not written: route "Delete User"; run the same command again: it writes only what still differs$/,
      ),
    ]);
    w.dm.failRouteUpdates.clear();
    w.dm.requests.length = 0;
    const rerun = await w.run("dm-settings", "--apply");
    expect(rerun.code).toBe(0);
    expect(w.dm.writes()).toEqual(["PATCH /GroupIDDataService/api/IdentityStores/2/Workflows/Route"]);
    expect(rerun.stdout).toMatch(/Written: route "Delete User"\. Read back:/);
  });

  test("a token that expires during the run is renewed once, and the run completes", async () => {
    w.freshDirectoryManager();
    w.dm.expireTokensBeforeNextCall = true;
    const result = await w.run("dm-settings", "--apply");
    expect(result.code).toBe(0);
    expect(w.dm.issuedTokens).toHaveLength(2);
    expect(w.dm.requests.filter((r) => r.path.endsWith("/connect/token"))).toHaveLength(2);
  });

  test("credentials from environment variables instead of Key Vault", async () => {
    w.env = {
      DMFLOW_DM_USERNAME: DM_API_CREDENTIALS.username,
      DMFLOW_DM_PASSWORD: DM_API_CREDENTIALS.password,
      DMFLOW_DM_CLIENT_ID: DM_API_CREDENTIALS.clientId,
      DMFLOW_DM_CLIENT_SECRET: DM_API_CREDENTIALS.clientSecret,
      DMFLOW_APP_CLIENT_SECRET: "from-env-SECRET-1",
    };
    w.freshDirectoryManager();
    const result = await w.run("dm-settings", "--apply");
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/credentials from environment variables/);
    expect(w.vault.valuesRead).toEqual([]);
    expect(w.dm.settings?.clientSecret).toBe("from-env-SECRET-1");
    expect(result.stdout + result.stderr).not.toContain("from-env-SECRET-1");
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
