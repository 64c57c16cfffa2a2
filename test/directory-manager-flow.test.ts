import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing, TerraformOutput, TerraformStack } from "../constructs/providers/cdktf";
import { AzurermProvider } from "../constructs/providers/azurerm";
import { AzureadProvider } from "../constructs/providers/azuread";
import { TimeProvider } from "../constructs/providers/time";
import { AzapiProvider } from "../constructs";
import { DirectoryManagerFlow, type DirectoryManagerFlowProps } from "../constructs";
import { findSecretLiterals } from "./support/secret-scan";
import {
  inventory,
  ofType,
  onlyOfType,
  ref,
  relaySite,
  siteAppSettings,
  synthEnvironment,
  synthStack,
} from "./support/synth";

const example = JSON.parse(readFileSync(join(__dirname, "..", "config", "example.json"), "utf8"));

describe("the whole default stack (config/example.json)", () => {
  const { json } = synthEnvironment(example, "example");

  test("resource inventory: app registration, Key Vault and secrets, storage with queues, monitoring, identity and roles, Flex app (its code is pushed after the apply)", () => {
    expect(inventory(json)).toEqual({
      azuread_application: 1,
      azuread_application_password: 1,
      azuread_service_principal: 1,
      azuread_service_principal_delegated_permission_grant: 3,
      azapi_resource: 1, // the function app
      azapi_update_resource: 2, // its scm and ftp basic-publishing policies
      azurerm_application_insights: 1,
      azurerm_key_vault: 1,
      azurerm_key_vault_secret: 2,
      azurerm_log_analytics_workspace: 1,
      azurerm_monitor_diagnostic_setting: 1, // queue request logs
      azurerm_network_security_group: 1,
      azurerm_resource_group: 1,
      // deployer → vault; identity → account blobs, 4 queues, App Insights, flow URL secret; deployer → the site (code push)
      azurerm_role_assignment: 9,
      azurerm_service_plan: 1,
      azurerm_storage_account: 1,
      azurerm_storage_container: 3, // relay-deployment, relay-payloads, relay-decisions
      azurerm_storage_queue: 4,
      azurerm_subnet: 1, // the app's, delegated to Microsoft.App/environments
      azurerm_subnet_network_security_group_association: 1,
      azurerm_user_assigned_identity: 1,
      azurerm_virtual_network: 1,
      time_rotating: 2,
      time_sleep: 2, // after the deployer's vault grant, and the relay identity's roles
    });
    expect(inventory(json, "data")).toEqual({
      azuread_client_config: 1,
      azuread_service_principal: 3,
      azurerm_client_config: 1,
    });
  });

  test("each role assignment: role and scope", () => {
    const roles = ofType(json, "azurerm_role_assignment")
      .map(
        ([, r]) =>
          `${r.role_definition_name} @ ${String(r.scope).replace(/\$\{([a-z_]+)\.[^.}]+\.([a-z_]+)\}/g, "$1.$2")}`,
      )
      .sort();
    expect(roles).toEqual(
      [
        "Key Vault Secrets Officer @ azurerm_key_vault.id",
        "Key Vault Secrets User @ azurerm_key_vault_secret.resource_versionless_id",
        "Monitoring Metrics Publisher @ azurerm_application_insights.id",
        "Storage Blob Data Owner @ azurerm_storage_account.id",
        "Website Contributor @ azapi_resource.id",
        ...["flow-events", "flow-events-poison", "decisions", "decisions-poison"].map(
          (q) => `Storage Queue Data Contributor @ azurerm_storage_account.id/queueServices/default/queues/${q}`,
        ),
      ].sort(),
    );
  });

  test("the flow URL secret is read only by the relay, through a Key Vault reference", () => {
    const [secretId] = ofType(json, "azurerm_key_vault_secret").find(([, s]) => s.name === "flow-url-create-user")!;
    expect(siteAppSettings(relaySite(json)[1]).FLOW_URL_CREATE_USER).toBe(
      `@Microsoft.KeyVault(SecretUri=${ref("azurerm_key_vault_secret", secretId, "versionless_id")})`,
    );
    const readers = ofType(json, "azurerm_role_assignment").filter(
      ([, r]) => r.scope === ref("azurerm_key_vault_secret", secretId, "resource_versionless_id"),
    );
    expect(readers).toHaveLength(1);
    expect(readers[0][1].role_definition_name).toBe("Key Vault Secrets User");
  });

  test("the settings document's route table points at the relay, not at the flow", () => {
    const [appId] = relaySite(json);
    const routes = (json.output!.directory_manager_settings.value as { routes: Record<string, string>[] }).routes;
    expect(routes).toEqual([
      {
        routeKey: "create-user",
        displayName: "Create User",
        msFlowRequestUrl: `https://${ref("azapi_resource", appId, "output.properties.defaultHostName")}/api/flows/create-user`,
      },
    ]);
    expect(json.output!.relay_route_urls.value).toEqual({ "create-user": routes[0].msFlowRequestUrl });
  });

  test("outputs: relay base URL, route URLs, how to get the function key; no output is a secret", () => {
    expect(Object.keys(json.output!)).toEqual(
      expect.arrayContaining([
        "relay_base_url",
        "relay_route_urls",
        "relay_function_key_command",
        "directory_manager_settings",
      ]),
    );
    expect(String(json.output!.relay_function_key_command.value)).toMatch(
      /^az functionapp function keys list .* --function-name flowEvent --query default /,
    );
    // No output hands out the app-wide host key.
    expect(JSON.stringify(json.output)).not.toMatch(/az functionapp keys list|host\/default\/listkeys/);
    for (const [name, output] of Object.entries(json.output!)) {
      expect({ name, value: JSON.stringify(output.value) }).not.toEqual({
        name,
        value: expect.stringMatching(/password|application_password|primary_access_key|connection_string/),
      });
    }
  });

  test("no secret value, key or flow URL anywhere; no shared key used", () => {
    expect(findSecretLiterals(json)).toEqual([]);
    const [, account] = onlyOfType(json, "azurerm_storage_account");
    expect(account.shared_access_key_enabled).toBe(false);
    expect(JSON.stringify(json)).not.toMatch(/primary_access_key|primary_connection_string|storage_account_access_key/);
  });
});

