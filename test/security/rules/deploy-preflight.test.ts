import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "../../../constructs/providers/cdktf";
import type { App } from "../../../constructs/providers/cdktf";
import { parseEnvironmentConfig } from "../../../constructs/app/config-loader";
import { DirectoryManagerFlowStack } from "../../../constructs/app/directory-manager-flow-stack";
import { createRuleContext, elementsOf, evaluateRule } from "../../../constructs/security/engine";
import { DEPLOY_PREFLIGHT_RULES } from "../../../constructs/security/rules/deploy-preflight";
import { element, resource, run, status } from "../support";

// Each deploy preflight rule of deploy-preflight.ts: compliant, non-compliant (what the problem
// says) and not applicable; then the default stack and a private-endpoint + decisions variant.

const problemOf = (outcome: ReturnType<typeof run>) =>
  outcome.status === "non-compliant" || outcome.status === "unknown" ? outcome.problem : outcome.status;

describe("DMF-DEPLOY-ARM-ID-CASING", () => {
  const site = (serverFarmId: string) =>
    resource(
      "azapi_resource",
      { type: "Microsoft.Web/sites@2024-11-01", body: { properties: { serverFarmId } } },
      "app",
    );

  test("compliant: the id passed through the replace to ARM's spelling, or a literal spelt as ARM does", () => {
    expect(
      status(
        "DMF-DEPLOY-ARM-ID-CASING",
        site(
          '${replace(azurerm_service_plan.p.id, "/(?i)/providers/microsoft[.]web/serverfarms//", "/providers/Microsoft.Web/serverfarms/")}',
        ),
      ),
    ).toBe("compliant");
    expect(
      status(
        "DMF-DEPLOY-ARM-ID-CASING",
        site("/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/serverfarms/p"),
      ),
    ).toBe("compliant");
  });

  test("non-compliant: azurerm's plan id as it is, or a literal spelt serverFarms", () => {
    expect(problemOf(run("DMF-DEPLOY-ARM-ID-CASING", site("${azurerm_service_plan.p.id}")))).toMatch(
      /body\.properties\.serverFarmId is \$\{azurerm_service_plan\.p\.id\}, which azurerm spells "Microsoft\.Web\/serverFarms"/,
    );
    expect(
      problemOf(
        run(
          "DMF-DEPLOY-ARM-ID-CASING",
          site("/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/serverFarms/p"),
        ),
      ),
    ).toMatch(
      /spells "\/providers\/Microsoft\.Web\/serverFarms\/"; ARM returns "\/providers\/Microsoft\.Web\/serverfarms\/"/,
    );
  });

  test("not applicable: a body without strings, or another resource type", () => {
    expect(status("DMF-DEPLOY-ARM-ID-CASING", resource("azapi_resource", { body: { properties: { n: 1 } } }))).toBe(
      "not-applicable",
    );
    expect(status("DMF-DEPLOY-ARM-ID-CASING", resource("azurerm_storage_account", { name: "x" }))).toBe(
      "not-applicable",
    );
  });
});

describe("DMF-DEPLOY-PRIVATE-PACKAGE-URI", () => {
  const deploy = (packageUri: string) =>
    resource("azapi_resource_action", {
      action: "extensions/onedeploy",
      method: "PUT",
      body: { properties: { packageUri, type: "zip" } },
    });

  test("compliant: a SAS URL", () => {
    expect(status("DMF-DEPLOY-PRIVATE-PACKAGE-URI", deploy("https://a.blob.core.windows.net/c/p.zip?sv=1&sig=x"))).toBe(
      "compliant",
    );
  });

  test("non-compliant: a private blob URL (the old relay shape), literal or from the account's endpoint", () => {
    expect(
      problemOf(
        run(
          "DMF-DEPLOY-PRIVATE-PACKAGE-URI",
          deploy("${azurerm_storage_account.s.primary_blob_endpoint}relay-packages/h/released-package.zip"),
        ),
      ),
    ).toMatch(/is a blob URL without a SAS/);
    expect(status("DMF-DEPLOY-PRIVATE-PACKAGE-URI", deploy("https://a.blob.core.windows.net/c/p.zip"))).toBe(
      "non-compliant",
    );
  });

  test("unknown: a URL only a variable knows; not applicable: another action", () => {
    expect(status("DMF-DEPLOY-PRIVATE-PACKAGE-URI", deploy("${var.package_url}"))).toBe("unknown");
    expect(
      status("DMF-DEPLOY-PRIVATE-PACKAGE-URI", resource("azapi_resource_action", { action: "restart", body: {} })),
    ).toBe("not-applicable");
  });
});

