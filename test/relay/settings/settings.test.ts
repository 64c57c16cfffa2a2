import { RELAY_LIMITS } from "../../../contract/relay-limits";
import { RELAY_SETTINGS } from "../../../contract/relay-settings";
import type { Env } from "../../../relay/settings/setting-values";
import { SETTING_DEFAULTS, readSettings } from "../../../relay/settings/settings";

const FLOW =
  "https://env1.01.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?api-version=1&sv=1.0&sig=SECRETSIG123456";
const base: Env = {
  [RELAY_SETTINGS.routes]: JSON.stringify({
    "create-user": { displayName: "Create User", flowUrlSetting: "FLOW_URL_CREATE_USER" },
  }),
  FLOW_URL_CREATE_USER: FLOW,
  AzureWebJobsStorage__accountName: "relaystore01",
};

function problems(env: Env): string[] {
  const result = readSettings(env);
  if (result.ok) throw new Error("expected problems");
  const text = result.problems.map((p) => `${p.setting}: ${p.message}`);
  for (const t of text) expect(t).not.toContain("SECRETSIG");
  return text;
}

describe("relay settings", () => {
  test("a minimal configuration gets the documented defaults", () => {
    const result = readSettings(base);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { settings } = result;
    expect(settings.routes.get("create-user")?.flowUrl.hostname).toBe("env1.01.environment.api.powerplatform.com");
    expect(settings.maxBodyBytes).toBe(1_048_576);
    expect(settings.forwardDeadlineMs).toBe(10_000);
    expect(settings.maxAttempts).toBe(8);
    expect(settings.enrichmentKey).toBe(SETTING_DEFAULTS.enrichmentKey);
    expect(settings.allowedFlowHostSuffixes).toEqual([".environment.api.powerplatform.com", ".logic.azure.com"]);
    expect(settings.departments.size).toBe(0);
    expect(settings.decisions).toBeUndefined();
    expect(settings.storage).toEqual({
      kind: "identity",
      queueServiceUrl: "https://relaystore01.queue.core.windows.net",
      blobServiceUrl: "https://relaystore01.blob.core.windows.net",
      clientId: undefined,
    });
  });

  test("a missing RELAY_ROUTES is named", () => {
    expect(problems({ ...base, [RELAY_SETTINGS.routes]: undefined })).toContain("RELAY_ROUTES: is missing");
  });

  test("a route whose flow URL setting is missing names that setting", () => {
    expect(problems({ ...base, FLOW_URL_CREATE_USER: undefined })).toEqual(["FLOW_URL_CREATE_USER: is missing"]);
  });

  test("an unresolved Key Vault reference is called out as such", () => {
    expect(
      problems({
        ...base,
        FLOW_URL_CREATE_USER: "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/flow/)",
      })[0],
    ).toMatch(/^FLOW_URL_CREATE_USER: is a Key Vault reference the host could not resolve/);
  });

  test.each([
    ["http", FLOW.replace("https:", "http:"), /must use https/],
    [
      "a host off the allowed suffixes",
      FLOW.replace("env1.01.environment.api.powerplatform.com", "attacker.example.com"),
      /host attacker.example.com is not on the allowed suffixes/,
    ],
    [
      "a look-alike host",
      FLOW.replace("env1.01.environment.api.powerplatform.com", "evil-environment.api.powerplatform.com.example.net"),
      /not on the allowed suffixes/,
    ],
    ["an internal address", "https://169.254.169.254/metadata?sig=SECRETSIG123456", /not on the allowed suffixes/],
    ["credentials in the URL", FLOW.replace("https://", "https://u:p@"), /credentials/],
  ])("a flow URL with %s is refused at start-up, naming the setting but not the URL", (_name, url, message) => {
    const [problem] = problems({ ...base, FLOW_URL_CREATE_USER: url });
    expect(problem).toMatch(/^FLOW_URL_CREATE_USER: the flow URL of route "create-user"/);
    expect(problem).toMatch(message);
  });

  test("a custom suffix list is used, and must start with a dot", () => {
    const custom = {
      ...base,
      [RELAY_SETTINGS.allowedFlowHostSuffixes]: ".flows.example.org",
      FLOW_URL_CREATE_USER: "https://a.flows.example.org/x?sig=SECRETSIG123456",
    };
    expect(readSettings(custom).ok).toBe(true);
    expect(problems({ ...base, [RELAY_SETTINGS.allowedFlowHostSuffixes]: "logic.azure.com" })[0]).toMatch(
      /^RELAY_ALLOWED_FLOW_HOST_SUFFIXES: must list host suffixes that start with a dot/,
    );
  });

  test.each([
    [RELAY_SETTINGS.maxBodyBytes, "0"],
    [RELAY_SETTINGS.forwardDeadlineMs, "ten"],
    [RELAY_SETTINGS.forwardDeadlineMs, "600000"],
    [RELAY_SETTINGS.maxAttempts, "-1"],
  ])("%s=%s is refused with its range", (setting, value) => {
    expect(problems({ ...base, [setting]: value })[0]).toMatch(new RegExp(`^${setting}: must be a whole number from`));
  });

  test.each(Object.entries(RELAY_LIMITS))(
    "%s takes the contract's range, the one the stack validates: min and max pass, one past either is refused",
    (name, limit) => {
      const setting = RELAY_SETTINGS[name as keyof typeof RELAY_LIMITS];
      const read = (value: number) => readSettings({ ...base, [setting]: String(value) });
      expect(read(limit.min)).toMatchObject({ ok: true, settings: { [name]: limit.min } });
      expect(read(limit.max)).toMatchObject({ ok: true, settings: { [name]: limit.max } });
      for (const outside of [limit.min - 1, limit.max + 1]) {
        expect(problems({ ...base, [setting]: String(outside) })).toEqual([
          `${setting}: must be a whole number from ${limit.min} to ${limit.max}`,
        ]);
      }
      expect(readSettings(base)).toMatchObject({ ok: true, settings: { [name]: limit.default } });
    },
  );

  test("bad JSON settings and bad route keys are named", () => {
    expect(problems({ ...base, [RELAY_SETTINGS.routes]: "{" })).toContain("RELAY_ROUTES: is not valid JSON");
    expect(
      problems({ ...base, [RELAY_SETTINGS.routes]: '{"Create User":{"displayName":"x","flowUrlSetting":"F"}}' })[0],
    ).toMatch(/route key "Create User" must be lower-case/);
    expect(problems({ ...base, [RELAY_SETTINGS.departments]: '{"Sales":{"siteUrl":"http://x/sites/s"}}' })[0]).toMatch(
      /^RELAY_DEPARTMENTS: department "Sales" needs a "siteUrl"/,
    );
    expect(problems({ ...base, [RELAY_SETTINGS.departmentPointer]: "department" })[0]).toMatch(
      /^RELAY_DEPARTMENT_POINTER: must be a JSON pointer/,
    );
  });

  test("decisions enabled without credentials names each missing setting, and only decisions are off", () => {
    const result = readSettings({
      ...base,
      [RELAY_SETTINGS.decisionsEnabled]: "true",
      [RELAY_SETTINGS.directoryManagerUrl]: "https://dm.contoso.test",
    });
    if (!result.ok) throw new Error("events need no decision setting: the relay must stay configured");
    expect(result.settings.decisions).toBeUndefined();
    const found = result.settings.decisionProblems.map((p) => `${p.setting}: ${p.message}`);
    expect(found).toEqual([
      "DIRECTORY_MANAGER_USERNAME: is missing",
      "DIRECTORY_MANAGER_PASSWORD: is missing",
      "DIRECTORY_MANAGER_CLIENT_ID: is missing",
      "DIRECTORY_MANAGER_CLIENT_SECRET: is missing",
      "DIRECTORY_MANAGER_IDENTITY_STORE_ID: is missing",
      "RELAY_DECISION_TOKEN_KEY: is missing",
      "RELAY_DECISIONS_KEY: is missing",
    ]);
  });

  test("the token URL defaults to the security service on port 4443 of Directory Manager's host", () => {
    const result = readSettings({
      ...base,
      [RELAY_SETTINGS.decisionsEnabled]: "true",
      [RELAY_SETTINGS.directoryManagerUrl]: "https://dm.contoso.test",
      [RELAY_SETTINGS.directoryManagerUsername]: "u",
      [RELAY_SETTINGS.directoryManagerPassword]: "p",
      [RELAY_SETTINGS.directoryManagerClientId]: "c",
      [RELAY_SETTINGS.directoryManagerClientSecret]: "s",
      [RELAY_SETTINGS.directoryManagerIdentityStoreId]: "1",
      [RELAY_SETTINGS.decisionTokenKey]: "k".repeat(32),
      [RELAY_SETTINGS.decisionsKey]: "d".repeat(32),
    });
    expect(result.ok && result.settings.decisions?.tokenUrl.href).toBe(
      "https://dm.contoso.test:4443/GroupIDSecurityService/connect/token",
    );
  });

  test("storage: a connection string for local runs, else the account name with an optional user-assigned identity", () => {
    const local = readSettings({ ...base, AzureWebJobsStorage: "UseDevelopmentStorage=true" });
    expect(local.ok && local.settings.storage).toEqual({
      kind: "connectionString",
      connectionString: "UseDevelopmentStorage=true",
    });
    const uami = readSettings({ ...base, AzureWebJobsStorage__clientId: "11111111-2222-3333-4444-555555555555" });
    expect(uami.ok && uami.settings.storage).toMatchObject({
      kind: "identity",
      clientId: "11111111-2222-3333-4444-555555555555",
    });
    expect(problems({ ...base, AzureWebJobsStorage__accountName: undefined })[0]).toMatch(
      /^AzureWebJobsStorage__accountName: is missing/,
    );
  });

  test("storage: the payload blobs' endpoint is AzureWebJobsStorage__blobServiceUri, else derived from the account name like the queues'", () => {
    const uris = {
      AzureWebJobsStorage__queueServiceUri: "https://q.example.test",
      AzureWebJobsStorage__blobServiceUri: "https://b.example.test",
    };
    const explicit = readSettings({ ...base, ...uris });
    expect(explicit.ok && explicit.settings.storage).toMatchObject({
      queueServiceUrl: "https://q.example.test",
      blobServiceUrl: "https://b.example.test",
    });
    const mixed = readSettings({ ...base, AzureWebJobsStorage__queueServiceUri: "https://q.example.test" });
    expect(mixed.ok && mixed.settings.storage).toMatchObject({
      queueServiceUrl: "https://q.example.test",
      blobServiceUrl: "https://relaystore01.blob.core.windows.net",
    });
    expect(
      problems({
        ...base,
        AzureWebJobsStorage__accountName: undefined,
        AzureWebJobsStorage__queueServiceUri: "https://q.example.test",
      }),
    ).toEqual([expect.stringMatching(/^AzureWebJobsStorage__blobServiceUri: is missing/)]);
  });
});
