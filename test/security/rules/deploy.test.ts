import { element, resource, run, status } from "../support";

// Each deploy preflight rule: compliant, non-compliant (with what the problem says) and not applicable.

const problemOf = (outcome: ReturnType<typeof run>) =>
  outcome.status === "non-compliant" || outcome.status === "unknown" ? outcome.problem : outcome.status;

describe("DMF-DEPLOY-ROLE-WAIT", () => {
  const deployer = element("data", "azurerm_client_config", "me", {});
  const vault = resource("azurerm_key_vault", { name: "kv" }, "kv");
  const grant = resource(
    "azurerm_role_assignment",
    {
      scope: "${azurerm_key_vault.kv.id}",
      role_definition_name: "Key Vault Secrets Officer",
      principal_id: "${data.azurerm_client_config.me.object_id}",
    },
    "officer",
  );
  const wait = resource(
    "time_sleep",
    {
      create_duration: "120s",
      triggers: { role_0: "${azurerm_role_assignment.officer.id}" },
      depends_on: ["azurerm_role_assignment.officer"],
    },
    "wait",
  );
  const secret = (dependsOn?: string[]) =>
    resource(
      "azurerm_key_vault_secret",
      {
        name: "s",
        key_vault_id: "${azurerm_key_vault.kv.id}",
        value_wo: "${var.x}",
        value_wo_version: 1,
        depends_on: dependsOn,
      },
      "s",
    );
  const stack = [deployer, vault, grant, wait];

  test("compliant: secret → time_sleep → the deployer's role assignment", () => {
    expect(status("DMF-DEPLOY-ROLE-WAIT", secret(["time_sleep.wait"]), stack)).toBe("compliant");
  });

  test("non-compliant: the secret depends on the role assignment directly", () => {
    expect(problemOf(run("DMF-DEPLOY-ROLE-WAIT", secret(["azurerm_role_assignment.officer"]), stack))).toMatch(
      /depends on azurerm_role_assignment\.officer with no time_sleep in between/,
    );
  });

  test("non-compliant: a wait on one path, none on another", () => {
    expect(
      problemOf(run("DMF-DEPLOY-ROLE-WAIT", secret(["time_sleep.wait", "azurerm_role_assignment.officer"]), stack)),
    ).toMatch(/no time_sleep in between/);
  });

  test("non-compliant: the secret does not wait for the grant at all", () => {
    expect(problemOf(run("DMF-DEPLOY-ROLE-WAIT", secret(), stack))).toMatch(
      /does not wait for azurerm_role_assignment\.officer \(created in the same apply\)/,
    );
  });

  test("a blob waits for the deployer's grant on its container or account", () => {
    const account = resource("azurerm_storage_account", { name: "st" }, "st");
    const container = resource(
      "azurerm_storage_container",
      { name: "c", storage_account_id: "${azurerm_storage_account.st.id}" },
      "c",
    );
    const upload = resource(
      "azurerm_role_assignment",
      {
        scope: "${azurerm_storage_account.st.id}/blobServices/default/containers/c",
        role_definition_name: "Storage Blob Data Contributor",
        principal_id: "${data.azurerm_client_config.me.object_id}",
      },
      "upload",
    );
    const blob = (dependsOn: string[]) =>
      resource(
        "azurerm_storage_blob",
        {
          name: "b",
          storage_account_name: "${azurerm_storage_account.st.name}",
          storage_container_name: "${azurerm_storage_container.c.name}",
          depends_on: dependsOn,
        },
        "b",
      );
    const uploadWait = resource("time_sleep", { depends_on: ["azurerm_role_assignment.upload"] }, "upload_wait");
    const around = [deployer, account, container, upload, uploadWait];
    expect(status("DMF-DEPLOY-ROLE-WAIT", blob(["time_sleep.upload_wait"]), around)).toBe("compliant");
    expect(status("DMF-DEPLOY-ROLE-WAIT", blob(["azurerm_role_assignment.upload"]), around)).toBe("non-compliant");
  });

  test("not applicable: no data-write grant to the deployer in the stack (roles granted ahead of time), or another principal's grant", () => {
    expect(status("DMF-DEPLOY-ROLE-WAIT", secret(), [deployer, vault])).toBe("not-applicable");
    const reader = resource(
      "azurerm_role_assignment",
      { ...grant.config, role_definition_name: "Key Vault Secrets User" },
      "reader",
    );
    const appGrant = resource(
      "azurerm_role_assignment",
      { ...grant.config, principal_id: "${azurerm_user_assigned_identity.app.principal_id}" },
      "app",
    );
    expect(status("DMF-DEPLOY-ROLE-WAIT", secret(), [deployer, vault, reader, appGrant])).toBe("not-applicable");
    expect(status("DMF-DEPLOY-ROLE-WAIT", vault, stack)).toBe("not-applicable");
  });
});

