import { Testing, TerraformStack, TerraformVariable } from "../constructs/providers/cdktf";
import { DirectoryManagerApp, type DirectoryManagerAppProps } from "../constructs/directory-manager-app";
import { SecureKeyVault } from "../constructs/secure-key-vault";
import { RESOURCE_APIS } from "../constructs/resource-apis";
import { ofType, onlyOfType, ref, synthStack } from "./support/synth";
import { applySecurityRules } from "../constructs/security";
import { check } from "./security/support";

function build(props: Partial<DirectoryManagerAppProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "app-test");
  const keyVault = new SecureKeyVault(stack, "kv", {
    name: "kv-test-1",
    resourceGroupName: "rg",
    location: "westeurope",
    tenantId: "t",
  });
  const app = new DirectoryManagerApp(stack, "dm", { keyVault, ...props });
  return { stack, app, json: synthStack(stack) };
}

const principalIdOf = (json: ReturnType<typeof build>["json"], clientId: string) =>
  ofType(json, "azuread_service_principal", "data").find(([, c]) => c.client_id === clientId)?.[0];

describe("DirectoryManagerApp: names", () => {
  test("two apps of one stack with the same display name fail at synth, naming both", () => {
    const stack = new TerraformStack(Testing.app(), "twice");
    const keyVault = new SecureKeyVault(stack, "kv", {
      name: "kv-test-1",
      resourceGroupName: "rg",
      location: "westeurope",
      tenantId: "t",
    });
    new DirectoryManagerApp(stack, "a", { keyVault, displayName: "Directory Manager", clientSecretName: "a-secret" });
    expect(
      () =>
        new DirectoryManagerApp(stack, "b", {
          keyVault,
          displayName: "directory manager",
          clientSecretName: "b-secret",
        }),
    ).toThrow(
      'twice/b: displayName must be a name no other app registration in this stack has (twice/a already uses it), but "directory manager" was given',
    );
  });
});

