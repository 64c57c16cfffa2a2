import { RESOURCE_APIS } from "../../../constructs/resource-apis";
import { describeRuleCases, element, resource, run, status } from "../support";

const graph = element("data", "azuread_service_principal", "graph", {
  client_id: RESOURCE_APIS.microsoftGraph.clientId,
});
const principals = [graph];
const storage = resource("azurerm_storage_account", { name: "x" });

const servicePrincipal = (config: Record<string, unknown> = {}) =>
  resource(
    "azuread_service_principal",
    { client_id: "${azuread_application.app.client_id}", app_role_assignment_required: true, ...config },
    "sp",
  );
const roleAssignment = (principal: string, role = "User.Read.All") =>
  resource(
    "azuread_app_role_assignment",
    {
      app_role_id: `\${data.azuread_service_principal.graph.app_role_ids["${role}"]}`,
      principal_object_id: principal,
      resource_object_id: "${data.azuread_service_principal.graph.object_id}",
    },
    "ara",
  );
const relayIdentity = "${azurerm_user_assigned_identity.relay.principal_id}";
const grant = (claims: unknown, config: Record<string, unknown> = {}) =>
  resource(
    "azuread_service_principal_delegated_permission_grant",
    {
      service_principal_object_id: "${azuread_service_principal.sp.object_id}",
      resource_service_principal_object_id: "${data.azuread_service_principal.flow.object_id}",
      claim_values: claims,
      ...config,
    },
    "grant",
  );

describeRuleCases(
  [
    [
      "DMF-ENTRA-ASSIGNMENT-REQUIRED",
      "assignment not required",
      servicePrincipal({ app_role_assignment_required: false }),
      servicePrincipal(),
      /app_role_assignment_required is false/,
    ],
    [
      "DMF-ENTRA-ASSIGNMENT-REQUIRED",
      "left out (default false)",
      servicePrincipal({ app_role_assignment_required: undefined }),
      servicePrincipal(),
      /not set, and the provider default is false/,
    ],
    [
      "DMF-ENTRA-MANAGE-CONSENT",
      "tenant-wide Flows.Manage.All",
      grant(["Flows.Read.All", "Flows.Manage.All"]),
      grant(["Flows.Read.All", "User"]),
      /every user in the tenant to "Flows.Manage.All"/,
    ],
    [
      "DMF-ENTRA-MANAGE-CONSENT",
      "tenant-wide user_impersonation",
      grant(["user_impersonation"]),
      grant(["user_impersonation"], { user_object_id: "3f2504e0-4f89-41d3-9a0c-0305e82c3301" }),
      /"user_impersonation"/,
    ],
  ],
  storage,
  principals,
);

describe("DMF-ENTRA-ASSIGNMENT-REQUIRED", () => {
  test("a principal adopted with use_existing (a first-party API's) is not this stack's to set", () => {
    expect(
      status(
        "DMF-ENTRA-ASSIGNMENT-REQUIRED",
        servicePrincipal({ use_existing: true, app_role_assignment_required: undefined }),
      ),
    ).toBe("not-applicable");
  });
  test("a data source is only read, so it is not checked; a value known at plan is unknown", () => {
    expect(status("DMF-ENTRA-ASSIGNMENT-REQUIRED", graph)).toBe("not-applicable");
    expect(
      status("DMF-ENTRA-ASSIGNMENT-REQUIRED", servicePrincipal({ app_role_assignment_required: "${var.required}" })),
    ).toBe("unknown");
  });
});

describe("DMF-ENTRA-MANAGED-IDENTITY-ROLES", () => {
  test("an application role granted to a managed identity fails unless allowedApplicationRoles lists it; a group's role is not its business", () => {
    const outcome = run("DMF-ENTRA-MANAGED-IDENTITY-ROLES", roleAssignment(relayIdentity), principals);
    expect(outcome).toEqual({
      status: "non-compliant",
      problem: `managed identity ${relayIdentity}: it requests an application role (app-only permission) on 00000003-0000-0000-c000-000000000000, and none is allowed`,
    });
    expect(
      status("DMF-ENTRA-MANAGED-IDENTITY-ROLES", roleAssignment(relayIdentity), principals, {
        allowedApplicationRoles: { microsoftGraph: ["User.Read.All"] },
      }),
    ).toBe("compliant");
    expect(
      status("DMF-ENTRA-MANAGED-IDENTITY-ROLES", roleAssignment(relayIdentity, "Directory.Read.All"), principals, {
        allowedApplicationRoles: { microsoftGraph: ["User.Read.All"] },
      }),
    ).toBe("non-compliant");
    expect(
      status("DMF-ENTRA-MANAGED-IDENTITY-ROLES", roleAssignment("${azuread_group.admins.object_id}"), principals),
    ).toBe("not-applicable");
  });
  test.each([
    ["a user-assigned identity (data source)", "${data.azurerm_user_assigned_identity.relay.principal_id}"],
    ["a system-assigned identity", "${azurerm_linux_function_app.relay.identity[0].principal_id}"],
    ["a system-assigned identity, index as a path", "${azurerm_linux_function_app.relay.identity.0.principal_id}"],
    ["an azapi resource's identity output", "${azapi_resource.relay.output.identity.principalId}"],
  ])("%s is a managed identity", (_label, principal) => {
    expect(status("DMF-ENTRA-MANAGED-IDENTITY-ROLES", roleAssignment(principal), principals)).toBe("non-compliant");
  });
  test("the default access role grants nothing; a principal_id of another resource type is not an identity", () => {
    const defaultAccess = {
      ...roleAssignment(relayIdentity),
      config: { ...roleAssignment(relayIdentity).config, app_role_id: "00000000-0000-0000-0000-000000000000" },
    };
    expect(status("DMF-ENTRA-MANAGED-IDENTITY-ROLES", defaultAccess, principals)).toBe("not-applicable");
    expect(
      status(
        "DMF-ENTRA-MANAGED-IDENTITY-ROLES",
        roleAssignment("${azurerm_role_assignment.r.principal_id}"),
        principals,
      ),
    ).toBe("not-applicable");
  });
  test("an API the rule cannot follow is unknown", () => {
    const elsewhere = {
      ...roleAssignment(relayIdentity),
      config: { ...roleAssignment(relayIdentity).config, resource_object_id: "${var.api_object_id}" },
    };
    expect(status("DMF-ENTRA-MANAGED-IDENTITY-ROLES", elsewhere, principals)).toBe("unknown");
  });
});

describe("DMF-ENTRA-MANAGE-CONSENT", () => {
  test("user_object_id left out is consent for every user; read-only scopes pass either way", () => {
    expect(status("DMF-ENTRA-MANAGE-CONSENT", grant(["Approvals.Manage.All"]))).toBe("non-compliant");
    expect(status("DMF-ENTRA-MANAGE-CONSENT", grant(["User.Read", "Activity.Read.All"]))).toBe("compliant");
    expect(status("DMF-ENTRA-MANAGE-CONSENT", grant(["Flows.Write.Plans"]))).toBe("non-compliant");
    expect(status("DMF-ENTRA-MANAGE-CONSENT", grant(["User.ReadWrite.All"]))).toBe("non-compliant");
  });
  test("claims known only at plan are unknown", () => {
    expect(status("DMF-ENTRA-MANAGE-CONSENT", grant("${var.claims}"))).toBe("unknown");
    expect(run("DMF-ENTRA-MANAGE-CONSENT", grant(["User", "${var.scope}"]))).toEqual({
      status: "unknown",
      problem: 'claim_values holds "${var.scope}", known only at plan',
    });
  });
});