describe("DMF-DEPLOY-LOCAL-STATE", () => {
  const local = (path?: string) => element("backend", "local", "local", path === undefined ? {} : { path });
  test("compliant: an absolute path outside cdktf.out (cdktf's default is <project root>/terraform.<stack>.tfstate), or one that climbs out of it", () => {
    expect(status("DMF-DEPLOY-LOCAL-STATE", local("/home/me/project/terraform.prod.tfstate"))).toBe("compliant");
    expect(status("DMF-DEPLOY-LOCAL-STATE", local("../../../state/prod.tfstate"))).toBe("compliant");
    expect(status("DMF-DEPLOY-LOCAL-STATE", local())).toBe("compliant");
  });
  test("non-compliant: a relative path (it lands in cdktf.out/stacks/<stack>), or an absolute one inside cdktf.out", () => {
    expect(problemOf(run("DMF-DEPLOY-LOCAL-STATE", local("terraform.prod.tfstate")))).toMatch(
      /relative, so Terraform keeps the state in <outdir>\/stacks\/<stack>\/terraform\.prod\.tfstate/,
    );
    expect(
      problemOf(run("DMF-DEPLOY-LOCAL-STATE", local("/home/me/project/cdktf.out/stacks/prod/terraform.prod.tfstate"))),
    ).toMatch(/inside a cdktf\.out folder/);
  });
  test("not applicable: a remote backend", () => {
    expect(status("DMF-DEPLOY-LOCAL-STATE", element("backend", "azurerm", "azurerm", { key: "prod.tfstate" }))).toBe(
      "not-applicable",
    );
  });
});

describe("DMF-DEPLOY-STRIPPED-SETTING", () => {
  const flex = (settings?: Record<string, string>) =>
    resource("azurerm_function_app_flex_consumption", { name: "f", app_settings: settings }, "f");
  test("compliant: identity-based host storage settings, the connection string in site_config", () => {
    expect(
      status("DMF-DEPLOY-STRIPPED-SETTING", flex({ AzureWebJobsStorage__accountName: "st", RELAY_ROUTES: "{}" })),
    ).toBe("compliant");
  });
  test("non-compliant: AzureWebJobsStorage or APPLICATIONINSIGHTS_CONNECTION_STRING in app_settings", () => {
    expect(
      problemOf(
        run(
          "DMF-DEPLOY-STRIPPED-SETTING",
          flex({ AzureWebJobsStorage: "", APPLICATIONINSIGHTS_CONNECTION_STRING: "x" }),
        ),
      ),
    ).toBe(
      "app_settings sets APPLICATIONINSIGHTS_CONNECTION_STRING, AzureWebJobsStorage, which azurerm 4.55 takes out of app_settings on read",
    );
    // The Linux app also takes the identity-based account name out (it maps it to storage_uses_managed_identity).
    expect(
      status(
        "DMF-DEPLOY-STRIPPED-SETTING",
        resource("azurerm_linux_function_app", { app_settings: { AzureWebJobsStorage__accountName: "st" } }),
      ),
    ).toBe("non-compliant");
  });
  test("not applicable: no app_settings, or another resource type", () => {
    expect(status("DMF-DEPLOY-STRIPPED-SETTING", flex())).toBe("not-applicable");
    expect(status("DMF-DEPLOY-STRIPPED-SETTING", resource("azurerm_storage_account", { name: "st" }))).toBe(
      "not-applicable",
    );
  });
});

