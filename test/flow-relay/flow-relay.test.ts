import { RELAY_PACKAGE_BLOB } from "../../constructs/flow-relay";
import { RELAY_PAYLOAD_CONTAINER, RELAY_QUEUES, RELAY_SETTINGS, flowUrlSettingName } from "../../contract/relay-settings";
import { suppressionsOf } from "../../constructs/security/suppress";
import { inventory, ofType, ref } from "../support/synth";
import { build, idOf, only, output, roles } from "./build";

describe("FlowRelay: default properties", () => {
  const { json, relay } = build({ decisions: { directoryManagerUrl: "https://dm.example.com" } });
  const [appId, app] = only(json, "azurerm_function_app_flex_consumption");
  const [accountId, account] = only(json, "azurerm_storage_account");
  const [identityId] = only(json, "azurerm_user_assigned_identity");
  const [insightsId, insights] = only(json, "azurerm_application_insights");
  const accountRef = ref("azurerm_storage_account", accountId, "id");
  const identityPrincipal = ref("azurerm_user_assigned_identity", identityId, "principal_id");

  test("resource inventory: types and counts", () => {
    expect(inventory(json)).toEqual({
      azurerm_application_insights: 1,
      azurerm_function_app_flex_consumption: 1,
      azurerm_key_vault: 1,
      azurerm_key_vault_secret: 1 + 4, // the route's flow URL (made by the test) + 4 Directory Manager credentials
      azurerm_log_analytics_workspace: 1,
      // blob owner, 4 queues, metrics publisher; Key Vault Secrets User on 1 flow URL + 4 credentials
      azurerm_role_assignment: 1 + 4 + 1 + 5,
      azurerm_service_plan: 1,
      azurerm_storage_account: 1,
      azurerm_storage_account_queue_properties: 1,
      azurerm_storage_blob: 1,
      azurerm_storage_container: 2, // relay-deployment, relay-payloads
      azurerm_storage_queue: 4,
      azurerm_user_assigned_identity: 1,
      time_rotating: 1,
    });
  });

  test("Flex Consumption plan FC1 and a Node 22 app sized 2048 MB, up to 100 instances", () => {
    const [planId, plan] = only(json, "azurerm_service_plan");
    expect(plan).toMatchObject({ sku_name: "FC1", os_type: "Linux" });
    expect(app).toMatchObject({
      service_plan_id: ref("azurerm_service_plan", planId, "id"),
      runtime_name: "node",
      runtime_version: "22",
      instance_memory_in_mb: 2048,
      maximum_instance_count: 100,
      name: "dmflow-test-relay-a1b2c3",
    });
  });

  test("app hardening: https only, TLS 1.2, no remote debugging, no basic publishing auth, HTTP/2, SCM denied", () => {
    expect(app.https_only).toBe(true);
    expect(app.webdeploy_publish_basic_authentication_enabled).toBe(false);
    expect(app.site_config).toMatchObject({
      minimum_tls_version: "1.2",
      scm_minimum_tls_version: "1.2",
      remote_debugging_enabled: false,
      http2_enabled: true,
      scm_ip_restriction_default_action: "Deny",
      ip_restriction_default_action: "Allow",
    });
    expect(app.site_config.ip_restriction).toBeUndefined();
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

  test("queue logging read, write and delete on the account", () => {
    const [, logging] = only(json, "azurerm_storage_account_queue_properties");
    expect(logging.storage_account_id).toBe(accountRef);
    expect(logging.logging).toMatchObject({ read: true, write: true, delete: true, retention_policy_days: 30 });
  });

  test("the deployment and payload containers (private) and the four relay queues are created through the management plane", () => {
    const queues = ofType(json, "azurerm_storage_queue").map(([, q]) => q);
    expect(queues.map((q) => q.name).sort()).toEqual(Object.values(RELAY_QUEUES).sort());
    const containers = ofType(json, "azurerm_storage_container").map(([, c]) => c);
    expect(containers.map((c) => c.name).sort()).toEqual(["relay-deployment", RELAY_PAYLOAD_CONTAINER]);
    for (const c of containers) expect(c.container_access_type).toBe("private");
    for (const q of [...queues, ...containers]) {
      expect(q.storage_account_id).toBe(accountRef);
      expect(q.storage_account_name).toBeUndefined();
    }
  });

  test("the user-assigned identity: Blob Data Owner on the account, Queue Data Contributor on each relay queue, Metrics Publisher on App Insights", () => {
    const mine = roles(json).filter((r) => r.principal_id === identityPrincipal);
    expect(mine.map((r) => [r.role_definition_name, r.scope]).sort()).toEqual(
      [
        ["Storage Blob Data Owner", accountRef],
        ["Monitoring Metrics Publisher", ref("azurerm_application_insights", insightsId, "id")],
        ...Object.values(RELAY_QUEUES).map((q) => ["Storage Queue Data Contributor", `${accountRef}/queueServices/default/queues/${q}`]),
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

  test("Key Vault Secrets User per secret (never the vault) for the identity that resolves references", () => {
    const kvRoles = roles(json).filter((r) => r.role_definition_name === "Key Vault Secrets User");
    const secretIds = ofType(json, "azurerm_key_vault_secret").map(([id]) => ref("azurerm_key_vault_secret", id, "resource_versionless_id"));
    expect(kvRoles.map((r) => r.scope).sort()).toEqual(secretIds.sort());
    for (const r of kvRoles) expect(r.principal_id).toBe(`\${azurerm_function_app_flex_consumption.${appId}.identity[0].principal_id}`);
    // Exactly the roles above: nothing else is granted.
    expect(roles(json)).toHaveLength(6 + kvRoles.length);
  });

  test("the app starts only after its storage, queue and telemetry roles and its code package exist", () => {
    const granted = roles(json).filter((r) => r.principal_id === identityPrincipal).map((r) => `azurerm_role_assignment.${r.id}`);
    const [blobId] = only(json, "azurerm_storage_blob");
    const payloadContainerId = idOf(json, "azurerm_storage_container", (c) => c.name === RELAY_PAYLOAD_CONTAINER)!;
    expect([...app.depends_on].sort()).toEqual([...granted, `azurerm_storage_blob.${blobId}`, `azurerm_storage_container.${payloadContainerId}`].sort());
    expect(app.identity).toEqual({ type: "SystemAssigned, UserAssigned", identity_ids: [ref("azurerm_user_assigned_identity", identityId, "id")] });
  });

  test("identity-based storage: host and deployment storage through the user-assigned identity, no key", () => {
    expect(app.app_settings).toMatchObject({
      AzureWebJobsStorage: "",
      AzureWebJobsStorage__accountName: ref("azurerm_storage_account", accountId, "name"),
      AzureWebJobsStorage__credential: "managedidentity",
      AzureWebJobsStorage__clientId: ref("azurerm_user_assigned_identity", identityId, "client_id"),
    });
    expect(app).toMatchObject({
      storage_authentication_type: "UserAssignedIdentity",
      storage_user_assigned_identity_id: ref("azurerm_user_assigned_identity", identityId, "id"),
      storage_container_type: "blobContainer",
      storage_container_endpoint: `${ref("azurerm_storage_account", accountId, "primary_blob_endpoint")}relay-deployment`,
    });
    expect(app.storage_access_key).toBeUndefined();
  });

  test("every app setting that holds a secret is a Key Vault reference to a versionless secret id", () => {
    const secretSettings = [flowUrlSettingName("create-user"), ...["Username", "Password", "ClientId", "ClientSecret"].map((k) => RELAY_SETTINGS[`directoryManager${k}` as keyof typeof RELAY_SETTINGS])];
    for (const name of secretSettings) {
      expect(app.app_settings[name]).toMatch(/^@Microsoft\.KeyVault\(SecretUri=\$\{azurerm_key_vault_secret\.[^.]+\.versionless_id\}\)$/);
    }
    const flowSecretId = idOf(json, "azurerm_key_vault_secret", (s) => s.name === "flow-url-create-user")!;
    expect(app.app_settings.FLOW_URL_CREATE_USER).toBe(`@Microsoft.KeyVault(SecretUri=${ref("azurerm_key_vault_secret", flowSecretId, "versionless_id")})`);
    // No other setting carries a secret-looking value.
    const text = JSON.stringify(json);
    for (const pattern of [/[?&]sig=/, /AccountKey=/i, /SharedAccessSignature/i, /InstrumentationKey=/i]) expect(text).not.toMatch(pattern);
  });

  test("plain relay settings: routes JSON, limits, decisions flag and Directory Manager URL", () => {
    expect(JSON.parse(app.app_settings[RELAY_SETTINGS.routes])).toEqual({ "create-user": { displayName: "create user", flowUrlSetting: "FLOW_URL_CREATE_USER" } });
    expect(app.app_settings).toMatchObject({
      [RELAY_SETTINGS.maxBodyBytes]: "1048576",
      [RELAY_SETTINGS.forwardDeadlineMs]: "10000",
      [RELAY_SETTINGS.maxAttempts]: "8",
      [RELAY_SETTINGS.decisionsEnabled]: "true",
      [RELAY_SETTINGS.directoryManagerUrl]: "https://dm.example.com",
    });
    expect(app.app_settings[RELAY_SETTINGS.departments]).toBeUndefined();
  });

  test("workspace-based Application Insights with Entra-only ingestion through the identity", () => {
    const [workspaceId, workspace] = only(json, "azurerm_log_analytics_workspace");
    expect(workspace.retention_in_days).toBe(30);
    expect(insights.workspace_id).toBe(ref("azurerm_log_analytics_workspace", workspaceId, "id"));
    expect(insights.local_authentication_disabled).toBe(true);
    expect(app.site_config.application_insights_connection_string).toBe(ref("azurerm_application_insights", insightsId, "connection_string"));
    expect(app.app_settings.APPLICATIONINSIGHTS_AUTHENTICATION_STRING).toBe(
      `ClientId=${ref("azurerm_user_assigned_identity", identityId, "client_id")};Authorization=AAD`,
    );
  });

  test("the code package is a zip asset uploaded as released-package.zip to the deployment container; its hash restarts the app", () => {
    const [, blob] = only(json, "azurerm_storage_blob");
    const containerId = idOf(json, "azurerm_storage_container", (c) => c.name === "relay-deployment")!;
    expect(blob).toMatchObject({
      name: RELAY_PACKAGE_BLOB,
      type: "Block",
      storage_account_name: ref("azurerm_storage_account", accountId, "name"),
      storage_container_name: ref("azurerm_storage_container", containerId, "name"),
    });
    expect(blob.source).toMatch(/^assets\/relay_relay-package_[0-9A-F]+\/([0-9A-F]+)\/archive\.zip$/);
    expect(blob.content_md5).toBe(`\${filemd5("${blob.source}")}`);
    const hash = /\/([0-9A-F]+)\/archive\.zip$/.exec(blob.source)![1];
    expect(app.app_settings.RELAY_PACKAGE_HASH).toBe(hash);
    expect(app.zip_deploy_file).toBeUndefined();
  });

  test("attributes are references to the deployed app: base, route, decisions and health URLs, key command", () => {
    const host = ref("azurerm_function_app_flex_consumption", appId, "default_hostname");
    const name = ref("azurerm_function_app_flex_consumption", appId, "name");
    expect(output(json, "relayBaseUrl")).toBe(`https://${host}/api`);
    expect(output(json, "routeUrls")).toEqual({ "create-user": `https://${host}/api/flows/create-user` });
    expect(output(json, "decisionsUrl")).toBe(`https://${host}/api/decisions`);
    expect(output(json, "healthUrl")).toBe(`https://${host}/api/health`);
    expect(output(json, "functionKeyCommand")).toBe(`az functionapp keys list --resource-group rg --name ${name} --query functionKeys.default --output tsv`);
    expect(output(json, "identityClientId")).toBe(ref("azurerm_user_assigned_identity", identityId, "client_id"));
    expect(output(json, "identityPrincipalId")).toBe(identityPrincipal);
    expect(output(json, "storageAccountName")).toBe(ref("azurerm_storage_account", accountId, "name"));
  });

  test("suppressions carry reasons: public access on the app, network deny and geo-redundancy on the LRS account", () => {
    expect(suppressionsOf(relay.functionApp).map((s) => s.ruleId)).toEqual(["DMF-FUNC-PUBLIC-ACCESS"]);
    expect(suppressionsOf(relay.storageAccount).map((s) => s.ruleId).sort()).toEqual(["DMF-ST-GEO-REDUNDANT", "DMF-ST-NETWORK-DENY"]);
    for (const s of [...suppressionsOf(relay.functionApp), ...suppressionsOf(relay.storageAccount)]) expect(s.reason.length).toBeGreaterThan(80);
  });
});

describe("FlowRelay: decisions", () => {
  test("off: no credential secrets, variables, grants or Directory Manager settings", () => {
    const { json } = build();
    const [, app] = only(json, "azurerm_function_app_flex_consumption");
    expect(ofType(json, "azurerm_key_vault_secret")).toHaveLength(1);
    expect(Object.keys(json.variable ?? {})).toEqual(["flow_url"]);
    expect(json.resource.time_rotating).toBeUndefined();
    expect(roles(json).filter((r) => r.role_definition_name === "Key Vault Secrets User")).toHaveLength(1);
    expect(app.app_settings[RELAY_SETTINGS.decisionsEnabled]).toBe("false");
    expect(output(json, "decisionsUrl")).toBe("none");
    expect(Object.keys(app.app_settings).filter((k) => k.startsWith("DIRECTORY_MANAGER"))).toEqual([]);
  });

  test('"variables": four sensitive variables feed four expiring secrets', () => {
    const { json } = build({ decisions: { directoryManagerUrl: "https://dm.example.com", directoryManagerTokenUrl: "https://dm.example.com:4443/GroupIDSecurityService/connect/token" } });
    const [rotationId] = only(json, "time_rotating");
    expect(json.resource.time_rotating[rotationId].rotation_days).toBe(365);
    for (const suffix of ["username", "password", "client_id", "client_secret"]) {
      // Named from the relay's path below its stack ("relay") unless decisions.variablePrefix is given.
      expect(json.variable![`relay_directory_manager_${suffix}`]).toMatchObject({ sensitive: true, type: "string", nullable: false });
      const secret = Object.values(json.resource.azurerm_key_vault_secret).find((s) => s.value === `\${var.relay_directory_manager_${suffix}}`)!;
      expect(secret).toMatchObject({ name: `dm-api-${suffix.replace("_", "-")}`, expiration_date: ref("time_rotating", rotationId, "rotation_rfc3339") });
      expect(secret.lifecycle).toBeUndefined();
    }
    const [, app] = only(json, "azurerm_function_app_flex_consumption");
    expect(app.app_settings[RELAY_SETTINGS.directoryManagerTokenUrl]).toBe("https://dm.example.com:4443/GroupIDSecurityService/connect/token");
  });

  test('"external": placeholders whose value Terraform ignores, and no variables', () => {
    const { json } = build({ decisions: { directoryManagerUrl: "https://dm.example.com", credentialsSource: "external" } });
    expect(Object.keys(json.variable ?? {})).toEqual(["flow_url"]);
    const credentials = Object.values(json.resource.azurerm_key_vault_secret).filter((s) => s.name.startsWith("dm-api-"));
    expect(credentials).toHaveLength(4);
    for (const s of credentials) expect(s.lifecycle).toEqual({ ignore_changes: ["value"] });
  });
});

describe("FlowRelay: options", () => {
  test("several routes: one Key Vault reference, one grant and one URL each", () => {
    const { json } = build({}, ["create-user", "update-user"]);
    const [, app] = only(json, "azurerm_function_app_flex_consumption");
    expect(app.app_settings.FLOW_URL_UPDATE_USER).toMatch(/^@Microsoft\.KeyVault\(SecretUri=/);
    expect(Object.keys(JSON.parse(app.app_settings.RELAY_ROUTES))).toEqual(["create-user", "update-user"]);
    expect(roles(json).filter((r) => r.role_definition_name === "Key Vault Secrets User")).toHaveLength(2);
    expect(Object.keys(output(json, "routeUrls"))).toEqual(["create-user", "update-user"]);
  });

  test("sizing, runtime, retention, replication and soft delete are configurable; GRS needs no geo suppression", () => {
    const { json, relay } = build({ instanceMemoryInMb: 4096, maximumInstanceCount: 40, nodeVersion: "24", logRetentionDays: 90, storageReplication: "GZRS", blobSoftDeleteRetentionDays: 14 });
    expect(only(json, "azurerm_function_app_flex_consumption")[1]).toMatchObject({ instance_memory_in_mb: 4096, maximum_instance_count: 40, runtime_version: "24" });
    expect(only(json, "azurerm_log_analytics_workspace")[1].retention_in_days).toBe(90);
    const [, account] = only(json, "azurerm_storage_account");
    expect(account.account_replication_type).toBe("GZRS");
    expect(account.blob_properties.delete_retention_policy.days).toBe(14);
    expect(suppressionsOf(relay.storageAccount).map((s) => s.ruleId)).toEqual(["DMF-ST-NETWORK-DENY"]);
  });

  test("allow-lists: deny by default, Directory Manager IPs as /32 or CIDR, Power Automate by service tag", () => {
    const { json } = build({
      decisions: { directoryManagerUrl: "https://dm.example.com" },
      ingressAllowedIpRanges: ["203.0.113.10", "198.51.100.0/24"],
      decisionsAllowedSources: ["PowerPlatformInfra"],
    });
    const [, app] = only(json, "azurerm_function_app_flex_consumption");
    expect(app.site_config.ip_restriction_default_action).toBe("Deny");
    expect(app.site_config.ip_restriction).toEqual([
      { name: "directory-manager-1", description: "Directory Manager (workflow routes)", action: "Allow", priority: 100, ip_address: "203.0.113.10/32" },
      { name: "directory-manager-2", description: "Directory Manager (workflow routes)", action: "Allow", priority: 101, ip_address: "198.51.100.0/24" },
      { name: "power-automate-3", description: "Power Automate (decisions)", action: "Allow", priority: 102, service_tag: "PowerPlatformInfra" },
    ]);
  });

  test("departments, enrichment and flow host settings are passed as plain settings", () => {
    const departments = { Sales: { siteUrl: "https://contoso.sharepoint.com/sites/sales", groupObjectId: "11111111-2222-3333-4444-555555555555" } };
    const { json } = build({ departments, departmentPointer: "/user/department", enrichmentKey: "site", allowedFlowHostSuffixes: [".environment.api.powerplatform.us"] });
    const settings = only(json, "azurerm_function_app_flex_consumption")[1].app_settings;
    expect(JSON.parse(settings[RELAY_SETTINGS.departments])).toEqual(departments);
    expect(settings).toMatchObject({
      [RELAY_SETTINGS.departmentPointer]: "/user/department",
      [RELAY_SETTINGS.enrichmentKey]: "site",
      [RELAY_SETTINGS.allowedFlowHostSuffixes]: ".environment.api.powerplatform.us",
    });
  });

  test("deployerObjectId: Blob Data Contributor on the deployment container only, before the upload", () => {
    const deployer = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    const { json } = build({ deployerObjectId: deployer });
    const [accountId] = only(json, "azurerm_storage_account");
    const grant = roles(json).find((r) => r.principal_id === deployer)!;
    expect(grant).toMatchObject({
      role_definition_name: "Storage Blob Data Contributor",
      scope: `${ref("azurerm_storage_account", accountId, "id")}/blobServices/default/containers/relay-deployment`,
    });
    expect(only(json, "azurerm_storage_blob")[1].depends_on).toEqual([`azurerm_role_assignment.${grant.id}`]);
  });

  test("deployCode false: no package, no hash setting, no code path needed", () => {
    const { json } = build({ deployCode: false, codePath: "/nonexistent" });
    expect(json.resource.azurerm_storage_blob).toBeUndefined();
    expect(only(json, "azurerm_function_app_flex_consumption")[1].app_settings.RELAY_PACKAGE_HASH).toBeUndefined();
  });

  test("tags and explicit names reach the resources", () => {
    const { json } = build({ tags: { env: "test" }, names: { functionApp: "my-relay", storageAccount: "myrelaystore" } });
    for (const type of ["azurerm_function_app_flex_consumption", "azurerm_storage_account", "azurerm_service_plan", "azurerm_user_assigned_identity", "azurerm_application_insights", "azurerm_log_analytics_workspace"]) {
      expect(only(json, type)[1].tags).toEqual({ env: "test" });
    }
    expect(only(json, "azurerm_function_app_flex_consumption")[1].name).toBe("my-relay");
    expect(only(json, "azurerm_storage_account")[1].name).toBe("myrelaystore");
  });
});
