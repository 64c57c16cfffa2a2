import type { MsFlowSettings, WorkflowRoute } from "../../cli/directory-manager/directory-manager-api";
import { routeGaps } from "../../cli/directory-manager/route-diff";
import {
  diffSettings,
  inSync,
  pendingWrites,
  settingsToWrite,
  unconfirmed,
  type DesiredState,
  type SettingsField,
} from "../../cli/directory-manager/settings-diff";

const DESIRED: DesiredState = {
  settings: {
    organizationalCode: "contoso",
    region: "crm4",
    tenantID: "11111111-2222-3333-4444-555555555555",
    groupIDServiceUrl: "https://dm.contoso.test/GroupIDDataService",
  },
  callbackUrlConfigured: true,
  clientId: "66666666-7777-8888-9999-000000000000",
  identityStoreId: 2,
  routes: [
    {
      routeKey: "create-user",
      displayName: "Create User",
      requestUrl: "https://relay.test/api/flows/create-user?code=KEY",
    },
    {
      routeKey: "delete-user",
      displayName: "Delete User",
      requestUrl: "https://relay.test/api/flows/delete-user?code=KEY",
    },
  ],
};
/** getpowerautomatesettings.md's sample keys (netwrix/docs@2aa9036f) with the stack's values. */
const CURRENT: MsFlowSettings = {
  msFlowID: 1,
  msFlowUserID: DESIRED.settings.tenantID,
  identityStoreID: 2,
  isAuthenticated: true,
  ...DESIRED.settings,
};
const route = (
  workflowRouteId: number,
  name: string,
  msFlowRequestUrl: string | null,
  more: Partial<WorkflowRoute> = { isMsFlowTemplateRouteCreated: true, msFlowToken: "t0ken" },
): WorkflowRoute => ({ workflowRouteId, name, msFlowRequestUrl, ...more });
const ROUTES = [
  route(10, "Create User", DESIRED.routes[0].requestUrl!),
  route(11, "Delete User", DESIRED.routes[1].requestUrl!),
];