describe("DMF-DEPLOY-GLOBAL-NAME", () => {
  const vault = (id: string, name: string) => resource("azurerm_key_vault", { name }, id);
  test("compliant: names of their own (case-insensitive), or the same name in different namespaces", () => {
    expect(
      status("DMF-DEPLOY-GLOBAL-NAME", vault("a", "dm-kv-1"), [
        vault("b", "dm-kv-2"),
        resource("azurerm_storage_account", { name: "dm-kv-1" }, "st"),
      ]),
    ).toBe("compliant");
  });
  test("non-compliant: two vaults named alike, or two apps (azurerm and azapi sites) with one host name", () => {
    expect(problemOf(run("DMF-DEPLOY-GLOBAL-NAME", vault("a", "DM-KV"), [vault("b", "dm-kv")]))).toMatch(
      /azurerm_key_vault\.b has the same Key Vault name "DM-KV"/,
    );
    const site = resource("azapi_resource", { type: "Microsoft.Web/sites@2024-11-01", name: "relay" }, "site");
    expect(
      status("DMF-DEPLOY-GLOBAL-NAME", resource("azurerm_linux_function_app", { name: "relay" }, "f"), [site]),
    ).toBe("non-compliant");
    // The same expression derives the same name.
    const derived = "dm-kv-${substr(sha1(data.azurerm_client_config.c.subscription_id), 0, 6)}";
    expect(status("DMF-DEPLOY-GLOBAL-NAME", vault("a", derived), [vault("b", derived)])).toBe("non-compliant");
  });
  test("not applicable: a resource whose name is unique only in its group", () => {
    expect(status("DMF-DEPLOY-GLOBAL-NAME", resource("azurerm_user_assigned_identity", { name: "id" }))).toBe(
      "not-applicable",
    );
    expect(
      status(
        "DMF-DEPLOY-GLOBAL-NAME",
        resource("azapi_resource", { type: "Microsoft.Web/serverfarms@2024-11-01", name: "plan" }),
      ),
    ).toBe("not-applicable");
  });
});