function composite(props: Partial<DirectoryManagerFlowProps>) {
  const stack = new TerraformStack(Testing.app(), "composite");
  const flow = new DirectoryManagerFlow(stack, "dm", {
    location: "westeurope",
    resourceGroupName: "rg",
    keyVaultName: "composite-kv",
    flowEnvironment: {
      orgCode: "https://contoso.crm4.dynamics.com",
      directoryManagerServer: "dm.contoso.com",
      identityStoreId: 2,
      routes: { "create-user": { displayName: "Create User", flowRequestUrl: { source: "external" } } },
    },
    relay: {},
    ...props,
  });
  const document = flow.settingsDocument();
  if (document) new TerraformOutput(stack, "settings", { value: document });
  const json = synthStack(stack);
  return { flow, json, settings: json.output?.settings?.value as Record<string, unknown> | undefined };
}

describe("DirectoryManagerFlow: parts turned off or replaced", () => {
  test("relay off: no function app, and the route table names the Key Vault secret", () => {
    const { json, settings } = composite({ relay: false });
    expect(ofType(json, "azapi_resource")).toHaveLength(0);
    expect(ofType(json, "azurerm_storage_account")).toHaveLength(0);
    const routes = settings!.routes as Record<string, string>[];
    expect(routes[0].flowUrlKeyVaultSecretId).toMatch(/^\$\{azurerm_key_vault_secret\..*\.versionless_id\}$/);
  });

  test("no flow environment: neither relay nor flow secrets, and asking for a relay anyway is an error", () => {
    const { json } = composite({ flowEnvironment: undefined, relay: undefined });
    expect(ofType(json, "azapi_resource")).toHaveLength(0);
    expect(() => composite({ flowEnvironment: undefined, relay: { maxAttempts: 3 } })).toThrow(
      /composite\/dm: relay must be false or left out when flowEnvironment is not given .*, but \{"maxAttempts":3\} was given/,
    );
  });

  test("an existing Key Vault is looked up, and secrets and grants target it", () => {
    const { json } = composite({ useExistingKeyVault: true, keyVaultName: "corp-secrets" });
    expect(ofType(json, "azurerm_key_vault")).toHaveLength(0);
    const [vaultId, vault] = onlyOfType(json, "azurerm_key_vault", "data");
    expect(vault).toMatchObject({
      name: "corp-secrets",
      resource_group_name: ref("azurerm_resource_group", onlyOfType(json, "azurerm_resource_group")[0], "name"),
    });
    for (const [, secret] of ofType(json, "azurerm_key_vault_secret"))
      expect(secret.key_vault_id).toBe(ref("azurerm_key_vault", vaultId, "id", "data"));
  });

  test("app registration off: client and tenant id given as GUIDs reach the settings document", () => {
    const clientId = "0b9c7d2e-1111-4222-8333-444455556666";
    const tenantId = "9f8e7d6c-1111-4222-8333-444455556666";
    const { json, settings } = composite({
      directoryManagerApp: false,
      flowEnvironment: {
        orgCode: "contoso",
        region: "europe",
        directoryManagerServer: "10.1.2.3",
        identityStoreId: 1,
        clientId,
        tenantId,
        routes: { "create-user": { displayName: "Create User", flowRequestUrl: { source: "external" } } },
      },
    });
    expect(ofType(json, "azuread_application")).toHaveLength(0);
    expect(settings).toMatchObject({
      clientID: clientId,
      tenantID: tenantId,
      region: "crm4",
      directoryManagerServer: "https://10.1.2.3",
    });
    // The callback URL is its own field: never derived from the server.
    expect(settings).not.toHaveProperty("groupIDServiceUrl");
    expect(() => composite({ directoryManagerApp: false })).toThrow(
      /composite\/dm: flowEnvironment\.clientId must be given when directoryManagerApp is false .*, but nothing was given/,
    );
  });

  test("decisions on: the Directory Manager URL and the identity store default to the flow environment's", () => {
    const { json } = composite({ relay: { decisions: { credentialsSource: "external" } } });
    const settings = siteAppSettings(relaySite(json)[1]);
    expect(settings.DIRECTORY_MANAGER_URL).toBe("https://dm.contoso.com");
    expect(settings.RELAY_DECISIONS_ENABLED).toBe("true");
    expect(settings.DIRECTORY_MANAGER_IDENTITY_STORE_ID).toBe("2");
    const other = composite({
      relay: { decisions: { credentialsSource: "external", identityStoreId: 4 } },
    });
    expect(siteAppSettings(relaySite(other.json)[1]).DIRECTORY_MANAGER_IDENTITY_STORE_ID).toBe("4");
  });

  test("the relay gets the flow environment's routes, departments and allowed hosts", () => {
    const { json } = composite({
      flowEnvironment: {
        orgCode: "contoso",
        region: "crm9",
        cloud: "usgovernment",
        directoryManagerServer: "dm.contoso.com",
        identityStoreId: 1,
        routes: {
          "create-user": { displayName: "Create User", flowRequestUrl: { source: "external" } },
          "update-user": { displayName: "Update User", flowRequestUrl: { source: "external" } },
        },
        departments: { Sales: { siteUrl: "https://contoso.sharepoint.us/sites/sales" } },
      },
    });
    const settings = siteAppSettings(relaySite(json)[1]);
    expect(Object.keys(JSON.parse(settings.RELAY_ROUTES))).toEqual(["create-user", "update-user"]);
    expect(JSON.parse(settings.RELAY_DEPARTMENTS)).toEqual({
      Sales: { siteUrl: "https://contoso.sharepoint.us/sites/sales" },
    });
    expect(settings.RELAY_ALLOWED_FLOW_HOST_SUFFIXES).toBe(".environment.api.powerplatform.us,.logic.azure.us");
  });
});

