import type { MsFlowSettings, WorkflowRoute } from "../../cli/directory-manager-api";
import {
  diffSettings,
  inSync,
  pendingWrites,
  settingsToWrite,
  type DesiredState,
  type SettingsField,
} from "../../cli/settings-diff";

const DESIRED: DesiredState = {
  settings: {
    organizationalCode: "contoso",
    region: "crm4",
    tenantID: "11111111-2222-3333-4444-555555555555",
    clientID: "66666666-7777-8888-9999-000000000000",
    groupIDServiceUrl: "https://dm.contoso.test",
  },
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
const CURRENT: MsFlowSettings = { msFlowID: 1, isAuthenticated: true, identityStoreID: 2, ...DESIRED.settings };
const route = (workflowRouteId: number, name: string, msFlowRequestUrl: string | null): WorkflowRoute => ({
  workflowRouteId,
  name,
  msFlowRequestUrl,
});
const ROUTES = [
  route(10, "Create User", DESIRED.routes[0].requestUrl!),
  route(11, "Delete User", DESIRED.routes[1].requestUrl!),
];

describe("diffSettings", () => {
  test("no change: every field and route is the same, case and trailing slash aside", () => {
    const current = { ...CURRENT, organizationalCode: "CONTOSO", groupIDServiceUrl: "https://DM.contoso.test/" };
    const diff = diffSettings(DESIRED, current, [route(10, " create user ", DESIRED.routes[0].requestUrl!), ROUTES[1]]);
    expect(diff.fields.map((f) => f.state)).toEqual(["same", "same", "same", "same", "same"]);
    expect(diff.routes.map((r) => r.state)).toEqual(["same", "same"]);
    expect(inSync(diff)).toBe(true);
  });

  test.each<[SettingsField, string]>([
    ["organizationalCode", "fabrikam"],
    ["region", "crm"],
    ["tenantID", "99999999-2222-3333-4444-555555555555"],
    ["clientID", "99999999-7777-8888-9999-000000000000"],
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
    expect(
      diffSettings(desired, CURRENT, [route(10, "Create User", "https://RELAY.test/api/flows/create-user?code=k/y==")])
        .routes[0].state,
    ).toBe("same");
    expect(
      diffSettings(desired, CURRENT, [route(10, "Create User", "https://relay.test/api/flows/Create-User?code=k/y==")])
        .routes[0].state,
    ).toBe("differs");
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

  test("the Client ID is unreadable when the API does not return it (the documented shape), read when it does", () => {
    const { clientID: _omitted, ...documented } = CURRENT as Record<string, unknown>;
    expect(
      diffSettings(DESIRED, documented as MsFlowSettings, ROUTES).fields.find((f) => f.field === "clientID")?.state,
    ).toBe("unreadable");
    expect(
      diffSettings(
        DESIRED,
        { ...documented, clientId: DESIRED.settings.clientID } as MsFlowSettings,
        ROUTES,
      ).fields.find((f) => f.field === "clientID")?.state,
    ).toBe("same");
  });

  test("no settings registered: every field differs from nothing", () => {
    const diff = diffSettings(DESIRED, undefined, ROUTES);
    expect(diff.registered).toBe(false);
    expect(diff.fields.every((f) => f.state === "differs" && f.current === undefined)).toBe(true);
  });
});

describe("settingsToWrite", () => {
  test("keeps what Directory Manager returned (ids, authentication) and sets the stack's values and the client secret", () => {
    const body = settingsToWrite(
      DESIRED,
      { ...CURRENT, region: "crm", msFlowUserID: "abc", extra: 1 } as MsFlowSettings,
      "s3cret",
    );
    expect(body).toEqual({
      ...CURRENT,
      msFlowUserID: "abc",
      extra: 1,
      ...DESIRED.settings,
      identityStoreID: 2,
      clientSecret: "s3cret",
    });
  });

  test("registers new settings unauthenticated", () => {
    expect(settingsToWrite(DESIRED, undefined, "s3cret")).toMatchObject({
      msFlowID: 0,
      isAuthenticated: false,
      region: "crm4",
    });
  });
});
