import { RESOURCE_APIS } from "../../../constructs/resource-apis";
import { durationDays } from "../../../constructs/security/rules/entra-app";
import { describeRuleCases, element, resource, run, status } from "../support";

const flowPrincipal = element("data", "azuread_service_principal", "flow", {
  client_id: RESOURCE_APIS.flowService.clientId,
});
const graphPrincipal = element("data", "azuread_service_principal", "graph", {
  client_id: RESOURCE_APIS.microsoftGraph.clientId,
});
const otherPrincipal = element("data", "azuread_service_principal", "other", {
  client_id: "11111111-2222-3333-4444-555555555555",
});
const principals = [flowPrincipal, graphPrincipal, otherPrincipal];
const scope = (principal: string, name: string) => ({
  id: `\${data.azuread_service_principal.${principal}.oauth2_permission_scope_ids["${name}"]}`,
  type: "Scope",
});
const role = (principal: string, name: string) => ({
  id: `\${data.azuread_service_principal.${principal}.app_role_ids["${name}"]}`,
  type: "Role",
});
const access = (principal: string, entries: object[]) => ({
  resource_app_id: `\${data.azuread_service_principal.${principal}.client_id}`,
  resource_access: entries,
});

const secureApp = {
  display_name: "Netwrix Directory Manager",
  sign_in_audience: "AzureADMyOrg",
  owners: ["${data.azuread_client_config.me.object_id}", "3f2504e0-4f89-41d3-9a0c-0305e82c3301"],
  required_resource_access: [
    access("flow", [scope("flow", "Flows.Read.All"), scope("flow", "User")]),
    access("graph", [scope("graph", "User.Read")]),
  ],
};
const app = (overrides: Record<string, unknown> = {}) =>
  resource("azuread_application", { ...secureApp, ...overrides }, "app");
const securePassword = {
  application_id: "${azuread_application.app.id}",
  end_date: '${timeadd(time_rotating.rotation.rfc3339, "4320h")}',
  rotate_when_changed: { rotation: "${time_rotating.rotation.id}" },
};
const password = (overrides: Record<string, unknown> = {}) =>
  resource("azuread_application_password", { ...securePassword, ...overrides }, "pw");
const vault = resource("azurerm_key_vault", { name: "kv" });

describeRuleCases(
  [
    [
      "DMF-ENTRA-SINGLE-TENANT",
      "multi-tenant",
      app({ sign_in_audience: "AzureADMultipleOrgs" }),
      app(),
      /sign_in_audience is "AzureADMultipleOrgs"/,
    ],
    ["DMF-ENTRA-OWNERS", "no owners", app({ owners: [] }), app(), /it has no owner/],
    [
      "DMF-ENTRA-OWNERS",
      "one owner",
      app({ owners: ["${data.azuread_client_config.me.object_id}"] }),
      app(),
      /it has one owner \("\$\{data.azuread_client_config.me.object_id\}"\); with at least 2/,
    ],
    [
      "DMF-ENTRA-LEAST-PRIVILEGE",
      "a scope outside the allowed list",
      app({ required_resource_access: [access("graph", [scope("graph", "Directory.ReadWrite.All")])] }),
      app(),
      /delegated scope "Directory.ReadWrite.All" on 00000003-0000-0000-c000-000000000000 is not in the allowed list/,
    ],
    [
      "DMF-ENTRA-LEAST-PRIVILEGE",
      "an application role",
      app({ required_resource_access: [access("graph", [role("graph", "User.Read.All")])] }),
      app(),
      /application role \(app-only permission\).*none is allowed/,
    ],
    [
      "DMF-ENTRA-LEAST-PRIVILEGE",
      "an API outside RESOURCE_APIS",
      app({ required_resource_access: [access("other", [scope("other", "user_impersonation")])] }),
      app(),
      /not an allowed resource API/,
    ],
    [
      "DMF-ENTRA-SECRET-LIFETIME",
      "a two-year secret",
      password({ end_date: '${timeadd(time_rotating.rotation.rfc3339, "17520h")}' }),
      password(),
      /valid 730 days; at most 365 are allowed/,
    ],
    [
      "DMF-ENTRA-SECRET-LIFETIME",
      "no end date",
      password({ end_date: undefined }),
      password(),
      /no end_date, so Entra ID makes it valid for two years/,
    ],
    [
      "DMF-ENTRA-SECRET-LIFETIME",
      "no rotation trigger",
      password({ end_date: "${var.end_date}", rotate_when_changed: undefined }),
      password(),
      /no rotation trigger/,
    ],
  ],
  vault,
  principals,
);

