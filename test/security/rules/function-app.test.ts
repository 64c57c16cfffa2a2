import { describeRuleCases, reportedBy, resource, run, status } from "../support";
import { flex, linux, secureFlex, secureLinux } from "./fixtures";

const FLEX = "azurerm_function_app_flex_consumption";
const LINUX = "azurerm_linux_function_app";
const storage = resource("azurerm_storage_account", { name: "x" });

// cdk-nag style: each rule has a compliant, a non-compliant and a not-applicable case.
describeRuleCases(
  [
    ["DMF-FUNC-HTTPS-ONLY", "https_only false", flex({ https_only: false }), flex(), /https_only is false/],
    [
      "DMF-FUNC-HTTPS-ONLY",
      "https_only left out",
      flex({ https_only: undefined }),
      flex(),
      /https_only is not set, and the provider default is false/,
    ],
    [
      "DMF-FUNC-MIN-TLS",
      "TLS 1.1",
      flex({ site_config: { minimum_tls_version: "1.1" } }),
      flex(),
      /minimum_tls_version is "1.1"/,
    ],
    [
      "DMF-FUNC-MIN-TLS",
      "SCM TLS 1.0",
      flex({ site_config: { scm_minimum_tls_version: "1.0" } }),
      flex(),
      /scm_minimum_tls_version is "1.0"/,
    ],
    [
      "DMF-FUNC-REMOTE-DEBUG-OFF",
      "remote debugging on",
      flex({ site_config: { remote_debugging_enabled: true } }),
      flex(),
      /remote_debugging_enabled is true/,
    ],
    [
      "DMF-FUNC-PUBLIC-ACCESS",
      "public access on",
      flex({ public_network_access_enabled: true }),
      flex(),
      /public_network_access_enabled is true/,
    ],
    [
      "DMF-FUNC-PUBLIC-ACCESS",
      "public access left out",
      flex({ public_network_access_enabled: undefined }),
      flex(),
      /provider default is true/,
    ],
    ["DMF-FUNC-MANAGED-IDENTITY", "no identity", flex({ identity: undefined }), flex(), /no identity block/],
    [
      "DMF-FUNC-BASIC-AUTH-OFF",
      "webdeploy basic auth left out",
      flex({ webdeploy_publish_basic_authentication_enabled: undefined }),
      flex(),
      /webdeploy_publish_basic_authentication_enabled is not set/,
    ],
  ],
  storage,
);

describe("on a Linux function app", () => {
  test("every rule passes the secure defaults (site_config as a one-element list)", () => {
    for (const id of [
      "DMF-FUNC-HTTPS-ONLY",
      "DMF-FUNC-MIN-TLS",
      "DMF-FUNC-REMOTE-DEBUG-OFF",
      "DMF-FUNC-PUBLIC-ACCESS",
      "DMF-FUNC-MANAGED-IDENTITY",
      "DMF-FUNC-BASIC-AUTH-OFF",
      "DMF-FUNC-FTPS",
    ]) {
      expect([id, status(id, resource(LINUX, secureLinux))]).toEqual([id, "compliant"]);
    }
  });
  test("DMF-FUNC-BASIC-AUTH-OFF also needs FTP basic auth off (default on)", () => {
    const outcome = run(
      "DMF-FUNC-BASIC-AUTH-OFF",
      resource(LINUX, { ...secureLinux, ftp_publish_basic_authentication_enabled: undefined }),
    );
    expect(outcome).toEqual({
      status: "non-compliant",
      problem: "ftp_publish_basic_authentication_enabled is not set, and the provider default is true",
    });
  });
  test("DMF-FUNC-FTPS: compliant when left out (default Disabled), non-compliant with AllAllowed", () => {
    expect(status("DMF-FUNC-FTPS", resource(LINUX, { ...secureLinux, site_config: {} }))).toBe("compliant");
    expect(
      status("DMF-FUNC-FTPS", resource(LINUX, { ...secureLinux, site_config: { ftps_state: "AllAllowed" } })),
    ).toBe("non-compliant");
  });
  test("DMF-FUNC-FTPS is not applicable to Flex Consumption (no FTP)", () => {
    expect(status("DMF-FUNC-FTPS", resource(FLEX, secureFlex))).toBe("not-applicable");
  });
  test("DMF-FUNC-MANAGED-IDENTITY accepts a user-assigned identity", () => {
    expect(
      status(
        "DMF-FUNC-MANAGED-IDENTITY",
        resource(LINUX, {
          ...secureLinux,
          identity: [{ type: "UserAssigned", identity_ids: ["${azurerm_user_assigned_identity.i.id}"] }],
        }),
      ),
    ).toBe("compliant");
  });
});

