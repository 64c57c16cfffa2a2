/**
 * dm-settings against Directory Manager as the Netwrix 11.1 docs describe it (the fake answers with
 * the docs' sample bodies, each cited in support/fake-directory-manager-api.ts): a store set up by
 * hand survives --apply, nothing unconfirmable is called confirmed, and the shapes the docs leave
 * open (other names, msFlowID 0, no answer) end honestly.
 */
import { STACK_SETTINGS, useCliWorld, type CliWorld } from "./support/cli-world";
import { OLDER_REVISION_CALLBACK_URL, SAMPLE_SETTINGS, sampleRoute } from "./support/fake-directory-manager-api";

let w: CliWorld;
useCliWorld((world) => (w = world));

const SETTINGS_PATH = "/GroupIDDataService/api/IdentityStores/2/Workflows/MsFlow/Settings";
const ROUTE_PATH = "/GroupIDDataService/api/IdentityStores/2/Workflows/Route";

/** The stack's outputs with the settings document changed (e.g. no callback URL configured). */
function stackSettings(change: (settings: Record<string, unknown>) => void): void {
  const settings = { ...(w.outputs.directory_manager_settings as Record<string, unknown>) };
  change(settings);
  w.outputs.directory_manager_settings = settings;
  w.writeOutputs();
}

describe("a store configured by hand, as the docs describe", () => {
  // getpowerautomatesettings.md's sample (a path, @2aa9036f) and the older console revision's
  // Proxy Callback URL (a port, admincenter/workflow/integrate.md @53b3e0a0): both docs revisions.
  test.each([SAMPLE_SETTINGS.groupIDServiceUrl, OLDER_REVISION_CALLBACK_URL])(
    "callback URL %s and a pasted flow URL survive --apply unchanged where the config agrees",
    async (callbackUrl) => {
      const pastedFlowUrl = `${w.harness.flow.url}`;
      w.dm.settings = { ...w.dm.settings, groupIDServiceUrl: callbackUrl, region: "crm" };
      w.dm.routes = [w.dm.routes[1], { ...w.dm.routes[2], msFlowRequestUrl: pastedFlowUrl }];
      stackSettings((s) => (s.groupIDServiceUrl = callbackUrl));
      // The relay serves create-user only: Delete User keeps the flow URL pasted in the console.
      w.outputs.relay_route_urls = { "create-user": w.routeUrl("create-user") };
      w.writeOutputs();
      const result = await w.run("dm-settings", "--apply");
      expect(result.code).toBe(0);
      expect(w.dm.writes()).toEqual([`PATCH ${SETTINGS_PATH}`]);
      expect(w.dm.settings).toMatchObject({ groupIDServiceUrl: callbackUrl, region: "crm4" });
      expect(w.dm.routes[1].msFlowRequestUrl).toBe(pastedFlowUrl);
    },
  );

  test.each([SAMPLE_SETTINGS.groupIDServiceUrl, OLDER_REVISION_CALLBACK_URL])(
    "no callback URL in the config: %s is shown as not managed and kept by --apply",
    async (callbackUrl) => {
      w.dm.settings = { ...w.dm.settings, groupIDServiceUrl: callbackUrl, region: "crm" };
      stackSettings((s) => delete s.groupIDServiceUrl);
      const result = await w.run("dm-settings", "--apply");
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(
        `  - Proxy Callback URL  ${callbackUrl} (flowEnvironment.groupIDServiceUrl is not set, so dmflow leaves this field alone)`,
      );
      const patch = w.dm.requests.find((r) => r.method === "PATCH" && r.path === SETTINGS_PATH)?.body;
      expect(patch).toMatchObject({ groupIDServiceUrl: callbackUrl });
      expect(w.dm.settings?.groupIDServiceUrl).toBe(callbackUrl);
    },
  );

  test("outputs of an older version (callback URL derived from the server) keep the store's URL, saying why", async () => {
    stackSettings((s) => {
      s.groupIDServiceUrl = "https://dm.contoso.test";
      delete s.directoryManagerServer;
    });
    w.dm.settings = { ...w.dm.settings, region: "crm" };
    const result = await w.run("dm-settings", "--apply");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /! Proxy Callback URL {2}https:\/\/dm\.contoso\.test\/GroupIDDataService kept, not replaced by https:\/\/dm\.contoso\.test \(the stack's value was derived from directoryManagerServer by an older version/,
    );
    expect(w.dm.settings?.groupIDServiceUrl).toBe(STACK_SETTINGS.groupIDServiceUrl);
  });

  test("without --dm-url, the API base is the server's host on :4443, never the callback URL's host", async () => {
    // Loopback only: the server's host is 127.0.0.1, the callback URL's another host and port.
    stackSettings((s) => {
      s.groupIDServiceUrl = "https://proxy.contoso.test:5555/x";
      s.directoryManagerServer = "https://127.0.0.1";
    });
    const result = await w.runRaw(["dm-settings", "--env", "prod", "--outputs", w.outputsFile, "--ca-file", w.caFile]);
    expect(result.stderr).toMatch(/signing in to Directory Manager at https:\/\/127\.0\.0\.1:4443 /);
    expect(result.stderr).not.toMatch(/proxy\.contoso\.test:5555\/GroupID/);
  });
});