describe("DMF-ENTRA-LEAST-PRIVILEGE on grants, API access and app role assignments", () => {
  const grant = (claims: unknown, principal = "flow") =>
    resource(
      "azuread_service_principal_delegated_permission_grant",
      {
        service_principal_object_id: "${azuread_service_principal.sp.object_id}",
        resource_service_principal_object_id: `\${data.azuread_service_principal.${principal}.object_id}`,
        claim_values: claims,
      },
      "grant",
    );
  test("consent to allowed scopes passes; to another scope fails", () => {
    expect(status("DMF-ENTRA-LEAST-PRIVILEGE", grant(["Flows.Read.All", "Approvals.Manage.All"]), principals)).toBe(
      "compliant",
    );
    const outcome = run(
      "DMF-ENTRA-LEAST-PRIVILEGE",
      grant(["Flows.Read.All", "Directory.AccessAsUser.All"], "graph"),
      principals,
    );
    expect(outcome.status === "non-compliant" && outcome.problem).toMatch(
      /"Flows.Read.All".*not in the allowed list.*"Directory.AccessAsUser.All"/,
    );
  });
  test("a narrower allowed list from the options", () => {
    expect(
      status("DMF-ENTRA-LEAST-PRIVILEGE", grant(["Flows.Manage.All"]), principals, {
        allowedDelegatedScopes: { flowService: ["Flows.Read.All"] },
      }),
    ).toBe("non-compliant");
  });
  test("a grant on a principal the rule cannot follow is unknown", () => {
    expect(status("DMF-ENTRA-LEAST-PRIVILEGE", grant(["User.Read"], "missing"), principals)).toBe("unknown");
  });
  test("a scope given by literal id cannot be named, so it is unknown", () => {
    expect(
      status(
        "DMF-ENTRA-LEAST-PRIVILEGE",
        app({
          required_resource_access: [
            {
              resource_app_id: RESOURCE_APIS.microsoftGraph.clientId,
              resource_access: [{ id: "e1fc6fd6-9d05-4e2b-9a6e-2d4b1e6d1c6a", type: "Scope" }],
            },
          ],
        }),
        principals,
      ),
    ).toBe("unknown");
  });
  test("azuread_application_api_access: roles only when configured", () => {
    const apiAccess = (roles: string[]) =>
      resource(
        "azuread_application_api_access",
        {
          application_id: "${azuread_application.app.id}",
          api_client_id: RESOURCE_APIS.microsoftGraph.clientId,
          scope_ids: [scope("graph", "User.Read").id],
          role_ids: roles.map((r) => role("graph", r).id),
        },
        "api",
      );
    expect(status("DMF-ENTRA-LEAST-PRIVILEGE", apiAccess([]), principals)).toBe("compliant");
    expect(status("DMF-ENTRA-LEAST-PRIVILEGE", apiAccess(["User.Read.All"]), principals)).toBe("non-compliant");
    expect(
      status("DMF-ENTRA-LEAST-PRIVILEGE", apiAccess(["User.Read.All"]), principals, {
        allowedApplicationRoles: { microsoftGraph: ["User.Read.All"] },
      }),
    ).toBe("compliant");
  });
  test("an app role assigned to this stack's service principal is an application permission", () => {
    const assignment = (principal: string) =>
      resource(
        "azuread_app_role_assignment",
        {
          app_role_id: role("graph", "Directory.Read.All").id,
          principal_object_id: principal,
          resource_object_id: "${data.azuread_service_principal.graph.object_id}",
        },
        "ara",
      );
    expect(
      status("DMF-ENTRA-LEAST-PRIVILEGE", assignment("${azuread_service_principal.sp.object_id}"), principals),
    ).toBe("non-compliant");
    expect(status("DMF-ENTRA-LEAST-PRIVILEGE", assignment("${azuread_group.admins.object_id}"), principals)).toBe(
      "not-applicable",
    );
    expect(status("DMF-ENTRA-LEAST-PRIVILEGE", assignment("00000000-0000-0000-0000-000000000001"), principals)).toBe(
      "unknown",
    );
  });
});