describe("unresolved values are unknown: never a false pass", () => {
  test.each([
    ["DMF-FUNC-HTTPS-ONLY", { https_only: "${var.https_only}" }],
    ["DMF-FUNC-MIN-TLS", { site_config: { minimum_tls_version: "${var.tls}" } }],
    ["DMF-FUNC-MIN-TLS", { site_config: "${var.site_config}" }],
    ["DMF-FUNC-PUBLIC-ACCESS", { public_network_access_enabled: "${var.public}" }],
    ["DMF-FUNC-MANAGED-IDENTITY", { identity: { type: "${var.identity_type}" } }],
  ])("%s with %j", (ruleId, weakened) => {
    const outcome = run(ruleId, resource(FLEX, { ...secureFlex, ...weakened }));
    expect(outcome.status).toBe("unknown");
    expect(outcome.status === "unknown" && outcome.problem).toMatch(/known only at plan/);
  });
  test('a boolean given as the string "false" is read as false', () => {
    expect(status("DMF-FUNC-HTTPS-ONLY", resource(FLEX, { ...secureFlex, https_only: "false" }))).toBe("non-compliant");
  });
});

describe("on a function app declared through azapi (read from its ARM body)", () => {
  /** A Flex site with every secure default, and its two basic-publishing policies off. */
  const secureSite = {
    type: "Microsoft.Web/sites@2024-11-01",
    name: "relay",
    identity: [{ type: "UserAssigned", identity_ids: ["${azurerm_user_assigned_identity.i.id}"] }],
    body: {
      kind: "functionapp,linux",
      properties: {
        httpsOnly: true,
        publicNetworkAccess: "Disabled",
        functionAppConfig: { runtime: { name: "node", version: "22" } },
        siteConfig: { minTlsVersion: "1.2", scmMinTlsVersion: "1.2", remoteDebuggingEnabled: false },
      },
    },
  };
  const site = (properties: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
    resource(
      "azapi_resource",
      {
        ...secureSite,
        ...extra,
        body: { ...secureSite.body, properties: { ...secureSite.body.properties, ...properties } },
      },
      "app",
    );
  const policy = (name: string, allow: boolean, parent = "${azapi_resource.app.id}") =>
    resource(
      "azapi_resource",
      {
        type: "Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01",
        name,
        parent_id: parent,
        body: { properties: { allow } },
      },
      `${name}-policy`,
    );
  /** This package's form: a setting of the site (azapi_update_resource). */
  const policySetting = (name: string, allow: boolean, site = "${azapi_resource.app.id}") =>
    resource(
      "azapi_update_resource",
      {
        type: "Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01",
        resource_id: `${site}/basicPublishingCredentialsPolicies/${name}`,
        body: { properties: { allow } },
      },
      `${name}-setting`,
    );
  const policiesOff = [policy("scm", false), policy("ftp", false)];
  const siteConfig = secureSite.body.properties.siteConfig;

  test("every rule passes the secure site", () => {
    for (const id of [
      "DMF-FUNC-HTTPS-ONLY",
      "DMF-FUNC-MIN-TLS",
      "DMF-FUNC-REMOTE-DEBUG-OFF",
      "DMF-FUNC-PUBLIC-ACCESS",
      "DMF-FUNC-MANAGED-IDENTITY",
      "DMF-FUNC-BASIC-AUTH-OFF",
    ]) {
      expect([id, status(id, site(), policiesOff)]).toEqual([id, "compliant"]);
    }
    expect(status("DMF-FUNC-FTPS", site(), policiesOff)).toBe("not-applicable"); // Flex: no FTP
  });

  test.each([
    [
      "DMF-FUNC-HTTPS-ONLY",
      site({ httpsOnly: undefined }),
      /body.properties.httpsOnly is not set, and the provider default is false/,
    ],
    ["DMF-FUNC-MIN-TLS", site({ siteConfig: { ...siteConfig, scmMinTlsVersion: "1.0" } }), /scmMinTlsVersion is "1.0"/],
    [
      "DMF-FUNC-REMOTE-DEBUG-OFF",
      site({ siteConfig: { ...siteConfig, remoteDebuggingEnabled: true } }),
      /remoteDebuggingEnabled is true/,
    ],
    [
      "DMF-FUNC-PUBLIC-ACCESS",
      site({ publicNetworkAccess: undefined }),
      /publicNetworkAccess is not set, and the provider default is "Enabled"/,
    ],
    ["DMF-FUNC-MANAGED-IDENTITY", site({}, { identity: undefined }), /no identity block/],
  ])("%s fails a weakened site", (ruleId, weak, problem) => {
    const outcome = run(ruleId, weak, policiesOff);
    expect(outcome.status === "non-compliant" && outcome.problem).toMatch(problem);
  });

  test("DMF-FUNC-BASIC-AUTH-OFF needs both policies, children of this site, with allow: false", () => {
    expect(run("DMF-FUNC-BASIC-AUTH-OFF", site(), [policy("scm", false)])).toEqual({
      status: "non-compliant",
      problem: expect.stringMatching(/no basicPublishingCredentialsPolicies\/ftp setting/),
      reportedBy: [],
    });
    expect(run("DMF-FUNC-BASIC-AUTH-OFF", site(), [policy("scm", true), policy("ftp", false)])).toEqual({
      status: "non-compliant",
      problem: "body.properties.allow is true",
      reportedBy: [],
    });
    expect(
      status("DMF-FUNC-BASIC-AUTH-OFF", site(), [
        policy("scm", false, "${azapi_resource.other.id}"),
        policy("ftp", false),
      ]),
    ).toBe("non-compliant");
  });

  test("DMF-FUNC-BASIC-AUTH-OFF reads the policies as azapi_update_resource settings of this site too", () => {
    expect(status("DMF-FUNC-BASIC-AUTH-OFF", site(), [policySetting("scm", false), policySetting("ftp", false)])).toBe(
      "compliant",
    );
    expect(run("DMF-FUNC-BASIC-AUTH-OFF", site(), [policySetting("scm", false), policySetting("ftp", true)])).toEqual({
      status: "non-compliant",
      problem: "body.properties.allow is true",
      reportedBy: [],
    });
    expect(
      status("DMF-FUNC-BASIC-AUTH-OFF", site(), [
        policySetting("scm", false, "${azapi_resource.other.id}"),
        policySetting("ftp", false),
      ]),
    ).toBe("non-compliant");
  });

  test("not applicable to other azapi resources, and to a site that is not a function app", () => {
    expect(status("DMF-FUNC-HTTPS-ONLY", policy("scm", false))).toBe("not-applicable");
    const webApp = resource(
      "azapi_resource",
      { ...secureSite, body: { kind: "app,linux", properties: { httpsOnly: false } } },
      "web",
    );
    expect(status("DMF-FUNC-HTTPS-ONLY", webApp)).toBe("not-applicable");
  });

  test("a value known only at apply is unknown, never a false pass", () => {
    expect(status("DMF-FUNC-HTTPS-ONLY", site({ httpsOnly: "${var.https}" }))).toBe("unknown");
  });
});

describe("where the pack reads more than the scanners' check", () => {
  test("DMF-FUNC-HTTPS-ONLY: sign-in that allows http fails, as CKV_AZURE_70 reads it (Trivy reads https_only alone)", () => {
    const weak = linux({ auth_settings_v2: [{ require_https: false }] });
    expect(run("DMF-FUNC-HTTPS-ONLY", weak)).toEqual({
      status: "non-compliant",
      problem: "auth_settings_v2.require_https is false",
      reportedBy: ["CKV_AZURE_70"],
    });
    expect(status("DMF-FUNC-HTTPS-ONLY", linux({ auth_settings_v2: [{ auth_enabled: true }] }))).toBe("compliant"); // require_https defaults to true
  });
  test("DMF-FUNC-MIN-TLS: an old TLS on the SCM site fails the pack alone (CKV_AZURE_145 reads the app's setting only)", () => {
    const scm = linux({ site_config: [{ minimum_tls_version: "1.2", scm_minimum_tls_version: "1.0" }] });
    expect(run("DMF-FUNC-MIN-TLS", scm)).toEqual({
      status: "non-compliant",
      problem: 'site_config.scm_minimum_tls_version is "1.0"; expected "1.2" or "1.3"',
      reportedBy: [],
    });
    expect(
      reportedBy(
        "DMF-FUNC-MIN-TLS",
        linux({ site_config: [{ minimum_tls_version: "1.1", scm_minimum_tls_version: "1.0" }] }),
      ),
    ).toEqual(["CKV_AZURE_145"]);
  });
});

describe("scanners and Flex Consumption", () => {
  test("no scanner reads a Flex Consumption app (azurerm or azapi), so its findings name no scanner id; Linux apps keep theirs", () => {
    const weak = { https_only: false, identity: { type: "SystemAssigned" } };
    expect(reportedBy("DMF-FUNC-HTTPS-ONLY", resource("azurerm_function_app_flex_consumption", weak))).toEqual([]);
    expect(reportedBy("DMF-FUNC-HTTPS-ONLY", resource("azurerm_linux_function_app", weak))).toEqual([
      "CKV_AZURE_70",
      "AVD-AZU-0004",
    ]);
  });
});