describe("DMF-DEPLOY-KV-REFERENCE-NETWORK", () => {
  const vault = (acls: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    resource("azurerm_key_vault", { name: "kv", network_acls: acls, ...extra }, "kv");
  const secret = resource("azurerm_key_vault_secret", { name: "s", key_vault_id: "${azurerm_key_vault.kv.id}" }, "s");
  const app = (extra: Record<string, unknown> = {}) =>
    resource(
      "azurerm_function_app_flex_consumption",
      {
        name: "f",
        app_settings: { FLOW_URL: "@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.s.versionless_id})" },
        ...extra,
      },
      "f",
    );
  const subnet = "${azurerm_subnet.apps.id}";
  const denying = vault({ default_action: "Deny", bypass: "AzureServices" });

  test("compliant: the vault allows public traffic, allows the app's subnet, or has a private endpoint", () => {
    expect(status("DMF-DEPLOY-KV-REFERENCE-NETWORK", app(), [secret, vault({ default_action: "Allow" })])).toBe(
      "compliant",
    );
    expect(
      status("DMF-DEPLOY-KV-REFERENCE-NETWORK", app({ virtual_network_subnet_id: subnet }), [
        secret,
        vault({ default_action: "Deny", virtual_network_subnet_ids: [subnet] }),
      ]),
    ).toBe("compliant");
    const endpoint = resource(
      "azurerm_private_endpoint",
      { private_service_connection: [{ private_connection_resource_id: "${azurerm_key_vault.kv.id}" }] },
      "pe",
    );
    expect(
      status("DMF-DEPLOY-KV-REFERENCE-NETWORK", app({ virtual_network_subnet_id: subnet }), [
        secret,
        denying,
        endpoint,
      ]),
    ).toBe("compliant");
  });

  test("non-compliant: the vault denies and the app has no VNet integration (the AzureServices bypass does not cover references)", () => {
    expect(problemOf(run("DMF-DEPLOY-KV-REFERENCE-NETWORK", app(), [secret, denying]))).toMatch(
      /azurerm_key_vault\.kv denies public traffic and the app has no VNet integration/,
    );
    expect(
      problemOf(run("DMF-DEPLOY-KV-REFERENCE-NETWORK", app({ virtual_network_subnet_id: subnet }), [secret, denying])),
    ).toMatch(/neither allows the app's subnet nor has a private endpoint/);
  });

  test("non-compliant: a private endpoint the app cannot reach (no VNet integration)", () => {
    const endpoint = resource(
      "azurerm_private_endpoint",
      { private_service_connection: [{ private_connection_resource_id: "${azurerm_key_vault.kv.id}" }] },
      "pe",
    );
    expect(problemOf(run("DMF-DEPLOY-KV-REFERENCE-NETWORK", app(), [secret, denying, endpoint]))).toMatch(
      /azurerm_key_vault\.kv denies public traffic and the app has no VNet integration/,
    );
  });

  test("non-compliant: public network access off, so the subnet rule is ignored and only a private endpoint gets through", () => {
    const closed = vault(
      { default_action: "Deny", virtual_network_subnet_ids: [subnet] },
      { public_network_access_enabled: false },
    );
    expect(
      problemOf(run("DMF-DEPLOY-KV-REFERENCE-NETWORK", app({ virtual_network_subnet_id: subnet }), [secret, closed])),
    ).toMatch(/azurerm_key_vault\.kv has public network access off and no private endpoint/);
    const endpoint = resource(
      "azurerm_private_endpoint",
      { private_service_connection: [{ private_connection_resource_id: "${azurerm_key_vault.kv.id}" }] },
      "pe",
    );
    expect(
      status("DMF-DEPLOY-KV-REFERENCE-NETWORK", app({ virtual_network_subnet_id: subnet }), [secret, closed, endpoint]),
    ).toBe("compliant");
  });

  test("the allowed subnet of this stack needs the Microsoft.KeyVault service endpoint", () => {
    const allowing = vault({ default_action: "Deny", virtual_network_subnet_ids: [subnet] });
    const apps = (serviceEndpoints?: unknown) =>
      resource(
        "azurerm_subnet",
        { name: "apps", ...(serviceEndpoints === undefined ? {} : { service_endpoints: serviceEndpoints }) },
        "apps",
      );
    const integrated = app({ virtual_network_subnet_id: subnet });
    expect(
      problemOf(run("DMF-DEPLOY-KV-REFERENCE-NETWORK", integrated, [secret, allowing, apps(["Microsoft.Storage"])])),
    ).toMatch(/allows azurerm_subnet\.apps, which has no Microsoft\.KeyVault service endpoint/);
    expect(status("DMF-DEPLOY-KV-REFERENCE-NETWORK", integrated, [secret, allowing, apps()])).toBe("non-compliant");
    expect(
      status("DMF-DEPLOY-KV-REFERENCE-NETWORK", integrated, [
        secret,
        allowing,
        apps(["Microsoft.Storage", "Microsoft.KeyVault"]),
      ]),
    ).toBe("compliant");
    // A subnet outside the stack (given by id) or endpoints known only at plan: nothing to read, so the rule trusts the firewall rule.
    expect(status("DMF-DEPLOY-KV-REFERENCE-NETWORK", integrated, [secret, allowing, apps("${var.endpoints}")])).toBe(
      "compliant",
    );
  });

  test("an azapi site is read from its ARM body", () => {
    const site = resource(
      "azapi_resource",
      {
        type: "Microsoft.Web/sites@2024-11-01",
        body: {
          properties: {
            siteConfig: {
              appSettings: [
                {
                  name: "FLOW_URL",
                  value: "@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.s.versionless_id})",
                },
              ],
            },
          },
        },
      },
      "site",
    );
    expect(status("DMF-DEPLOY-KV-REFERENCE-NETWORK", site, [secret, denying])).toBe("non-compliant");
  });

  test("not applicable: no Key Vault reference; unverified: a vault this stack does not show", () => {
    expect(status("DMF-DEPLOY-KV-REFERENCE-NETWORK", app({ app_settings: { A: "b" } }), [secret, denying])).toBe(
      "not-applicable",
    );
    expect(
      status(
        "DMF-DEPLOY-KV-REFERENCE-NETWORK",
        app({ app_settings: { A: "@Microsoft.KeyVault(VaultName=corp;SecretName=x)" } }),
      ),
    ).toBe("unknown");
  });
});

describe("DMF-DEPLOY-WRITE-ONLY", () => {
  const sensitive = element("variable", "variable", "url", { type: "string", sensitive: true });
  const plain = element("variable", "variable", "note", { type: "string" });
  test("compliant: value holds no sensitive variable; not applicable: only value_wo is set", () => {
    expect(
      status(
        "DMF-DEPLOY-WRITE-ONLY",
        resource("azurerm_key_vault_secret", { value_wo: "${var.url}", value_wo_version: 1 }),
        [sensitive],
      ),
    ).toBe("not-applicable");
    expect(
      status("DMF-DEPLOY-WRITE-ONLY", resource("azurerm_key_vault_secret", { value: "${var.note}" }), [plain]),
    ).toBe("compliant");
  });
  test("non-compliant: a sensitive variable in value (stored in state) though value_wo exists", () => {
    expect(
      problemOf(
        run("DMF-DEPLOY-WRITE-ONLY", resource("azurerm_key_vault_secret", { value: "${var.url}" }), [sensitive]),
      ),
    ).toBe("value holds var.url, so state stores the secret; value_wo exists");
    expect(
      status(
        "DMF-DEPLOY-WRITE-ONLY",
        resource("azurerm_mssql_server", { administrator_login_password: "${var.url}" }),
        [sensitive],
      ),
    ).toBe("non-compliant");
  });
  test("not applicable: a type without write-only arguments", () => {
    expect(
      status("DMF-DEPLOY-WRITE-ONLY", resource("azurerm_storage_account", { name: "${var.url}" }), [sensitive]),
    ).toBe("not-applicable");
  });
});