describe("DirectoryManagerApp: default properties", () => {
  const { json } = build();
  const [appId, application] = onlyOfType(json, "azuread_application");

  test("a single-tenant app registration named for Directory Manager and its construct path (the tenant refuses duplicates)", () => {
    expect(application.display_name).toBe("Netwrix Directory Manager (app-test/dm)");
    expect(application.prevent_duplicate_names).toBe(true);
    expect(application.sign_in_audience).toBe("AzureADMyOrg");
  });

  test("owned by the deploying principal", () => {
    const [deployerId] = onlyOfType(json, "azuread_client_config", "data");
    expect(application.owners).toEqual([ref("azuread_client_config", deployerId, "object_id", "data")]);
  });

  test("delegated scope ids are looked up by name on the first-party principals, never hard-coded", () => {
    const flowPrincipal = principalIdOf(json, RESOURCE_APIS.flowService.clientId)!;
    expect(flowPrincipal).toBeDefined();
    const flowAccess = application.required_resource_access.find(
      (r: { resource_app_id: string }) =>
        r.resource_app_id === ref("azuread_service_principal", flowPrincipal, "client_id", "data"),
    );
    expect(flowAccess.resource_access).toEqual(
      [
        "Flows.Read.All",
        "Flows.Manage.All",
        "Activity.Read.All",
        "Approvals.Read.All",
        "Approvals.Manage.All",
        "User",
      ].map((scope) => ({
        id: `\${data.azuread_service_principal.${flowPrincipal}.oauth2_permission_scope_ids["${scope}"]}`,
        type: "Scope",
      })),
    );
    const text = JSON.stringify(application.required_resource_access);
    // The published Flows.Manage.All id must not appear: it is resolved at plan time.
    expect(text).not.toContain("30b2d850-00c3-4802-b7ae-ece9af9de5c6");
    expect(application.required_resource_access).toHaveLength(3);
  });

  test("first-party principals are data sources: the stack never owns Graph's or the Flow Service's principal", () => {
    const dataClientIds = ofType(json, "azuread_service_principal", "data")
      .map(([, c]) => c.client_id)
      .sort();
    expect(dataClientIds).toEqual(
      [
        RESOURCE_APIS.dynamicsCrm.clientId,
        RESOURCE_APIS.microsoftGraph.clientId,
        RESOURCE_APIS.flowService.clientId,
      ].sort(),
    );
    const ownedClientIds = ofType(json, "azuread_service_principal").map(([, c]) => c.client_id);
    expect(ownedClientIds).toEqual([ref("azuread_application", appId, "client_id")]);
  });

  test("one admin-consent grant per resource API, for exactly its scopes, from the app's own principal", () => {
    const [spId] = onlyOfType(json, "azuread_service_principal");
    const grants = ofType(json, "azuread_service_principal_delegated_permission_grant").map(([, g]) => g);
    expect(grants).toHaveLength(3);
    for (const g of grants)
      expect(g.service_principal_object_id).toBe(ref("azuread_service_principal", spId, "object_id"));
    const graph = grants.find(
      (g) =>
        g.resource_service_principal_object_id ===
        ref(
          "azuread_service_principal",
          principalIdOf(json, RESOURCE_APIS.microsoftGraph.clientId)!,
          "object_id",
          "data",
        ),
    );
    expect(graph?.claim_values).toEqual(["User.Read"]);
    expect(grants.every((g) => g.user_object_id === undefined)).toBe(true);
  });

  test("client secret: 180-day end date from a rotation timestamp, replaced when it rotates", () => {
    const [rotationId, rotation] = onlyOfType(json, "time_rotating");
    expect(rotation.rotation_days).toBe(150);
    const [, password] = onlyOfType(json, "azuread_application_password");
    expect(password.application_id).toBe(ref("azuread_application", appId, "id"));
    expect(password.end_date).toBe(`\${timeadd(time_rotating.${rotationId}.rfc3339, "4320h")}`);
    expect(password.rotate_when_changed).toEqual({ rotation: ref("time_rotating", rotationId, "id") });
    expect(password.lifecycle).toEqual({ create_before_destroy: true });
  });

  test("the secret value goes straight into Key Vault, write-only, rewritten with each new password, expiring with it", () => {
    const [passwordId] = onlyOfType(json, "azuread_application_password");
    const [rotationId] = onlyOfType(json, "time_rotating");
    const [, secret] = onlyOfType(json, "azurerm_key_vault_secret");
    expect(secret.value).toBeUndefined();
    expect(secret.value_wo).toBe(ref("azuread_application_password", passwordId, "value"));
    // The version follows the password itself (its key id), not the rotation timer: a lifetime
    // change replaces the password (end_date is ForceNew) without moving the timer, and the new
    // value must still reach the vault.
    expect(secret.value_wo_version).toBe(
      `\${parseint(substr(sha1(azuread_application_password.${passwordId}.key_id), 0, 8), 16)}`,
    );
    expect(JSON.stringify(secret)).not.toContain("time_rotating.");
    expect(onlyOfType(json, "azuread_application_password")[1].rotate_when_changed).toEqual({
      rotation: ref("time_rotating", rotationId, "id"),
    });
    expect(secret.expiration_date).toBe(ref("azuread_application_password", passwordId, "end_date"));
    expect(secret.content_type).toBe("application/x-entra-client-secret");
    expect(secret.name).toBe("directory-manager-client-secret");
  });
});