describe("DirectoryManagerFlow inside a user's own stack", () => {
  test("composes with the user's providers and names, relay included", () => {
    class PlatformStack extends TerraformStack {
      constructor() {
        super(Testing.app(), "platform");
        new AzurermProvider(this, "azurerm", { features: [{}], storageUseAzuread: true });
        new AzureadProvider(this, "azuread", {});
        new TimeProvider(this, "time");
        new AzapiProvider(this, "azapi");
        new DirectoryManagerFlow(this, "identity-automation", {
          location: "swedencentral",
          resourceGroupName: "platform-identity",
          keyVaultName: "platform-idm-kv",
          namePrefix: "platidm",
          tags: { costCenter: "4711" },
          flowEnvironment: {
            orgCode: "contoso",
            region: "crm22",
            directoryManagerServer: "https://idm.contoso.com:8443",
            identityStoreId: 3,
            routes: { "create-user": { displayName: "Create User", flowRequestUrl: { source: "variable" } } },
          },
          relay: { instanceMemoryInMb: 512, maximumInstanceCount: 40 },
        });
      }
    }
    const json = synthStack(new PlatformStack());
    const [, app] = relaySite(json);
    expect(app).toMatchObject({ location: "swedencentral", tags: { costCenter: "4711" } });
    expect(app.body.properties.functionAppConfig.scaleAndConcurrency).toEqual({
      instanceMemoryMB: 512,
      maximumInstanceCount: 40,
    });
    expect(json.terraform!.required_providers).toMatchObject({ azapi: { source: "Azure/azapi" } });
    expect(app.name).toMatch(/^platidm/);
    // The variable is named for the composite's path, so a second composite gets its own.
    expect(json.variable!.identity_automation_flow_request_url_create_user.sensitive).toBe(true);
    expect(json.output).toBeUndefined();
  });
});