describe("what cannot be confirmed is not called confirmed", () => {
  test("a server that drops unknown fields: dmflow sends none, and the Client ID stays unconfirmed (?)", async () => {
    w.freshDirectoryManager();
    const result = await w.run("dm-settings", "--apply");
    expect(result.code).toBe(0);
    const post = w.dm.requests.find((r) => r.method === "POST" && r.path === SETTINGS_PATH)?.body as object;
    expect(post).not.toHaveProperty("clientID");
    expect(post).not.toHaveProperty("clientSecret");
    expect(result.stdout.split("Read back:")[1]).toMatch(
      /\? Client ID {11}66666666-7777-8888-9999-000000000000 \(not in the 11\.1 API/,
    );
  });

  test("settings under other names: written, cannot be confirmed, exit 3; the next run writes nothing and says so again", async () => {
    w.freshDirectoryManager();
    w.dm.renames = { region: "Region" };
    const applied = await w.run("dm-settings", "--apply");
    expect(applied.code).toBe(3);
    expect(applied.stdout).toMatch(
      /Read back:[\s\S]*\? Region {14}crm4 \(not in Directory Manager's answer: cannot be confirmed/,
    );
    expect(applied.stdout).toMatch(/^Applied with unconfirmed fields: Region: cannot be confirmed/m);
    expect(applied.stdout).not.toMatch(/✓/);
    w.dm.requests.length = 0;
    const again = await w.run("dm-settings", "--apply");
    expect(again.code).toBe(3);
    expect(w.dm.writes()).toEqual([]);
    expect(JSON.parse((await w.run("dm-settings", "--json")).stdout)).toMatchObject({
      ok: false,
      exitCode: 3,
      unconfirmed: ["region"],
    });
  });

  test("msFlowID 0 with empty fields is not registered: --apply POSTs (not a PATCH answered false forever)", async () => {
    w.dm.settings = {
      ...SAMPLE_SETTINGS,
      msFlowID: 0,
      msFlowUserID: null,
      groupIDServiceUrl: null,
      organizationalCode: "",
      region: "",
      tenantID: "",
    };
    const result = await w.run("dm-settings", "--apply");
    expect(result.stdout).toMatch(/^Power Automate settings of identity store 2 \(not registered yet\)$/m);
    expect(result.code).toBe(0);
    expect(w.dm.writes()).toEqual([`POST ${SETTINGS_PATH}`]);
    expect(w.dm.settings).toMatchObject({ msFlowID: 3, region: "crm4" });
  });

  test("a store without settings and no callback URL configured: nothing is registered, and the field is named", async () => {
    w.freshDirectoryManager();
    stackSettings((s) => delete s.groupIDServiceUrl);
    const result = await w.run("dm-settings", "--apply", "--json");
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({
      error: expect.stringMatching(/set flowEnvironment\.groupIDServiceUrl/),
      written: [],
    });
    expect(w.dm.writes()).toEqual([]);
  });
});

describe("a write applied but never answered", () => {
  test("is reported as outcome unknown (not 'not written'); the re-run reads and writes only the rest", async () => {
    w.freshDirectoryManager();
    w.dm.applyThenHang = "PATCH Route";
    // A short configured deadline: the test never waits out a real multi-second timeout.
    const failed = await w.run("dm-settings", "--apply", "--json", "--timeout", "0.5");
    expect(failed.code).toBe(2);
    expect(JSON.parse(failed.stdout)).toMatchObject({
      written: ["settings (Organization Code, Region, Tenant ID, Proxy Callback URL)"],
      unknown: ['route "Create User"'],
      notWritten: ['route "Delete User"'],
    });
    expect(failed.stderr).toMatch(
      /outcome unknown \(sent, no answer\): route "Create User"; not written: route "Delete User"/,
    );
    // The server did apply it: the re-run finds it and writes only Delete User.
    w.dm.applyThenHang = undefined;
    w.dm.requests.length = 0;
    const rerun = await w.run("dm-settings", "--apply");
    expect(rerun.code).toBe(0);
    expect(w.dm.writes()).toEqual([`PATCH ${ROUTE_PATH}`]);
  });
});

describe("routes as the docs show them", () => {
  test("allwfroutes.md's sample route (no template, no token) next to one set up in the console", async () => {
    w.dm.routes = [
      sampleRoute(10, "Create User", w.dm.routes[1].msFlowRequestUrl as string, {
        template: true,
        token: "t0ken-SECRET-1",
      }),
      sampleRoute(11, "Delete User", w.dm.routes[2].msFlowRequestUrl as string),
    ];
    const report = JSON.parse((await w.run("dm-settings", "--json")).stdout);
    expect(
      report.before.routes.map((r: Record<string, unknown>) => [
        r.displayName,
        r.state,
        r.templateCreated,
        r.tokenPresent,
      ]),
    ).toEqual([
      ["Create User", "same", true, true],
      ["Delete User", "same", false, false],
    ]);
    expect(report.manualSteps).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^route "Delete User" \(no flow template, no msFlowToken\): .* → Create Template$/),
      ]),
    );
    expect(report.manualSteps.join("\n")).not.toMatch(/route "Create User"/);
  });
});
