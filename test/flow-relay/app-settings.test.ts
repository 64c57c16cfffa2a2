import {
  type RelayAppSettingsInput,
  keyVaultReference,
  relayAppSettings,
} from "../../constructs/flow-relay/app-settings";
import { RELAY_SETTINGS } from "../../contract/relay-settings";

const SECRET = (name: string) => `https://kv.vault.azure.net/secrets/${name}`;
const minimal: RelayAppSettingsInput = {
  storageAccountName: "relaystore",
  identityClientId: "client-id-1",
  applicationInsightsConnectionString:
    "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/",
  routes: { "create-user": { displayName: "Create User", flowUrlSecretId: SECRET("flow-url-create-user") } },
  departments: {},
  limits: {
    maxBodyBytes: 1048576,
    forwardDeadlineMs: 10000,
    maxAttempts: 8,
    maxJsonDepth: 32,
    maxRetryAfterSeconds: 3600,
  },
};

describe("relayAppSettings", () => {
  test("host storage and telemetry through the identity: no AzureWebJobsStorage, no key, no empty setting", () => {
    const settings = relayAppSettings(minimal);
    expect(settings).not.toHaveProperty(["AzureWebJobsStorage"]);
    for (const [name, value] of Object.entries(settings)) expect([name, value.trim()]).not.toEqual([name, ""]);
    expect(settings).toMatchObject({
      AzureWebJobsStorage__accountName: "relaystore",
      AzureWebJobsStorage__credential: "managedidentity",
      AzureWebJobsStorage__clientId: "client-id-1",
      APPLICATIONINSIGHTS_CONNECTION_STRING: minimal.applicationInsightsConnectionString,
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "ClientId=client-id-1;Authorization=AAD",
    });
    expect(Object.values(settings).join("\n")).not.toMatch(/AccountKey|SharedAccessSignature/i);
  });

  test("the route table names each route's flow URL setting, which is a Key Vault reference", () => {
    const settings = relayAppSettings({
      ...minimal,
      routes: {
        ...minimal.routes,
        "delete-user": { displayName: "Delete User", flowUrlSecretId: SECRET("flow-url-delete-user") },
      },
    });
    expect(JSON.parse(settings[RELAY_SETTINGS.routes])).toEqual({
      "create-user": { displayName: "Create User", flowUrlSetting: "FLOW_URL_CREATE_USER" },
      "delete-user": { displayName: "Delete User", flowUrlSetting: "FLOW_URL_DELETE_USER" },
    });
    expect(settings.FLOW_URL_CREATE_USER).toBe(`@Microsoft.KeyVault(SecretUri=${SECRET("flow-url-create-user")})`);
    expect(settings.FLOW_URL_DELETE_USER).toBe(keyVaultReference(SECRET("flow-url-delete-user")));
  });

  test("limits as text, decisions off, and no optional setting when none is given", () => {
    const settings = relayAppSettings(minimal);
    expect(settings[RELAY_SETTINGS.maxBodyBytes]).toBe("1048576");
    expect(settings[RELAY_SETTINGS.forwardDeadlineMs]).toBe("10000");
    expect(settings[RELAY_SETTINGS.maxAttempts]).toBe("8");
    expect(settings[RELAY_SETTINGS.maxJsonDepth]).toBe("32");
    expect(settings[RELAY_SETTINGS.decisionsEnabled]).toBe("false");
    for (const absent of [
      RELAY_SETTINGS.departments,
      RELAY_SETTINGS.departmentPointer,
      RELAY_SETTINGS.enrichmentKey,
      RELAY_SETTINGS.allowedFlowHostSuffixes,
      RELAY_SETTINGS.directoryManagerUrl,
      RELAY_SETTINGS.directoryManagerUsername,
      "RELAY_PACKAGE_HASH",
    ]) {
      expect(settings).not.toHaveProperty([absent]);
    }
  });

  test("enrichment and flow hosts, when given", () => {
    const settings = relayAppSettings({
      ...minimal,
      departments: { Sales: { siteUrl: "https://contoso.sharepoint.com/sites/sales" } },
      departmentPointer: "/user/department",
      enrichmentKey: "site",
      allowedFlowHostSuffixes: [".environment.api.powerplatform.us", ".logic.azure.us"],
    });
    expect(JSON.parse(settings[RELAY_SETTINGS.departments])).toEqual({
      Sales: { siteUrl: "https://contoso.sharepoint.com/sites/sales" },
    });
    expect(settings[RELAY_SETTINGS.departmentPointer]).toBe("/user/department");
    expect(settings[RELAY_SETTINGS.enrichmentKey]).toBe("site");
    expect(settings[RELAY_SETTINGS.allowedFlowHostSuffixes]).toBe(".environment.api.powerplatform.us,.logic.azure.us");
  });

  const decisions = {
    directoryManagerUrl: "https://dm.contoso.com",
    identityStoreId: 7,
    credentialSecretIds: {
      username: SECRET("u"),
      password: SECRET("p"),
      clientId: SECRET("c"),
      clientSecret: SECRET("s"),
    },
    keySecretIds: {
      tokenKey: SECRET("key-b"),
      previousTokenKey: SECRET("key-a"),
      decisionsKey: SECRET("decisions-key"),
    },
    keysVersion: "3.1",
  };

  test("decisions: Directory Manager's URLs and identity store as plain settings; its credentials, the token keys and the decisions key as Key Vault references", () => {
    const settings = relayAppSettings({
      ...minimal,
      decisions: { ...decisions, directoryManagerTokenUrl: "https://dm.contoso.com:4443/token" },
    });
    expect(settings).toMatchObject({
      [RELAY_SETTINGS.decisionsEnabled]: "true",
      [RELAY_SETTINGS.directoryManagerUrl]: "https://dm.contoso.com",
      [RELAY_SETTINGS.directoryManagerTokenUrl]: "https://dm.contoso.com:4443/token",
      [RELAY_SETTINGS.directoryManagerIdentityStoreId]: "7",
      [RELAY_SETTINGS.directoryManagerUsername]: keyVaultReference(SECRET("u")),
      [RELAY_SETTINGS.directoryManagerPassword]: keyVaultReference(SECRET("p")),
      [RELAY_SETTINGS.directoryManagerClientId]: keyVaultReference(SECRET("c")),
      [RELAY_SETTINGS.directoryManagerClientSecret]: keyVaultReference(SECRET("s")),
      [RELAY_SETTINGS.decisionTokenKey]: keyVaultReference(SECRET("key-b")),
      [RELAY_SETTINGS.decisionTokenPreviousKey]: keyVaultReference(SECRET("key-a")),
      [RELAY_SETTINGS.decisionsKey]: keyVaultReference(SECRET("decisions-key")),
      [RELAY_SETTINGS.decisionKeysVersion]: "3.1",
    });
  });

  test("the token URL is left to the relay's default when not given", () => {
    const settings = relayAppSettings({ ...minimal, decisions });
    expect(settings).not.toHaveProperty([RELAY_SETTINGS.directoryManagerTokenUrl]);
  });

  test("decisions off: none of the decisions' settings", () => {
    const settings = relayAppSettings(minimal);
    const decisionSettings = [
      RELAY_SETTINGS.directoryManagerIdentityStoreId,
      RELAY_SETTINGS.decisionTokenKey,
      RELAY_SETTINGS.decisionTokenPreviousKey,
      RELAY_SETTINGS.decisionsKey,
      RELAY_SETTINGS.decisionKeysVersion,
    ];
    expect(decisionSettings.filter((name) => name in settings)).toEqual([]);
  });
});