describe("DirectoryManagerApp: options", () => {
  test("extra owners are added after the deployer", () => {
    const owner = "11111111-2222-3333-4444-555555555555";
    const [, application] = onlyOfType(build({ ownerObjectIds: [owner] }).json, "azuread_application");
    expect(application.owners).toHaveLength(2);
    expect(application.owners[1]).toBe(owner);
  });

  test("admin consent can be turned off", () => {
    expect(
      ofType(build({ adminConsent: false }).json, "azuread_service_principal_delegated_permission_grant"),
    ).toHaveLength(0);
  });

  test("a custom scope set gives one API entry and one grant per API listed", () => {
    const { json } = build({ delegatedPermissions: { flowService: ["Flows.Read.All"] } });
    const [, application] = onlyOfType(json, "azuread_application");
    expect(application.required_resource_access).toHaveLength(1);
    expect(application.required_resource_access[0].resource_access).toHaveLength(1);
    const [, grant] = onlyOfType(json, "azuread_service_principal_delegated_permission_grant");
    expect(grant.claim_values).toEqual(["Flows.Read.All"]);
  });

  test("opt-in: a missing Flow Service principal is created with use_existing and prevent_destroy", () => {
    const { json } = build({ createMissingFlowServicePrincipal: true });
    const flow = ofType(json, "azuread_service_principal").find(
      ([, c]) => c.client_id === RESOURCE_APIS.flowService.clientId,
    );
    expect(flow?.[1].use_existing).toBe(true);
    expect(flow?.[1].lifecycle).toEqual({ prevent_destroy: true });
    expect(principalIdOf(json, RESOURCE_APIS.flowService.clientId)).toBeUndefined();
    // Graph stays a lookup.
    expect(principalIdOf(json, RESOURCE_APIS.microsoftGraph.clientId)).toBeDefined();
  });

  test("lifetime and rotation are configurable", () => {
    const { json } = build({ clientSecretLifetimeDays: 365, clientSecretRotateAfterDays: 300 });
    expect(onlyOfType(json, "time_rotating")[1].rotation_days).toBe(300);
    expect(onlyOfType(json, "azuread_application_password")[1].end_date).toContain('"8760h"');
  });
});

describe("DirectoryManagerApp: Entra hygiene (the rule pack's DMF-ENTRA-* rules)", () => {
  const owner = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
  /** The app with the pack applied: its Entra findings (unsuppressed) and accepted findings, as "rule path". */
  function checked(props: Partial<DirectoryManagerAppProps> = {}) {
    const stack = new TerraformStack(Testing.app(), "hygiene");
    applySecurityRules(stack);
    const keyVault = new SecureKeyVault(stack, "kv", {
      name: "kv-test-1",
      resourceGroupName: "rg",
      location: "westeurope",
      tenantId: "t",
    });
    new DirectoryManagerApp(stack, "dm", { keyVault, ownerObjectIds: [owner], ...props });
    const record = check(stack);
    const entra = (list: readonly { ruleId: string; path?: string }[]) =>
      list
        .filter((f) => f.ruleId.startsWith("DMF-ENTRA"))
        .map((f) => `${f.ruleId} ${f.path}`)
        .sort();
    return {
      json: synthStack(stack),
      findings: entra(record.findings),
      accepted: entra(record.suppressed),
      suppressed: record.suppressed,
    };
  }

  test("by default: no finding; the client secret, open sign-in and the reviewed admin consent are accepted with reasons", () => {
    const { findings, accepted, json } = checked();
    expect(findings).toEqual([]);
    expect(accepted).toEqual([
      "DMF-ENTRA-ASSIGNMENT-REQUIRED hygiene/dm/service-principal",
      "DMF-ENTRA-CREDENTIAL-TYPE hygiene/dm/client-secret",
      "DMF-ENTRA-MANAGE-CONSENT hygiene/dm/dynamicsCrm-consent",
      "DMF-ENTRA-MANAGE-CONSENT hygiene/dm/flowService-consent",
    ]);
    expect(onlyOfType(json, "azuread_service_principal")[1].app_role_assignment_required).toBe(false);
  });

  test("one owner (the deployer alone) fails DMF-ENTRA-OWNERS", () => {
    expect(checked({ ownerObjectIds: [] }).findings).toEqual(["DMF-ENTRA-OWNERS hygiene/dm/application"]);
  });

  test("signInRequiresAssignment: only assigned users and groups sign in, and nothing needs accepting; no assignment is made (the pipeline may not)", () => {
    const { json, findings, accepted } = checked({ signInRequiresAssignment: true });
    expect(onlyOfType(json, "azuread_service_principal")[1].app_role_assignment_required).toBe(true);
    expect(ofType(json, "azuread_app_role_assignment")).toHaveLength(0);
    expect([...findings, ...accepted].filter((f) => f.includes("ASSIGNMENT-REQUIRED"))).toEqual([]);
  });

  test("admin consent to a write scope outside the default set fails until adminConsentReview records a review", () => {
    const delegatedPermissions = { flowService: ["Flows.Read.All", "Flows.Write.Plans"] } as const;
    expect(checked({ delegatedPermissions }).findings).toEqual([
      "DMF-ENTRA-MANAGE-CONSENT hygiene/dm/flowService-consent",
    ]);
    const review = "CAB-1234: approved by the identity team, plans are written by Directory Manager's service account";
    const reviewed = checked({ delegatedPermissions, adminConsentReview: review });
    expect(reviewed.findings).toEqual([]);
    expect(reviewed.suppressed).toContainEqual(
      expect.objectContaining({ ruleId: "DMF-ENTRA-MANAGE-CONSENT", reason: review }),
    );
  });
});