describe("DMF-ENTRA-OWNERS and DMF-ENTRA-SINGLE-TENANT details", () => {
  test("an azuread_application_owner resource counts as an owner; the same owner twice counts once", () => {
    const owner = (id: string, name = "owner") =>
      resource(
        "azuread_application_owner",
        { application_id: "${azuread_application.app.id}", owner_object_id: id },
        name,
      );
    const deployer = "${data.azuread_client_config.me.object_id}";
    expect(
      status("DMF-ENTRA-OWNERS", app({ owners: [deployer] }), [owner("3f2504e0-4f89-41d3-9a0c-0305e82c3301")]),
    ).toBe("compliant");
    expect(
      status("DMF-ENTRA-OWNERS", app({ owners: undefined }), [owner("3f2504e0-4f89-41d3-9a0c-0305e82c3301")]),
    ).toBe("non-compliant");
    expect(status("DMF-ENTRA-OWNERS", app({ owners: [deployer, deployer] }))).toBe("non-compliant");
    expect(status("DMF-ENTRA-OWNERS", app({ owners: [deployer] }), [owner(deployer)])).toBe("non-compliant");
  });
  test("owners given as one unresolved list are unknown; left out, there are none", () => {
    expect(status("DMF-ENTRA-OWNERS", app({ owners: "${var.owners}" }))).toBe("unknown");
    expect(run("DMF-ENTRA-OWNERS", app({ owners: undefined }))).toMatchObject({
      status: "non-compliant",
      problem: expect.stringMatching(/no owner/),
    });
  });
  test("the sign-in audience defaults to single tenant", () => {
    expect(status("DMF-ENTRA-SINGLE-TENANT", app({ sign_in_audience: undefined }))).toBe("compliant");
  });
});

describe("DMF-ENTRA-SECRET-LIFETIME details", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  test("a literal end date is measured from synth time", () => {
    expect(run("DMF-ENTRA-SECRET-LIFETIME", password({ end_date: "2026-06-30T00:00:00Z" }), [], {}, now).status).toBe(
      "compliant",
    );
    expect(run("DMF-ENTRA-SECRET-LIFETIME", password({ end_date: "2027-06-30T00:00:00Z" }), [], {}, now).status).toBe(
      "non-compliant",
    );
  });
  test("end_date_relative is a Go duration", () => {
    expect(status("DMF-ENTRA-SECRET-LIFETIME", password({ end_date: undefined, end_date_relative: "2160h" }))).toBe(
      "compliant",
    );
    expect(status("DMF-ENTRA-SECRET-LIFETIME", password({ end_date: undefined, end_date_relative: "9000h" }))).toBe(
      "non-compliant",
    );
  });
  test("an end date known only at plan is unknown, and says what the construct recorded", () => {
    const outcome = run("DMF-ENTRA-SECRET-LIFETIME", {
      ...password({ end_date: "${time_offset.o.rfc3339}" }),
      metadata: { "dmflow:clientSecretLifetimeDays": 180 },
    });
    expect(outcome).toEqual({
      status: "unknown",
      problem:
        'end_date "${time_offset.o.rfc3339}" is known only at plan (the construct records a lifetime of 180 days)',
    });
  });
  test("timeadd on a base that is not a creation time is unknown", () => {
    expect(status("DMF-ENTRA-SECRET-LIFETIME", password({ end_date: '${timeadd(var.start, "24h")}' }))).toBe("unknown");
  });
  test("the longest lifetime is configurable", () => {
    expect(status("DMF-ENTRA-SECRET-LIFETIME", password(), [], { maxClientSecretLifetimeDays: 90 })).toBe(
      "non-compliant",
    );
  });
  test("service principal passwords and inline application passwords are checked too", () => {
    expect(
      status(
        "DMF-ENTRA-SECRET-LIFETIME",
        resource("azuread_service_principal_password", { ...securePassword, end_date: undefined }),
      ),
    ).toBe("non-compliant");
    expect(
      status(
        "DMF-ENTRA-SECRET-LIFETIME",
        app({ password: { display_name: "x", end_date: '${timeadd(time_rotating.r.rfc3339, "2160h")}' } }),
      ),
    ).toBe("compliant");
    expect(
      status("DMF-ENTRA-SECRET-LIFETIME", app({ password: { display_name: "x", end_date: "2026-02-01T00:00:00Z" } })),
    ).toBe("non-compliant");
    expect(status("DMF-ENTRA-SECRET-LIFETIME", app())).toBe("not-applicable");
  });
  test("durationDays reads Go durations", () => {
    expect(durationDays("4320h")).toBe(180);
    expect(durationDays("8760h0m0s")).toBe(365);
    expect(durationDays("36h")).toBe(1.5);
    expect(durationDays("soon")).toBeUndefined();
    expect(durationDays("")).toBeUndefined();
  });
});
