import {
  RELAY_DECISION_CONTAINER,
  RELAY_PAYLOAD_CONTAINER,
  RELAY_QUEUES,
  RELAY_SETTINGS,
  flowUrlSettingName,
} from "../../contract/relay-settings";
import { suppressionsOf } from "../../constructs/security/suppress";
import { inventory, ofType, ref } from "../support/synth";
import { appSettings, build, idOf, only, output, roles, site } from "./build";

describe("FlowRelay: default properties", () => {
  const { json, relay } = build({ decisions: { directoryManagerUrl: "https://dm.example.com", identityStoreId: 2 } });
  const [appId, app] = site(json);
  const properties = app.body.properties;
  const settings = appSettings(app);
  const [accountId, account] = only(json, "azurerm_storage_account");
  const [identityId] = only(json, "azurerm_user_assigned_identity");
  const [insightsId, insights] = only(json, "azurerm_application_insights");
  const accountRef = ref("azurerm_storage_account", accountId, "id");
  const identityPrincipal = ref("azurerm_user_assigned_identity", identityId, "principal_id");

  test("resource inventory: types and counts", () => {
    expect(inventory(json)).toEqual({
      azapi_resource: 1, // the site
      azapi_update_resource: 2, // its scm and ftp basic-publishing policies (settings, not resources)
      azurerm_application_insights: 1,
      azurerm_key_vault: 1,
      azurerm_key_vault_secret: 1 + 4 + 3, // the route's flow URL (made by the test) + 4 Directory Manager credentials + 2 token key slots and the decisions key
      azurerm_log_analytics_workspace: 1,
      azurerm_monitor_diagnostic_setting: 1, // queue request logs
      azurerm_network_security_group: 1,
      // blob owner, 4 queues, metrics publisher; Key Vault Secrets User on 1 flow URL + 4 credentials + 3 decision keys
      azurerm_role_assignment: 1 + 4 + 1 + 5 + 3,
      azurerm_service_plan: 1,
      azurerm_storage_account: 1,
      azurerm_storage_container: 3, // relay-deployment, relay-payloads, relay-decisions
      azurerm_storage_queue: 4,
      azurerm_subnet: 1, // the app's, delegated to Microsoft.App/environments
      azurerm_subnet_network_security_group_association: 1,
      azurerm_user_assigned_identity: 1,
      azurerm_virtual_network: 1,
      time_rotating: 1,
      time_sleep: 1, // the identity's new data-plane roles take minutes to work
    });
  });

  test("Flex Consumption plan FC1 and a Node 22 app sized 2048 MB, up to 100 instances", () => {
    const [planId, plan] = only(json, "azurerm_service_plan");
    const planRef = ref("azurerm_service_plan", planId, "id");
    expect(plan).toMatchObject({ sku_name: "FC1", os_type: "Linux" });
    expect(app).toMatchObject({
      type: "Microsoft.Web/sites@2024-11-01",
      name: "dmflow-test-relay-a1b2c3",
      location: "westeurope",
      parent_id: `\${element(split("/providers/", ${planRef.slice(2, -1)}), 0)}`,
    });
    expect(app.body.kind).toBe("functionapp,linux");
    // Spelt as ARM returns it (".../serverfarms/..."), not as azurerm does (".../serverFarms/...").
    expect(properties.serverFarmId).toBe(
      `\${replace(${planRef.slice(2, -1)}, "/(?i)/providers/microsoft[.]web/serverfarms//", "/providers/Microsoft.Web/serverfarms/")}`,
    );
    expect(properties.functionAppConfig).toMatchObject({
      runtime: { name: "node", version: "22" },
      scaleAndConcurrency: { instanceMemoryMB: 2048, maximumInstanceCount: 100 },
    });
  });

  test("app hardening: https only, TLS 1.2, no remote debugging, no basic publishing auth, HTTP/2, SCM denied", () => {
    expect(properties.httpsOnly).toBe(true);
    expect(properties.siteConfig).toMatchObject({
      minTlsVersion: "1.2",
      scmMinTlsVersion: "1.2",
      remoteDebuggingEnabled: false,
      http20Enabled: true,
      scmIpSecurityRestrictionsDefaultAction: "Deny",
      ipSecurityRestrictionsDefaultAction: "Allow",
    });
    expect(properties.siteConfig.ipSecurityRestrictions).toBeUndefined();
    const policies = ofType(json, "azapi_update_resource").filter(([, c]) =>
      c.type.startsWith("Microsoft.Web/sites/basicPublishingCredentialsPolicies@"),
    );
    expect(policies.map(([, c]) => [c.resource_id, c.body]).sort()).toEqual([
      [
        `${ref("azapi_resource", appId, "id")}/basicPublishingCredentialsPolicies/ftp`,
        { properties: { allow: false } },
      ],
      [
        `${ref("azapi_resource", appId, "id")}/basicPublishingCredentialsPolicies/scm`,
        { properties: { allow: false } },
      ],
    ]);
  });

  test("storage account secure defaults: TLS 1.2, https only, no public blobs, no shared key, OAuth default, soft delete 7 days, LRS", () => {
    expect(account).toMatchObject({
      min_tls_version: "TLS1_2",
      https_traffic_only_enabled: true,
      allow_nested_items_to_be_public: false,
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      account_replication_type: "LRS",
      blob_properties: { delete_retention_policy: { days: 7 }, container_delete_retention_policy: { days: 7 } },
    });
    expect(account.name).toBe("dmflowtestrelaya1b2c3");
  });

  test("queue read, write and delete requests logged through a diagnostic setting (Resource Manager), not classic queue logging (data plane)", () => {
    expect(json.resource.azurerm_storage_account_queue_properties).toBeUndefined();
    expect(account.queue_properties).toBeUndefined();
    const [, setting] = only(json, "azurerm_monitor_diagnostic_setting");
    const [workspaceId] = only(json, "azurerm_log_analytics_workspace");
    expect(setting).toMatchObject({
      target_resource_id: `${accountRef}/queueServices/default`,
      log_analytics_workspace_id: ref("azurerm_log_analytics_workspace", workspaceId, "id"),
      enabled_log: [{ category: "StorageRead" }, { category: "StorageWrite" }, { category: "StorageDelete" }],
    });
  });

  test("the deployment, payload and decision-record containers (private) and the four relay queues are created through the management plane", () => {
    const queues = ofType(json, "azurerm_storage_queue").map(([, q]) => q);
    expect(queues.map((q) => q.name).sort()).toEqual(Object.values(RELAY_QUEUES).sort());
    const containers = ofType(json, "azurerm_storage_container").map(([, c]) => c);
    expect(containers.map((c) => c.name).sort()).toEqual(
      ["relay-deployment", RELAY_PAYLOAD_CONTAINER, RELAY_DECISION_CONTAINER].sort(),
    );
    for (const c of containers) expect(c.container_access_type).toBe("private");
    for (const q of [...queues, ...containers]) {
      expect(q.storage_account_id).toBe(accountRef);
      expect(q.storage_account_name).toBeUndefined();
    }
  });

  test("the user-assigned identity: Blob Data Owner on the account, Queue Data Contributor on each relay queue, Metrics Publisher on App Insights", () => {
    const mine = roles(json).filter(
      (r) => r.principal_id === identityPrincipal && r.role_definition_name !== "Key Vault Secrets User",
    );
    expect(mine.map((r) => [r.role_definition_name, r.scope]).sort()).toEqual(
      [
        ["Storage Blob Data Owner", accountRef],
        ["Monitoring Metrics Publisher", ref("azurerm_application_insights", insightsId, "id")],
        ...Object.values(RELAY_QUEUES).map((q) => [
          "Storage Queue Data Contributor",
          `${accountRef}/queueServices/default/queues/${q}`,
        ]),
      ].sort(),
    );
    // Each queue grant waits for its queue.
    for (const r of mine.filter((r) => r.role_definition_name === "Storage Queue Data Contributor")) {
      const queueName = r.scope.split("/").pop();
      const queueId = idOf(json, "azurerm_storage_queue", (q) => q.name === queueName)!;
      expect(r.depends_on).toEqual([`azurerm_storage_queue.${queueId}`]);
    }
    expect(mine.every((r) => r.principal_type === "ServicePrincipal")).toBe(true);
  });

  test("Key Vault Secrets User per secret (never the vault) for the user-assigned identity, which resolves the references", () => {
    const kvRoles = roles(json).filter((r) => r.role_definition_name === "Key Vault Secrets User");
    const secretIds = ofType(json, "azurerm_key_vault_secret").map(([id]) =>
      ref("azurerm_key_vault_secret", id, "resource_versionless_id"),
    );
    expect(kvRoles.map((r) => r.scope).sort()).toEqual(secretIds.sort());
    for (const r of kvRoles) expect(r.principal_id).toBe(identityPrincipal);
    expect(properties.keyVaultReferenceIdentity).toBe(ref("azurerm_user_assigned_identity", identityId, "id"));
    // Exactly the roles above: nothing else is granted.
    expect(roles(json)).toHaveLength(6 + kvRoles.length);
  });

  test("one identity, user-assigned; the app starts only after its roles (Key Vault ones too) have had time to work, and its containers and network exist", () => {
    const granted = roles(json)
      .filter((r) => r.principal_id === identityPrincipal)
      .map((r) => `azurerm_role_assignment.${r.id}`);
    const containers = ["relay-deployment", RELAY_PAYLOAD_CONTAINER, RELAY_DECISION_CONTAINER].map(
      (name) => `azurerm_storage_container.${idOf(json, "azurerm_storage_container", (c) => c.name === name)}`,
    );
    const network = [
      "azurerm_virtual_network",
      "azurerm_subnet",
      "azurerm_subnet_network_security_group_association",
    ].map((type) => `${type}.${only(json, type)[0]}`);
    // app → time_sleep (120 s) → every role of the identity
    const [waitId, wait] = only(json, "time_sleep");
    expect([...wait.depends_on].sort()).toEqual([...granted].sort());
    expect(wait.create_duration).toBe("120s");
    expect([...app.depends_on].sort()).toEqual([`time_sleep.${waitId}`, ...containers, ...network].sort());
    expect(app.identity).toEqual([
      { type: "UserAssigned", identity_ids: [ref("azurerm_user_assigned_identity", identityId, "id")] },
    ]);
  });

  test("identity-based storage: host and deployment storage through the user-assigned identity, no AzureWebJobsStorage, no key", () => {
    expect(settings).toMatchObject({
      AzureWebJobsStorage__accountName: ref("azurerm_storage_account", accountId, "name"),
      AzureWebJobsStorage__credential: "managedidentity",
      AzureWebJobsStorage__clientId: ref("azurerm_user_assigned_identity", identityId, "client_id"),
    });
    expect(settings).not.toHaveProperty(["AzureWebJobsStorage"]);
    expect(properties.functionAppConfig.deployment.storage).toEqual({
      type: "blobContainer",
      value: `${ref("azurerm_storage_account", accountId, "primary_blob_endpoint")}relay-deployment`,
      authentication: {
        type: "UserAssignedIdentity",
        userAssignedIdentityResourceId: ref("azurerm_user_assigned_identity", identityId, "id"),
      },
    });
  });

  test("every app setting that holds a secret is a Key Vault reference to a versionless secret id", () => {
    const secretSettings = [
      flowUrlSettingName("create-user"),
      ...["Username", "Password", "ClientId", "ClientSecret"].map(
        (k) => RELAY_SETTINGS[`directoryManager${k}` as keyof typeof RELAY_SETTINGS],
      ),
      RELAY_SETTINGS.decisionTokenKey,
      RELAY_SETTINGS.decisionTokenPreviousKey,
      RELAY_SETTINGS.decisionsKey,
    ];
    for (const name of secretSettings) {
      expect(settings[name]).toMatch(
        /^@Microsoft\.KeyVault\(SecretUri=\$\{azurerm_key_vault_secret\.[^.]+\.versionless_id\}\)$/,
      );
    }
    const flowSecretId = idOf(json, "azurerm_key_vault_secret", (s) => s.name === "flow-url-create-user")!;
    expect(settings.FLOW_URL_CREATE_USER).toBe(
      `@Microsoft.KeyVault(SecretUri=${ref("azurerm_key_vault_secret", flowSecretId, "versionless_id")})`,
    );
    // No other setting carries a secret-looking value.
    const text = JSON.stringify(json);
    for (const pattern of [/[?&]sig=/, /AccountKey=/i, /SharedAccessSignature/i, /InstrumentationKey=/i])
      expect(text).not.toMatch(pattern);
  });

  test("plain relay settings: routes JSON, limits, decisions flag and Directory Manager URL", () => {
    expect(JSON.parse(settings[RELAY_SETTINGS.routes])).toEqual({
      "create-user": { displayName: "create user", flowUrlSetting: "FLOW_URL_CREATE_USER" },
    });
    expect(settings).toMatchObject({
      [RELAY_SETTINGS.maxBodyBytes]: "1048576",
      [RELAY_SETTINGS.forwardDeadlineMs]: "10000",
      [RELAY_SETTINGS.maxAttempts]: "8",
      [RELAY_SETTINGS.maxJsonDepth]: "32",
      [RELAY_SETTINGS.decisionsEnabled]: "true",
      [RELAY_SETTINGS.directoryManagerUrl]: "https://dm.example.com",
    });
    expect(settings[RELAY_SETTINGS.departments]).toBeUndefined();
  });

  test("workspace-based Application Insights with Entra-only ingestion through the identity", () => {
    const [workspaceId, workspace] = only(json, "azurerm_log_analytics_workspace");
    expect(workspace.retention_in_days).toBe(30);
    expect(insights.workspace_id).toBe(ref("azurerm_log_analytics_workspace", workspaceId, "id"));
    expect(insights.local_authentication_disabled).toBe(true);
    expect(settings.APPLICATIONINSIGHTS_CONNECTION_STRING).toBe(
      ref("azurerm_application_insights", insightsId, "connection_string"),
    );
    expect(settings.APPLICATIONINSIGHTS_AUTHENTICATION_STRING).toBe(
      `ClientId=${ref("azurerm_user_assigned_identity", identityId, "client_id")};Authorization=AAD`,
    );
  });

  test("no code in the stack: no package asset, blob or OneDeploy request; the app's name is an attribute for the push", () => {
    expect(json.resource.azurerm_storage_blob).toBeUndefined();
    expect(json.resource.azapi_resource_action).toBeUndefined();
    expect(relay.functionAppName).toBe(app.name);
    expect(settings).not.toHaveProperty(["RELAY_PACKAGE_HASH"]);
  });

  test("attributes are references to the deployed app: base, route, decisions and health URLs, key command", () => {
    const host = ref("azapi_resource", appId, "output.properties.defaultHostName");
    expect(app.response_export_values).toEqual(["properties.defaultHostName"]);
    expect(output(json, "relayBaseUrl")).toBe(`https://${host}/api`);
    expect(output(json, "routeUrls")).toEqual({ "create-user": `https://${host}/api/flows/create-user` });
    expect(output(json, "decisionsUrl")).toBe(`https://${host}/api/decisions`);
    expect(output(json, "healthUrl")).toBe(`https://${host}/api/health`);
    // Each side's key is its function's own: never the host key (az functionapp keys list).
    expect(output(json, "functionKeyCommand")).toBe(
      "az functionapp function keys list --resource-group rg --name dmflow-test-relay-a1b2c3 --function-name flowEvent --query default --output tsv",
    );
    expect(output(json, "decisionsFunctionKeyCommand")).toBe(
      "az functionapp function keys list --resource-group rg --name dmflow-test-relay-a1b2c3 --function-name decision --query default --output tsv",
    );
    expect(output(json, "identityClientId")).toBe(ref("azurerm_user_assigned_identity", identityId, "client_id"));
    expect(output(json, "identityPrincipalId")).toBe(identityPrincipal);
    expect(output(json, "storageAccountName")).toBe(ref("azurerm_storage_account", accountId, "name"));
  });

  test("suppressions carry reasons: public access on the app; public network (for the deploy runner), private endpoint (service endpoints instead), key, queue logging and geo-redundancy on the LRS account, whose network denies by default", () => {
    // DMF-ST-BLOB-LOGGING is declared on the relay (for its containers), so it reaches every child.
    // The Key Vault references' network path is an open defect until VNet integration, recorded as such.
    expect(
      suppressionsOf(relay.functionApp)
        .map((s) => s.ruleId)
        .sort(),
    ).toEqual(["DMF-FUNC-PUBLIC-ACCESS", "DMF-ST-BLOB-LOGGING"]);
    expect(
      suppressionsOf(relay.storageAccount)
        .map((s) => s.ruleId)
        .sort(),
    ).toEqual([
      "DMF-ST-BLOB-LOGGING", // declared on the relay, for each of its containers
      "DMF-ST-CUSTOMER-MANAGED-KEY",
      "DMF-ST-GEO-REDUNDANT",
      "DMF-ST-PRIVATE-ENDPOINT",
      "DMF-ST-PUBLIC-NETWORK-OFF",
      "DMF-ST-QUEUE-LOGGING",
    ]);
    for (const s of [...suppressionsOf(relay.functionApp), ...suppressionsOf(relay.storageAccount)])
      expect(s.reason.length).toBeGreaterThan(80);
  });
});

