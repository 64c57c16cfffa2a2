import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Construct, Testing, TerraformStack, TerraformVariable } from "../../constructs/providers/cdktf";
import { ConfigError, parseEnvironmentConfig } from "../../constructs/app/config-loader";
import { FlowEnvironment } from "../../constructs/flow-environment";
import { SecureKeyVault } from "../../constructs/secure-key-vault";
import { FLOW_HOST_SUFFIXES, flowRequestUrlPattern, validateFlowRequestUrl } from "../../constructs/flow-environment";
import { findSecretLiterals } from "../support/secret-scan";
import { runApp } from "../support/run-app";
import { ofType, onlyOfType, ref, synthEnvironment, synthStack } from "../support/synth";
import { NEW_URL, build, flowEnvironmentProps } from "./build";

const flowEnvironment = {
  orgCode: "contoso",
  region: "crm4",
  directoryManagerServer: "dm.contoso.com",
  identityStoreId: 1,
  routes: { "create-user": { displayName: "Create User", flowRequestUrl: { source: "variable" } } },
};
const base = { location: "westeurope", flowEnvironment };

// Each bad value: where it goes in the config, the field path the message must name, and a
// fragment of the expected form. Every one must stop synth before anything is written.
const CORPUS: [string, Record<string, unknown>, string, RegExp][] = [
  [
    "org code with a dot-less space",
    { flowEnvironment: { ...flowEnvironment, orgCode: "con toso" } },
    "flowEnvironment.orgCode",
    /organization code: 1-63 letters/,
  ],
  [
    "org code starting with a hyphen",
    { flowEnvironment: { ...flowEnvironment, orgCode: "-contoso" } },
    "flowEnvironment.orgCode",
    /not starting or ending with a hyphen/,
  ],
  [
    "org code too long",
    { flowEnvironment: { ...flowEnvironment, orgCode: "a".repeat(64) } },
    "flowEnvironment.orgCode",
    /1-63 letters/,
  ],
  [
    "org code as an http URL",
    { flowEnvironment: { ...flowEnvironment, orgCode: "http://contoso.crm4.dynamics.com" } },
    "flowEnvironment.orgCode",
    /https, not http/,
  ],
  [
    "org code as a non-Dataverse URL",
    { flowEnvironment: { ...flowEnvironment, orgCode: "https://contoso.example.com" } },
    "flowEnvironment.orgCode",
    /environment URL https:\/\/myorg\.crm4\.dynamics\.com/,
  ],
  [
    "org code that is a number",
    { flowEnvironment: { ...flowEnvironment, orgCode: 42 } },
    "flowEnvironment.orgCode",
    /organization code such as myorg/,
  ],
  [
    "unknown region subdomain",
    { flowEnvironment: { ...flowEnvironment, region: "crm13" } },
    "flowEnvironment.region",
    /Dataverse region subdomain \(crm, crm2/,
  ],
  [
    "Azure region instead of a Dataverse one",
    { flowEnvironment: { ...flowEnvironment, region: "westeurope" } },
    "flowEnvironment.region",
    /Power Platform geo \(unitedstates, southamerica/,
  ],
  [
    "region missing and org code not a URL",
    { flowEnvironment: { ...flowEnvironment, region: undefined } },
    "flowEnvironment.region",
    /is missing; expected a Dataverse region subdomain such as crm4/,
  ],
  [
    "region that contradicts the URL",
    { flowEnvironment: { ...flowEnvironment, orgCode: "https://contoso.crm4.dynamics.com", region: "crm11" } },
    "flowEnvironment.region",
    /the region of orgCode's URL \("crm4"\)/,
  ],
  [
    "server over http",
    { flowEnvironment: { ...flowEnvironment, directoryManagerServer: "http://dm.contoso.com" } },
    "flowEnvironment.directoryManagerServer",
    /http is not accepted/,
  ],
  [
    "server URL with a path",
    { flowEnvironment: { ...flowEnvironment, directoryManagerServer: "https://dm.contoso.com/GroupIDDataService" } },
    "flowEnvironment.directoryManagerServer",
    /no path, query or credentials/,
  ],
  [
    "callback URL with a query",
    { flowEnvironment: { ...flowEnvironment, groupIDServiceUrl: "https://dm.contoso.com/GroupIDDataService?x=1" } },
    "flowEnvironment.groupIDServiceUrl",
    /no query, fragment or credentials/,
  ],
  [
    "callback URL over http",
    { flowEnvironment: { ...flowEnvironment, groupIDServiceUrl: "http://dm.contoso.com/GroupIDDataService" } },
    "flowEnvironment.groupIDServiceUrl",
    /calls back over https/,
  ],
  [
    "callback URL on loopback",
    { flowEnvironment: { ...flowEnvironment, groupIDServiceUrl: "https://127.0.0.1:5555" } },
    "flowEnvironment.groupIDServiceUrl",
    /localhost and loopback addresses/,
  ],
  [
    "server with an underscore",
    { flowEnvironment: { ...flowEnvironment, directoryManagerServer: "dm_server.contoso.com" } },
    "flowEnvironment.directoryManagerServer",
    /a host name \(dm\.contoso\.com\), an IPv4 or IPv6 address/,
  ],
  [
    "server that is an IP with a bad octet",
    { flowEnvironment: { ...flowEnvironment, directoryManagerServer: "10.0.0.300" } },
    "flowEnvironment.directoryManagerServer",
    /IPv4 or IPv6 address/,
  ],
  [
    "identity store id zero",
    { flowEnvironment: { ...flowEnvironment, identityStoreId: 0 } },
    "flowEnvironment.identityStoreId",
    /positive whole number/,
  ],
  [
    "identity store id as text",
    { flowEnvironment: { ...flowEnvironment, identityStoreId: "1" } },
    "flowEnvironment.identityStoreId",
    /positive whole number/,
  ],
  [
    "identity store id with a fraction",
    { flowEnvironment: { ...flowEnvironment, identityStoreId: 1.5 } },
    "flowEnvironment.identityStoreId",
    /positive whole number/,
  ],
  [
    "client id given while the app is declared",
    { flowEnvironment: { ...flowEnvironment, clientId: "0b9c7d2e-1111-4222-8333-444455556666" } },
    "flowEnvironment.clientId",
    /taken from the app registration/,
  ],
  [
    "client id missing when the app is not declared",
    {
      directoryManagerApp: { enabled: false },
      flowEnvironment: { ...flowEnvironment, tenantId: "9f8e7d6c-1111-4222-8333-444455556666" },
    },
    "flowEnvironment.clientId",
    /client \(application\) id as a GUID, because directoryManagerApp.enabled is false/,
  ],
  [
    "tenant id that is a domain",
    {
      directoryManagerApp: { enabled: false },
      flowEnvironment: {
        ...flowEnvironment,
        clientId: "0b9c7d2e-1111-4222-8333-444455556666",
        tenantId: "contoso.onmicrosoft.com",
      },
    },
    "flowEnvironment.tenantId",
    /GUID/,
  ],
  [
    "flow URL written literally",
    {
      flowEnvironment: {
        ...flowEnvironment,
        routes: { "create-user": { displayName: "Create User", flowRequestUrl: NEW_URL } },
      },
    },
    "flowEnvironment.routes.create-user.flowRequestUrl",
    /bearer secret.*TF_VAR_flow_request_url_create_user/,
  ],
  [
    "flow URL source that does not exist",
    {
      flowEnvironment: {
        ...flowEnvironment,
        routes: { "create-user": { displayName: "Create User", flowRequestUrl: { source: "keyvault" } } },
      },
    },
    "flowEnvironment.routes.create-user.flowRequestUrl",
    /\{"source": "variable"\} \(a sensitive Terraform variable\)/,
  ],
  [
    "route key with upper case",
    {
      flowEnvironment: {
        ...flowEnvironment,
        routes: { CreateUser: { displayName: "Create User", flowRequestUrl: { source: "variable" } } },
      },
    },
    "flowEnvironment.routes.CreateUser",
    /lower-case words joined by hyphens/,
  ],
  [
    "route without a display name",
    { flowEnvironment: { ...flowEnvironment, routes: { "create-user": { flowRequestUrl: { source: "variable" } } } } },
    "flowEnvironment.routes.create-user.displayName",
    /route's name in Directory Manager/,
  ],
  [
    "no routes at all",
    { flowEnvironment: { ...flowEnvironment, routes: {} } },
    "flowEnvironment.routes",
    /at least one workflow route/,
  ],
  [
    "unknown cloud",
    { flowEnvironment: { ...flowEnvironment, cloud: "china" } },
    "flowEnvironment.cloud",
    /one of: public, usgovernment/,
  ],
  [
    "flow URL secret living 10 days",
    { flowEnvironment: { ...flowEnvironment, flowUrlSecretLifetimeDays: 10 } },
    "flowEnvironment.flowUrlSecretLifetimeDays",
    /from 31 to 730/,
  ],
  [
    "department site on another host",
    { departments: { Sales: { siteUrl: "https://contoso.example.com/sites/sales" } } },
    "departments.Sales.siteUrl",
    /SharePoint site URL/,
  ],
  [
    "department site over http",
    { departments: { Sales: { siteUrl: "http://contoso.sharepoint.com/sites/sales" } } },
    "departments.Sales.siteUrl",
    /SharePoint site URL/,
  ],
  [
    "department site that is the root site",
    { departments: { Sales: { siteUrl: "https://contoso.sharepoint.com/" } } },
    "departments.Sales.siteUrl",
    /SharePoint site URL/,
  ],
  [
    "department name with a quote",
    { departments: { 'Sales "EMEA"': { siteUrl: "https://contoso.sharepoint.com/sites/sales" } } },
    'departments.Sales "EMEA"',
    /without quotes/,
  ],
  [
    "department group id that is a name",
    { departments: { Sales: { siteUrl: "https://contoso.sharepoint.com/sites/sales", groupObjectId: "Sales Team" } } },
    "departments.Sales.groupObjectId",
    /GUID/,
  ],
];

describe("flow settings: every bad value stops synth with field, value and expected form", () => {
  test(`the corpus has at least 25 bad values (${CORPUS.length})`, () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(25);
  });

  test.each(CORPUS)("%s", (_name, overrides, field, expected) => {
    let error: unknown;
    try {
      parseEnvironmentConfig({ ...base, ...overrides }, "config/dev.json");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const line = (error as ConfigError).problems.find((p) => p.includes(`field "${field}"`));
    expect(line).toBeDefined();
    expect(line).toMatch(expected);
    expect(line).toMatch(/config\/dev\.json: field ".*": (got .*|is missing); expected /);
  });

  test("a flow URL in config is never echoed in the message", () => {
    const withUrl = {
      ...base,
      flowEnvironment: {
        ...flowEnvironment,
        routes: { "create-user": { displayName: "Create User", flowRequestUrl: NEW_URL } },
      },
    };
    expect(() => parseEnvironmentConfig(withUrl, "config/dev.json")).toThrow(/not shown: it is a secret/);
    try {
      parseEnvironmentConfig(withUrl, "config/dev.json");
    } catch (e) {
      expect((e as Error).message).not.toContain("sig=");
      expect((e as Error).message).not.toContain("powerplatform.com:443");
    }
  });

  test("the cdktf app stops on every one of them and writes nothing", async () => {
    const files = Object.fromEntries(
      CORPUS.map(([, overrides], i) => [
        `bad-${String(i).padStart(2, "0")}.json`,
        JSON.stringify({ ...base, ...overrides }),
      ]),
    );
    const r = await runApp(files);
    expect(r.code).toBe(1);
    expect(r.written).toEqual([]);
    CORPUS.forEach(([, , field], i) =>
      expect(r.stderr).toContain(`bad-${String(i).padStart(2, "0")}.json: field "${field}"`),
    );
    expect(r.stderr).not.toContain("sig=");
  });
});

describe("FlowEnvironment: flow URL secrets", () => {
  // The construct's path below its stack ("env"), then "_flow_request_url_<route>".
  const VARIABLE = "env_flow_request_url_create_user";

  test("a variable-sourced route: a sensitive, ephemeral variable named for the pipeline, written write-only into a Key Vault secret", () => {
    const { json } = build();
    const variable = json.variable![VARIABLE];
    expect(variable).toMatchObject({ type: "string", sensitive: true, nullable: false, ephemeral: true });
    const [, secret] = onlyOfType(json, "azurerm_key_vault_secret");
    expect(secret.value).toBeUndefined();
    expect(secret.value_wo).toBe(`${"$"}{var.${VARIABLE}}`);
    expect(secret.name).toBe("flow-url-create-user");
    expect(secret.content_type).toBe("application/x-power-automate-request-url");
    const [rotationId, rotation] = onlyOfType(json, "time_rotating");
    expect(rotation).toMatchObject({ rotation_days: 335, triggers: { flow_urls_version: "1" } });
    // Rewritten when the rotation moves (every 335 days, or when flowUrlsVersion changes).
    expect(secret.value_wo_version).toBe(ref("time_rotating", rotationId, "unix"));
    expect(secret.expiration_date).toBe(`\${timeadd(time_rotating.${rotationId}.rfc3339, "8760h")}`);
    expect(secret.lifecycle).toBeUndefined();
  });

  test("flowUrlsVersion is the rotation's trigger: raising it rewrites the URLs", () => {
    const { json } = build({ flowUrlsVersion: 2 });
    expect(onlyOfType(json, "time_rotating")[1].triggers).toEqual({ flow_urls_version: "2" });
    expect(() => build({ flowUrlsVersion: 0 })).toThrow(
      "flow-env/env: flowUrlsVersion must be a whole number from 1 to 1000000, but 0 was given",
    );
  });

  test("the variable's Terraform validation uses the same pattern and message as the synth-time check", () => {
    const { json } = build();
    const [validation] = json.variable![VARIABLE].validation as { condition: string; error_message: string }[];
    // Undo the HCL string escaping, then compare with the pattern the TypeScript check uses.
    const hcl = new RegExp(`can\\(regex\\("((?:[^"\\\\]|\\\\.)*)", var\\.${VARIABLE}\\)\\)`).exec(
      validation.condition,
    )![1];
    const pattern = hcl.replace(/\\(.)/g, "$1");
    expect(pattern).toBe(flowRequestUrlPattern(FLOW_HOST_SUFFIXES.public));
    expect(new RegExp(pattern).test(NEW_URL)).toBe(true);
    expect(new RegExp(pattern).test(NEW_URL.replace("sig=AbC123", "sag=1"))).toBe(false);
    expect(new RegExp(pattern).test(NEW_URL.replace("https://", "http://"))).toBe(false);
    expect(new RegExp(pattern).test("https://evil.example.com/?x=.environment.api.powerplatform.com/&sig=1")).toBe(
      false,
    );
    expect(new RegExp(pattern).test("https://attacker.environment.api.powerplatform.com.evil.net/x?sig=1")).toBe(false);
    let message = "";
    try {
      validateFlowRequestUrl("https://example.com/?sig=1");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(validation.error_message).toBe(`${VARIABLE}: expected ${message}.`);
  });

  test("an externally managed route: a placeholder Terraform writes once and never reads back", () => {
    const { json } = build({
      routes: { "create-user": { displayName: "Create User", flowRequestUrl: { source: "external" } } },
    });
    expect(json.variable).toBeUndefined();
    const [, secret] = onlyOfType(json, "azurerm_key_vault_secret");
    // Written once (its version never moves) and never read back: az keyvault secret set owns the value.
    expect(secret).toMatchObject({ value_wo: "placeholder-set-with-az-keyvault-secret-set", value_wo_version: 1 });
    expect(secret.value).toBeUndefined();
    expect(secret.lifecycle).toBeUndefined();
  });

  test("a caller's own reference is accepted; a literal URL is refused without echoing it", () => {
    const stack = new TerraformStack(Testing.app(), "own-ref");
    const own = new TerraformVariable(stack, "my_flow_url", { type: "string", sensitive: true });
    const keyVault = new SecureKeyVault(stack, "kv", {
      name: "kv-own-1",
      resourceGroupName: "rg",
      location: "westeurope",
      tenantId: "t",
    });
    new FlowEnvironment(stack, "env", {
      orgCode: "contoso",
      region: "crm4",
      directoryManagerServer: "dm",
      identityStoreId: 1,
      clientId: "0b9c7d2e-1111-4222-8333-444455556666",
      tenantId: "9f8e7d6c-1111-4222-8333-444455556666",
      keyVault,
      routes: {
        "create-user": { displayName: "Create User", flowRequestUrl: { source: "reference", value: own.stringValue } },
      },
    });
    expect(onlyOfType(synthStack(stack), "azurerm_key_vault_secret")[1].value_wo).toBe("${var.my_flow_url}");
    expect(() =>
      build({
        routes: {
          "create-user": { displayName: "Create User", flowRequestUrl: { source: "reference", value: NEW_URL } },
        },
      }),
    ).toThrow(
      /routes\["create-user"\]\.flowRequestUrl must be a reference, because a flow request URL is a bearer secret .*, but a literal URL \(not shown\) was given$/,
    );
  });

  test("variablePrefix names the variables exactly (the app keeps the pipelines' TF_VAR_flow_request_url_<route>)", () => {
    const { json } = build({ variablePrefix: "flow_request_url" });
    expect(Object.keys(json.variable!)).toEqual(["flow_request_url_create_user"]);
    expect(onlyOfType(json, "azurerm_key_vault_secret")[1].value_wo).toBe("${var.flow_request_url_create_user}");
  });

  test("two flow environments in one stack: variables of their own by default; the same explicit prefix fails naming both", () => {
    const two = (prefix?: string) => {
      const stack = new TerraformStack(Testing.app(), "two");
      const keyVault = new SecureKeyVault(stack, "kv", {
        name: "kv-two-1",
        resourceGroupName: "rg",
        location: "westeurope",
        tenantId: "t",
      });
      for (const id of ["contoso", "fabrikam"]) {
        const scope = new Construct(stack, id);
        new FlowEnvironment(scope, "env", {
          ...flowEnvironmentProps(keyVault),
          variablePrefix: prefix,
          routes: { [`${id}-user`]: { displayName: "Create User", flowRequestUrl: { source: "variable" } } },
        });
      }
      return synthStack(stack);
    };
    expect(Object.keys(two().variable!).sort()).toEqual([
      "contoso_env_flow_request_url_contoso_user",
      "fabrikam_env_flow_request_url_fabrikam_user",
    ]);
    const same = () => {
      const stack = new TerraformStack(Testing.app(), "same");
      const keyVault = new SecureKeyVault(stack, "kv", {
        name: "kv-same-1",
        resourceGroupName: "rg",
        location: "westeurope",
        tenantId: "t",
      });
      new FlowEnvironment(new Construct(stack, "a"), "env", {
        ...flowEnvironmentProps(keyVault),
        variablePrefix: "flow_url",
      });
      new FlowEnvironment(new Construct(stack, "b"), "env", {
        ...flowEnvironmentProps(keyVault),
        variablePrefix: "flow_url",
      });
    };
    expect(same).toThrow(
      'same/b/env: variablePrefix must be a name no other Terraform variable in this stack has (same/a/env already uses it), but "flow_url_create_user" was given',
    );
  });

  test("two routes: two variables, two secrets, two rows in the settings document", () => {
    const { env, json } = build({
      routes: {
        "create-user": { displayName: "Create User", flowRequestUrl: { source: "variable" } },
        "update-user": { displayName: "Update User", flowRequestUrl: { source: "external" } },
      },
    });
    expect(Object.keys(json.variable!)).toEqual([VARIABLE]);
    const names = ofType(json, "azurerm_key_vault_secret")
      .map(([, s]) => s.name)
      .sort();
    expect(names).toEqual(["flow-url-create-user", "flow-url-update-user"]);
    const rows = (env.settingsDocument().routes as { routeKey: string }[]).map((r) => r.routeKey);
    expect(rows).toEqual(["create-user", "update-user"]);
  });
});

describe("FlowEnvironment: the settings document", () => {
  const example = JSON.parse(readFileSync(join(__dirname, "..", "..", "config", "example.json"), "utf8"));
  const { json } = synthEnvironment(example, "example");
  const settings = json.output!.directory_manager_settings;

  test("the default stack has the create-user route, its secret and the settings document as a non-sensitive output", () => {
    const secret = ofType(json, "azurerm_key_vault_secret").find(([, s]) => s.name === "flow-url-create-user");
    expect(secret).toBeDefined();
    expect(settings.sensitive).toBeUndefined();
  });

  test("shaped like Directory Manager's Workflows/MsFlow/Settings body, with values from the app registration", () => {
    const [appId] = onlyOfType(json, "azuread_application");
    const value = settings.value as Record<string, unknown>;
    expect(value).toMatchObject({
      organizationalCode: "contoso",
      region: "crm4",
      directoryManagerServer: "https://dm.contoso.com",
      identityStoreID: 1,
      clientID: ref("azuread_application", appId, "client_id"),
    });
    expect(value.tenantID).toMatch(/^\$\{data\.azuread_client_config\..*\.tenant_id\}$/);
    // Not configured: no callback URL guessed from the server (dmflow leaves Directory Manager's alone).
    expect(value).not.toHaveProperty("groupIDServiceUrl");
  });

  // The docs' own values: getpowerautomatesettings.md's sample (a path, netwrix/docs@2aa9036f) and
  // the older console revision's Proxy Callback URL (a port, admincenter/workflow/integrate.md@53b3e0a0).
  test.each([
    [
      "https://powerautomate-netwrix1.msappproxy.net/directorymanagerdataservice",
      "https://powerautomate-netwrix1.msappproxy.net/directorymanagerdataservice",
    ],
    ["https://powerautomate-proxy:5555/", "https://powerautomate-proxy:5555"],
    ["https://dm.contoso.com/GroupIDDataService", "https://dm.contoso.com/GroupIDDataService"],
  ])("groupIDServiceUrl %s is its own field, kept with path and port", (given, expected) => {
    const { json: own } = synthEnvironment(
      { ...example, flowEnvironment: { ...example.flowEnvironment, groupIDServiceUrl: given } },
      "callback",
    );
    const value = own.output!.directory_manager_settings.value as Record<string, unknown>;
    expect(value.groupIDServiceUrl).toBe(expected);
    expect(value.directoryManagerServer).toBe("https://dm.contoso.com");
  });

  test("without a relay, each route row names the Key Vault secret id, never the URL", () => {
    const { json: noRelay } = synthEnvironment({ ...example, relay: { enabled: false } }, "norelay");
    const [secretId] = ofType(noRelay, "azurerm_key_vault_secret").find(([, s]) => s.name === "flow-url-create-user")!;
    expect((noRelay.output!.directory_manager_settings.value as { routes: unknown[] }).routes).toEqual([
      {
        routeKey: "create-user",
        displayName: "Create User",
        flowUrlKeyVaultSecretId: ref("azurerm_key_vault_secret", secretId, "versionless_id"),
      },
    ]);
  });

  test("departments map to their SharePoint sites", () => {
    expect((settings.value as { departments: unknown }).departments).toEqual({
      Sales: { siteUrl: "https://contoso.sharepoint.com/sites/sales" },
      Finance: { siteUrl: "https://contoso.sharepoint.com/sites/finance" },
    });
  });

  test("no URL or secret literal in the synthesized JSON", () => {
    expect(findSecretLiterals(json)).toEqual([]);
  });

  test("opt-in department groups: one dynamic security group per department, ids in the document", () => {
    const { json: withGroups } = synthEnvironment({ ...example, departmentGroups: { create: true } }, "groups");
    const groups = ofType(withGroups, "azuread_group");
    expect(groups).toHaveLength(2);
    const sales = groups.find(([, g]) => g.display_name === "SharePoint access - Sales")!;
    expect(sales[1]).toMatchObject({
      security_enabled: true,
      mail_enabled: false,
      types: ["DynamicMembership"],
      dynamic_membership: { enabled: true, rule: 'user.department -eq "Sales"' },
    });
    const departments = (
      withGroups.output!.directory_manager_settings.value as { departments: Record<string, { groupObjectId: string }> }
    ).departments;
    expect(departments.Sales.groupObjectId).toBe(ref("azuread_group", sales[0], "object_id"));
  });

  test("without the app registration, client and tenant id come from config", () => {
    const clientId = "0b9c7d2e-1111-4222-8333-444455556666";
    const tenantId = "9f8e7d6c-1111-4222-8333-444455556666";
    const { json: noApp } = synthEnvironment(
      {
        ...example,
        directoryManagerApp: { enabled: false },
        flowEnvironment: { ...example.flowEnvironment, clientId, tenantId },
      },
      "noapp",
    );
    expect(ofType(noApp, "azuread_application")).toHaveLength(0);
    expect(noApp.output!.directory_manager_settings.value).toMatchObject({ clientID: clientId, tenantID: tenantId });
  });
});