describe("DirectoryManagerApp: bad props", () => {
  test.each([
    [
      { clientSecretLifetimeDays: 366 },
      /clientSecretLifetimeDays must be a whole number from 1 to 365, but 366 was given/,
    ],
    [{ clientSecretLifetimeDays: 0 }, /clientSecretLifetimeDays .* but 0 was given/],
    [{ clientSecretLifetimeDays: 90.5 }, /clientSecretLifetimeDays .* but 90.5 was given/],
    [
      { clientSecretLifetimeDays: 90, clientSecretRotateAfterDays: 90 },
      /clientSecretRotateAfterDays must be a whole number from 1 to 89/,
    ],
    [
      { delegatedPermissions: { sharePoint: ["AllSites.Read"] } as never },
      /delegatedPermissions keys must be one of "flowService", .*, but "sharePoint" was given/,
    ],
    [
      { delegatedPermissions: { flowService: ["Flows.Delete.All"] } as never },
      /delegatedPermissions\.flowService\[0\] must be one of "Flows\.Read\.All", .*, but "Flows\.Delete\.All" was given/,
    ],
    [
      { delegatedPermissions: { microsoftGraph: ["User.Read", "User.Read"] } },
      /delegatedPermissions\.microsoftGraph must be a list that names each scope once, but \["User\.Read","User\.Read"\] was given/,
    ],
    [
      { ownerObjectIds: ["alice@example.com"] },
      /ownerObjectIds\[0\] must be an object id \(GUID\), but "alice@example\.com" was given/,
    ],
    [
      { adminConsentReview: "ok" },
      /adminConsentReview must be a written review of at least 10 characters \(who approved the consent, and why\), but "ok" was given/,
    ],
  ])("%j is rejected", (props, message) => {
    expect(() => build(props as Partial<DirectoryManagerAppProps>)).toThrow(message);
  });
});

describe("DirectoryManagerApp: values known only at apply", () => {
  test("owners and the rotation pass as references; the lifetime must be known at synth", () => {
    const stack = new TerraformStack(Testing.app(), "app-tokens");
    const keyVault = new SecureKeyVault(stack, "kv", {
      name: "kv-test-1",
      resourceGroupName: "rg",
      location: "westeurope",
      tenantId: "t",
    });
    const owner = new TerraformVariable(stack, "owner", { type: "string" }).stringValue;
    const rotateAfter = new TerraformVariable(stack, "rotate_after", { type: "number" }).numberValue;
    new DirectoryManagerApp(stack, "dm", {
      keyVault,
      ownerObjectIds: [owner],
      clientSecretRotateAfterDays: rotateAfter,
    });
    const json = synthStack(stack);
    expect(onlyOfType(json, "azuread_application")[1].owners).toContain("${var.owner}");
    expect(onlyOfType(json, "time_rotating")[1].rotation_days).toBe("${var.rotate_after}");
    const lifetime = new TerraformVariable(stack, "lifetime", { type: "number" }).numberValue;
    expect(() => new DirectoryManagerApp(stack, "dm2", { keyVault, clientSecretLifetimeDays: lifetime })).toThrow(
      /^app-tokens\/dm2: clientSecretLifetimeDays must be a whole number from 1 to 365, known at synth \(it sets the secret's end date and rotation\), but an unresolved token was given$/,
    );
  });
});