describe("FlowRelay: decisions", () => {
  test("off: no credential secrets, variables, grants or Directory Manager settings", () => {
    const { json } = build();
    const settings = appSettings(site(json)[1]);
    expect(ofType(json, "azurerm_key_vault_secret")).toHaveLength(1);
    expect(Object.keys(json.variable ?? {})).toEqual(["flow_url"]);
    expect(json.resource.time_rotating).toBeUndefined();
    expect(roles(json).filter((r) => r.role_definition_name === "Key Vault Secrets User")).toHaveLength(1);
    expect(settings[RELAY_SETTINGS.decisionsEnabled]).toBe("false");
    expect(output(json, "decisionsUrl")).toBe("none");
    expect(Object.keys(settings).filter((k) => k.startsWith("DIRECTORY_MANAGER"))).toEqual([]);
  });

  test('"variables": four sensitive, ephemeral variables written write-only into four expiring secrets', () => {
    const { json } = build({
      decisions: {
        directoryManagerUrl: "https://dm.example.com",
        identityStoreId: 2,
        directoryManagerTokenUrl: "https://dm.example.com:4443/GroupIDSecurityService/connect/token",
        credentialsVersion: 3,
      },
    });
    const [rotationId] = only(json, "time_rotating");
    expect(json.resource.time_rotating[rotationId]).toMatchObject({
      rotation_days: 365,
      triggers: { credentials_version: "3" },
    });
    for (const suffix of ["username", "password", "client_id", "client_secret"]) {
      // Named from the relay's path below its stack ("relay") unless decisions.variablePrefix is given.
      expect(json.variable![`relay_directory_manager_${suffix}`]).toMatchObject({
        sensitive: true,
        type: "string",
        nullable: false,
        ephemeral: true,
      });
      const secret = Object.values(json.resource.azurerm_key_vault_secret).find(
        (s) => s.value_wo === `\${var.relay_directory_manager_${suffix}}`,
      )!;
      expect(secret).toMatchObject({
        name: `dm-api-${suffix.replace("_", "-")}`,
        expiration_date: ref("time_rotating", rotationId, "rotation_rfc3339"),
        value_wo_version: ref("time_rotating", rotationId, "unix"),
      });
      expect(secret.value).toBeUndefined();
    }
    expect(appSettings(site(json)[1])[RELAY_SETTINGS.directoryManagerTokenUrl]).toBe(
      "https://dm.example.com:4443/GroupIDSecurityService/connect/token",
    );
  });

  test('"external": placeholders written once and never read back, and no variables', () => {
    const { json } = build({
      decisions: { directoryManagerUrl: "https://dm.example.com", identityStoreId: 2, credentialsSource: "external" },
    });
    expect(Object.keys(json.variable ?? {})).toEqual(["flow_url"]);
    const credentials = Object.values(json.resource.azurerm_key_vault_secret).filter((s) =>
      s.name.startsWith("dm-api-"),
    );
    expect(credentials).toHaveLength(4);
    for (const s of credentials) expect([s.value, s.value_wo_version, s.lifecycle]).toEqual([undefined, 1, undefined]);
  });
});