describe("DMF-DEPLOY-STORAGE-DATA-PLANE-POLL", () => {
  const account = (defaultAction: string) =>
    resource("azurerm_storage_account", { network_rules: { default_action: defaultAction } }, "st");
  const provider = (features: unknown) => element("provider", "azurerm", "azurerm", { features });

  test("compliant: a firewalled account, the provider's poll off", () => {
    expect(
      status("DMF-DEPLOY-STORAGE-DATA-PLANE-POLL", account("Deny"), [
        provider([{ storage: [{ data_plane_available: false }] }]),
      ]),
    ).toBe("compliant");
  });

  test("non-compliant: a firewalled account with the poll on (the feature left out)", () => {
    expect(
      problemOf(run("DMF-DEPLOY-STORAGE-DATA-PLANE-POLL", account("Deny"), [provider([{ key_vault: [{}] }])])),
    ).toMatch(/denies by default and the azurerm provider's data-plane poll is on/);
  });

  test("not applicable: an open account; unknown: no provider block to read", () => {
    expect(status("DMF-DEPLOY-STORAGE-DATA-PLANE-POLL", account("Allow"), [provider([])])).toBe("not-applicable");
    expect(status("DMF-DEPLOY-STORAGE-DATA-PLANE-POLL", account("Deny"))).toBe("unknown");
  });
});

describe("DMF-DEPLOY-SITE-RETRY", () => {
  const policy = (retry?: unknown) =>
    resource("azapi_update_resource", {
      type: "Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01",
      resource_id: "${azapi_resource.app.id}/basicPublishingCredentialsPolicies/scm",
      body: { properties: { allow: false } },
      retry,
    });

  test("compliant: retried while the site is busy", () => {
    expect(
      status(
        "DMF-DEPLOY-SITE-RETRY",
        policy({ error_message_regex: ["Cannot modify this site because another operation is in progress"] }),
      ),
    ).toBe("compliant");
  });

  test("non-compliant: no retry (the old shape), or one that does not match the site's 409", () => {
    expect(problemOf(run("DMF-DEPLOY-SITE-RETRY", policy()))).toMatch(/no retry\.error_message_regex matches/);
    expect(status("DMF-DEPLOY-SITE-RETRY", policy({ error_message_regex: ["throttled"] }))).toBe("non-compliant");
  });

  test("not applicable: another azapi type", () => {
    expect(
      status("DMF-DEPLOY-SITE-RETRY", resource("azapi_resource", { type: "Microsoft.Web/sites@2024-11-01" })),
    ).toBe("not-applicable");
  });
});

describe("DMF-DEPLOY-SECRET-VERSION", () => {
  const secret = (version: string) =>
    resource("azurerm_key_vault_secret", {
      name: "client-secret",
      value_wo: "${azuread_application_password.p.value}",
      value_wo_version: version,
    });

  test("compliant: versioned from the password itself", () => {
    expect(
      status(
        "DMF-DEPLOY-SECRET-VERSION",
        secret("${parseint(substr(sha1(azuread_application_password.p.key_id), 0, 8), 16)}"),
      ),
    ).toBe("compliant");
  });

  test("non-compliant: versioned by a timer (the old shape)", () => {
    expect(problemOf(run("DMF-DEPLOY-SECRET-VERSION", secret("${time_rotating.r.unix}")))).toMatch(
      /value_wo comes from azuread_application_password\.p but value_wo_version from time_rotating\.r/,
    );
  });

  test("not applicable: a value from a variable (rewritten when its version input moves)", () => {
    expect(
      status(
        "DMF-DEPLOY-SECRET-VERSION",
        resource("azurerm_key_vault_secret", {
          value_wo: "${var.password}",
          value_wo_version: "${time_rotating.r.unix}",
        }),
      ),
    ).toBe("not-applicable");
  });
});

describe("the default stack and a private-endpoint + decisions variant pass every new preflight rule", () => {
  const example = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "config", "example.json"), "utf8"));
  const variants: [string, Record<string, unknown>][] = [
    ["default", example],
    [
      "private endpoints + decisions",
      {
        ...example,
        relay: { ...example.relay, network: { privateEndpoints: true }, decisions: { enabled: true } },
      },
    ],
  ];

  test.each(variants)("%s: no rule fails, and each one that can apply is compliant somewhere", (_, config) => {
    const stack = new DirectoryManagerFlowStack(Testing.app() as App, "example", {
      environment: "example",
      config: parseEnvironmentConfig(config, "config/example.json"),
    });
    const elements = elementsOf(JSON.parse(Testing.synth(stack)));
    const context = createRuleContext(elements);
    for (const rule of DEPLOY_PREFLIGHT_RULES) {
      const outcomes = elements.map((e) => evaluateRule(rule, e, context));
      expect([rule.id, outcomes.filter((o) => o.status === "non-compliant" || o.status === "unknown")]).toEqual([
        rule.id,
        [],
      ]);
      // The package rule has nothing to read now that the stack sends no OneDeploy request.
      if (rule.id !== "DMF-DEPLOY-PRIVATE-PACKAGE-URI")
        expect([rule.id, outcomes.some((o) => o.status === "compliant")]).toEqual([rule.id, true]);
    }
  });
});