describe("diffSettings", () => {
  test("no change: every field and route is the same, case and trailing slash aside", () => {
    const current = {
      ...CURRENT,
      organizationalCode: "CONTOSO",
      groupIDServiceUrl: "https://DM.contoso.test/GroupIDDataService/",
    };
    const diff = diffSettings(DESIRED, current, [route(10, " create user ", DESIRED.routes[0].requestUrl!), ROUTES[1]]);
    expect(diff.fields.map((f) => f.state)).toEqual(["same", "same", "same", "same"]);
    expect(diff.routes.map((r) => r.state)).toEqual(["same", "same"]);
    expect(inSync(diff)).toBe(true);
    expect(unconfirmed(diff)).toEqual([]);
  });

  test.each<[SettingsField, string]>([
    ["organizationalCode", "fabrikam"],
    ["region", "crm"],
    ["tenantID", "99999999-2222-3333-4444-555555555555"],
    ["groupIDServiceUrl", "https://old-dm.contoso.test"],
  ])("each field changed: %s", (field, value) => {
    const diff = diffSettings(DESIRED, { ...CURRENT, [field]: value }, ROUTES);
    const pending = pendingWrites(diff);
    expect(pending.fields).toEqual([
      expect.objectContaining({ field, current: value, desired: DESIRED.settings[field], state: "differs" }),
    ]);
    expect(pending.routes).toEqual([]);
    expect(inSync(diff)).toBe(false);
  });

  test("the callback URL's path is compared as written: another path differs", () => {
    const diff = diffSettings(DESIRED, { ...CURRENT, groupIDServiceUrl: "https://dm.contoso.test/Other" }, ROUTES);
    expect(diff.fields.find((f) => f.field === "groupIDServiceUrl")).toMatchObject({
      state: "differs",
      reason: expect.stringMatching(
        /has a path or port; it is replaced only because flowEnvironment\.groupIDServiceUrl names/,
      ),
    });
  });

  test("no callback URL in the config: the current one (a path, a port) is left alone, never written", () => {
    const { groupIDServiceUrl: _none, ...settings } = DESIRED.settings;
    const desired = { ...DESIRED, settings };
    for (const held of [
      "https://powerautomate-netwrix1.msappproxy.net/directorymanagerdataservice",
      "https://powerautomate-proxy:5555",
    ]) {
      const diff = diffSettings(desired, { ...CURRENT, groupIDServiceUrl: held }, ROUTES);
      expect(diff.fields.find((f) => f.field === "groupIDServiceUrl")).toMatchObject({
        state: "unmanaged",
        current: held,
      });
      expect(inSync(diff)).toBe(true);
      expect(settingsToWrite(desired, { ...CURRENT, groupIDServiceUrl: held }).groupIDServiceUrl).toBe(held);
    }
  });

  test("outputs of an older version (a callback URL derived from the server) never replace the current one", () => {
    const desired = {
      ...DESIRED,
      settings: { ...DESIRED.settings, groupIDServiceUrl: "https://dm.contoso.test" },
      callbackUrlConfigured: false,
    };
    const current = { ...CURRENT, groupIDServiceUrl: "https://dm.contoso.test/GroupIDDataService" };
    const diff = diffSettings(desired, current, ROUTES);
    expect(diff.fields.find((f) => f.field === "groupIDServiceUrl")?.state).toBe("kept");
    expect(pendingWrites(diff).fields).toEqual([]);
    expect(settingsToWrite(desired, { ...current, region: "crm" }).groupIDServiceUrl).toBe(current.groupIDServiceUrl);
  });

  test("a documented field missing from the answer (settings under other names) cannot be confirmed and starts no write", () => {
    const { region: _renamed, ...rest } = CURRENT;
    const diff = diffSettings(DESIRED, { ...rest, Region: "crm4" } as MsFlowSettings, ROUTES);
    expect(diff.fields.find((f) => f.field === "region")?.state).toBe("unreadable");
    expect(unconfirmed(diff).map((f) => f.field)).toEqual(["region"]);
    expect(pendingWrites(diff).fields).toEqual([]);
  });

  test("msFlowID 0 with empty fields is not registered: every field is written (POST)", () => {
    const empty = {
      msFlowID: 0,
      msFlowUserID: null,
      groupIDServiceUrl: null,
      identityStoreID: 2,
      isAuthenticated: false,
      organizationalCode: "",
      region: "",
      tenantID: "",
    };
    const diff = diffSettings(DESIRED, empty, ROUTES);
    expect(diff.registered).toBe(false);
    expect(pendingWrites(diff).fields.map((f) => f.field)).toEqual([
      "organizationalCode",
      "region",
      "tenantID",
      "groupIDServiceUrl",
    ]);
    expect(settingsToWrite(DESIRED, empty)).toMatchObject({ msFlowID: 0, region: "crm4" });
  });

  test("a missing isAuthenticated is unknown, not false", () => {
    const { isAuthenticated: _unknown, ...rest } = CURRENT;
    expect(diffSettings(DESIRED, rest, ROUTES).authenticated).toBeUndefined();
    expect(diffSettings(DESIRED, { ...CURRENT, isAuthenticated: false }, ROUTES).authenticated).toBe(false);
  });

  test("a route's request URL changed, and one that differs only in the function key", () => {
    const diff = diffSettings(DESIRED, CURRENT, [
      route(10, "Create User", null),
      route(11, "Delete User", "https://relay.test/api/flows/delete-user?code=OLD"),
    ]);
    expect(pendingWrites(diff).routes.map((r) => [r.displayName, r.current, r.route?.workflowRouteId])).toEqual([
      ["Create User", undefined, 10],
      ["Delete User", "https://relay.test/api/flows/delete-user?code=OLD", 11],
    ]);
  });

  test("per route: template and msFlowToken as read; missing booleans are unknown", () => {
    const diff = diffSettings(DESIRED, CURRENT, [
      route(10, "Create User", DESIRED.routes[0].requestUrl!, {
        isMsFlowTemplateRouteCreated: false,
        msFlowToken: null,
      }),
      route(11, "Delete User", DESIRED.routes[1].requestUrl!, {}),
    ]);
    expect(diff.routes.map((r) => [r.templateCreated, r.tokenPresent])).toEqual([
      [false, false],
      [undefined, undefined],
    ]);
    expect(diff.routes.map(routeGaps)).toEqual([
      ["no flow template", "no msFlowToken"],
      ["flow template unknown", "msFlowToken unknown"],
    ]);
    expect(routeGaps(diffSettings(DESIRED, CURRENT, ROUTES).routes[0])).toEqual([]);
  });

  test("a request URL with its key unencoded, or its host in capitals, is the same URL", () => {
    const desired = {
      ...DESIRED,
      routes: [
        {
          routeKey: "create-user",
          displayName: "Create User",
          requestUrl: "https://relay.test/api/flows/create-user?code=k%2Fy%3D%3D",
        },
      ],
    };
    const state = (url: string) => diffSettings(desired, CURRENT, [route(10, "Create User", url)]).routes[0].state;
    expect(state("https://RELAY.test/api/flows/create-user?code=k/y==")).toBe("same");
    expect(state("https://relay.test/api/flows/Create-User?code=k/y==")).toBe("differs");
  });

  test("a route missing from Directory Manager is not writable and keeps it out of sync", () => {
    const diff = diffSettings(DESIRED, CURRENT, [ROUTES[0]]);
    expect(diff.routes[1]).toMatchObject({ displayName: "Delete User", state: "missing" });
    expect(pendingWrites(diff).routes).toEqual([]);
    expect(inSync(diff)).toBe(false);
  });

  test("without a relay URL a route is not managed, and does not count as a difference", () => {
    const desired = { ...DESIRED, routes: [{ routeKey: "create-user", displayName: "Create User" }] };
    const diff = diffSettings(desired, CURRENT, [route(10, "Create User", "https://elsewhere.test/x")]);
    expect(diff.routes[0].state).toBe("unmanaged");
    expect(inSync(diff)).toBe(true);
  });

  test("the Client ID is not in the documented shape: unreadable, compared only when a server returns it", () => {
    expect(diffSettings(DESIRED, CURRENT, ROUTES).clientId.state).toBe("unreadable");
    const returned = (clientId: string) => ({ ...CURRENT, clientID: clientId }) as MsFlowSettings;
    expect(diffSettings(DESIRED, returned(DESIRED.clientId), ROUTES).clientId.state).toBe("same");
    const other = diffSettings(DESIRED, returned("99999999-7777-8888-9999-000000000000"), ROUTES);
    expect(other.clientId.state).toBe("differs");
    expect(inSync(other)).toBe(false);
  });
});

describe("settingsToWrite", () => {
  test("exactly the documented keys: what was read, with the stack's values; no Client ID or Client Secret", () => {
    const body = settingsToWrite(DESIRED, {
      ...CURRENT,
      region: "crm",
      msFlowUserID: "abc",
      extra: 1,
    } as MsFlowSettings);
    expect(body).toEqual({ ...CURRENT, msFlowUserID: "abc", ...DESIRED.settings, identityStoreID: 2 });
    expect(Object.keys(body).sort()).toEqual([
      "groupIDServiceUrl",
      "identityStoreID",
      "isAuthenticated",
      "msFlowID",
      "msFlowUserID",
      "organizationalCode",
      "region",
      "tenantID",
    ]);
  });

  test("registers new settings like configurepowerautomate.md's sample request (msFlowID 0)", () => {
    expect(settingsToWrite(DESIRED, undefined)).toEqual({
      msFlowID: 0,
      msFlowUserID: DESIRED.settings.tenantID,
      groupIDServiceUrl: DESIRED.settings.groupIDServiceUrl,
      identityStoreID: 2,
      isAuthenticated: false,
      organizationalCode: "contoso",
      region: "crm4",
      tenantID: DESIRED.settings.tenantID,
    });
  });
});