describe("FlowRelay: options", () => {
  test("several routes: one Key Vault reference, one grant and one URL each", () => {
    const { json } = build({}, ["create-user", "update-user"]);
    const settings = appSettings(site(json)[1]);
    expect(settings.FLOW_URL_UPDATE_USER).toMatch(/^@Microsoft\.KeyVault\(SecretUri=/);
    expect(Object.keys(JSON.parse(settings.RELAY_ROUTES))).toEqual(["create-user", "update-user"]);
    expect(roles(json).filter((r) => r.role_definition_name === "Key Vault Secrets User")).toHaveLength(2);
    expect(Object.keys(output(json, "routeUrls"))).toEqual(["create-user", "update-user"]);
  });

  test("sizing, runtime, retention, replication and soft delete are configurable; GRS needs no geo suppression", () => {
    const { json, relay } = build({
      instanceMemoryInMb: 4096,
      maximumInstanceCount: 40,
      nodeVersion: "24",
      logRetentionDays: 90,
      storageReplication: "GZRS",
      blobSoftDeleteRetentionDays: 14,
    });
    expect(site(json)[1].body.properties.functionAppConfig).toMatchObject({
      scaleAndConcurrency: { instanceMemoryMB: 4096, maximumInstanceCount: 40 },
      runtime: { version: "24" },
    });
    expect(only(json, "azurerm_log_analytics_workspace")[1].retention_in_days).toBe(90);
    const [, account] = only(json, "azurerm_storage_account");
    expect(account.account_replication_type).toBe("GZRS");
    expect(account.blob_properties.delete_retention_policy.days).toBe(14);
    expect(suppressionsOf(relay.storageAccount).map((s) => s.ruleId)).not.toContain("DMF-ST-GEO-REDUNDANT");
  });

  test("allow-lists: deny by default, Directory Manager IPs as /32 or CIDR, Power Automate by service tag", () => {
    const { json } = build({
      decisions: { directoryManagerUrl: "https://dm.example.com", identityStoreId: 2 },
      ingressAllowedIpRanges: ["203.0.113.10", "198.51.100.0/24"],
      decisionsAllowedSources: ["PowerPlatformInfra"],
    });
    const siteConfig = site(json)[1].body.properties.siteConfig;
    expect(siteConfig.ipSecurityRestrictionsDefaultAction).toBe("Deny");
    expect(siteConfig.ipSecurityRestrictions).toEqual([
      {
        name: "directory-manager-1",
        description: "Directory Manager (workflow routes)",
        action: "Allow",
        priority: 100,
        ipAddress: "203.0.113.10/32",
        tag: "Default",
      },
      {
        name: "directory-manager-2",
        description: "Directory Manager (workflow routes)",
        action: "Allow",
        priority: 101,
        ipAddress: "198.51.100.0/24",
        tag: "Default",
      },
      {
        name: "power-automate-3",
        description: "Power Automate (decisions)",
        action: "Allow",
        priority: 102,
        ipAddress: "PowerPlatformInfra",
        tag: "ServiceTag",
      },
    ]);
  });

  test("departments, enrichment and flow host settings are passed as plain settings", () => {
    const departments = {
      Sales: {
        siteUrl: "https://contoso.sharepoint.com/sites/sales",
        groupObjectId: "11111111-2222-3333-4444-555555555555",
      },
    };
    const { json } = build({
      departments,
      departmentPointer: "/user/department",
      enrichmentKey: "site",
      allowedFlowHostSuffixes: [".environment.api.powerplatform.us"],
    });
    const settings = appSettings(site(json)[1]);
    expect(JSON.parse(settings[RELAY_SETTINGS.departments])).toEqual(departments);
    expect(settings).toMatchObject({
      [RELAY_SETTINGS.departmentPointer]: "/user/department",
      [RELAY_SETTINGS.enrichmentKey]: "site",
      [RELAY_SETTINGS.allowedFlowHostSuffixes]: ".environment.api.powerplatform.us",
    });
  });

  test("tags and explicit names reach the resources", () => {
    const { json } = build({
      tags: { env: "test" },
      names: { functionApp: "my-relay", storageAccount: "myrelaystore" },
    });
    expect(site(json)[1].tags).toEqual({ env: "test" });
    for (const type of [
      "azurerm_storage_account",
      "azurerm_service_plan",
      "azurerm_user_assigned_identity",
      "azurerm_application_insights",
      "azurerm_log_analytics_workspace",
    ]) {
      expect(only(json, type)[1].tags).toEqual({ env: "test" });
    }
    expect(site(json)[1].name).toBe("my-relay");
    expect(only(json, "azurerm_storage_account")[1].name).toBe("myrelaystore");
  });
});
