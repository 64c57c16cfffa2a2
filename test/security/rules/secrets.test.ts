import { literalSecrets } from "../../../constructs/security/rules/secrets";
import { element, resource, run, status } from "../support";

const output = (name: string, config: Record<string, unknown>) => element("output", "output", name, config);

describe("DMF-OUT-NO-SECRET", () => {
  test("compliant: an output of an id", () => {
    expect(
      status("DMF-OUT-NO-SECRET", output("secret_id", { value: "${azurerm_key_vault_secret.s.versionless_id}" })),
    ).toBe("compliant");
  });
  test("non-compliant: an output of a client secret's value", () => {
    const outcome = run(
      "DMF-OUT-NO-SECRET",
      output("client_secret", { value: "${azuread_application_password.pw.value}" }),
    );
    expect(outcome).toEqual({
      status: "non-compliant",
      problem: "it exposes azuread_application_password.<name>.value",
    });
  });
  test("compliant when the output is sensitive", () => {
    expect(
      status(
        "DMF-OUT-NO-SECRET",
        output("client_secret", { value: "${azuread_application_password.pw.value}", sensitive: true }),
      ),
    ).toBe("compliant");
  });
  test("not applicable to a resource", () => {
    expect(status("DMF-OUT-NO-SECRET", resource("azurerm_key_vault", {}))).toBe("not-applicable");
  });
  test.each([
    ["a storage key", "${azurerm_storage_account.st.primary_access_key}"],
    [
      "a connection string inside an expression",
      '${join(";", [azurerm_storage_account.st.primary_connection_string])}',
    ],
    ["a Key Vault secret's value", "${data.azurerm_key_vault_secret.s.value}"],
    ["a function key", "${data.azurerm_function_app_host_keys.k.default_function_key}"],
    ["nonsensitive()", "${nonsensitive(var.flow_url)}"],
  ])("non-compliant: %s", (_label, value) => {
    expect(status("DMF-OUT-NO-SECRET", output("o", { value }))).toBe("non-compliant");
  });
  test("a sensitive variable is a secret; another variable is not", () => {
    const secretVar = element("variable", "variable", "flow_url", { type: "string", sensitive: true });
    const plainVar = element("variable", "variable", "region", { type: "string" });
    expect(status("DMF-OUT-NO-SECRET", output("o", { value: "${var.flow_url}" }), [secretVar])).toBe("non-compliant");
    expect(status("DMF-OUT-NO-SECRET", output("o", { value: "${var.region}" }), [plainVar])).toBe("compliant");
  });
});

describe("DMF-SECRET-LITERAL", () => {
  test("compliant: a secret from a reference", () => {
    expect(
      status(
        "DMF-SECRET-LITERAL",
        resource("azurerm_key_vault_secret", { name: "s", value: "${var.secret}", content_type: "text/plain" }),
      ),
    ).toBe("compliant");
  });
  test("non-compliant: a Key Vault secret with a literal value", () => {
    expect(
      run("DMF-SECRET-LITERAL", resource("azurerm_key_vault_secret", { name: "s", value: "hunter2-hunter2" }, "s")),
    ).toEqual({
      status: "non-compliant",
      problem: "value holds a literal value",
    });
  });
  test("not applicable: nothing literal to scan", () => {
    expect(
      status(
        "DMF-SECRET-LITERAL",
        resource("azurerm_role_assignment", { scope: "${azurerm_key_vault.kv.id}", principal_id: "${var.p}" }),
      ),
    ).toBe("not-applicable");
  });
  test("a placeholder the vault ignores afterwards (value managed outside Terraform) is allowed", () => {
    const placeholder = resource("azurerm_key_vault_secret", {
      name: "s",
      value: "set-outside-terraform",
      lifecycle: { ignore_changes: ["value"] },
    });
    expect(status("DMF-SECRET-LITERAL", placeholder)).toBe("compliant");
  });
  test("the message names where and what, never the secret itself", () => {
    const flowUrl =
      "https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sv=1.0&sig=AbCdEfGhIjKlMnOpQrStUv";
    const outcome = run(
      "DMF-SECRET-LITERAL",
      resource("azurerm_function_app_flex_consumption", { app_settings: { FLOW_URL: flowUrl } }),
    );
    expect(outcome.status).toBe("non-compliant");
    expect(outcome.status === "non-compliant" && outcome.problem).toBe(
      "app_settings.FLOW_URL holds a URL with a SAS or flow signature (sig=)",
    );
    expect(JSON.stringify(outcome)).not.toContain("AbCdEfGhIjKlMnOpQrStUv");
  });
  test.each([
    [
      "a storage connection string",
      {
        app_settings: {
          AzureWebJobsStorage: `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${"A".repeat(40)}==`,
        },
      },
      /storage account key/,
    ],
    [
      "a literal password setting",
      { app_settings: { DIRECTORY_MANAGER_PASSWORD: "P@ssw0rd!" } },
      /app_settings.DIRECTORY_MANAGER_PASSWORD holds a literal value/,
    ],
    ["an Entra client secret", { notes: `abc8Q~${"x".repeat(34)}` }, /Entra ID client secret/],
    ["a private key", { key: "-----BEGIN RSA PRIVATE KEY-----\nMIIB" }, /private key/],
    [
      "a storage access key argument",
      { storage_access_key: "c2VjcmV0a2V5" },
      /storage_access_key holds a literal value/,
    ],
  ])("non-compliant: %s", (_label, config, problem) => {
    const outcome = run("DMF-SECRET-LITERAL", resource("azurerm_linux_function_app", config));
    expect(outcome.status === "non-compliant" && outcome.problem).toMatch(problem);
  });
  test("a Key Vault reference in an app setting is a pointer, not a secret", () => {
    expect(
      literalSecrets({
        app_settings: {
          DIRECTORY_MANAGER_PASSWORD: "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/dm-password/)",
        },
      }),
    ).toEqual([]);
  });
  test("an app setting in an ARM body (a name/value pair) is judged by its name, like one in app_settings", () => {
    const body = (name: string, value: string) => ({
      body: { properties: { siteConfig: { appSettings: [{ name, value }] } } },
    });
    expect(literalSecrets(body("DIRECTORY_MANAGER_PASSWORD", "hunter2"))).toEqual([
      "body.properties.siteConfig.appSettings[0].value holds a literal value",
    ]);
    expect(
      literalSecrets(
        body(
          "DIRECTORY_MANAGER_PASSWORD",
          "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/dm-password/)",
        ),
      ),
    ).toEqual([]);
    expect(literalSecrets(body("RELAY_MAX_ATTEMPTS", "8"))).toEqual([]);
  });
  test("providers, variables and outputs are scanned too", () => {
    expect(
      status("DMF-SECRET-LITERAL", element("provider", "azurerm", "0", { client_secret: `abc8Q~${"y".repeat(34)}` })),
    ).toBe("non-compliant");
    expect(
      status(
        "DMF-SECRET-LITERAL",
        element("variable", "variable", "client_secret", { type: "string", default: "s3cr3t-value" }),
      ),
    ).toBe("non-compliant");
    expect(
      status("DMF-SECRET-LITERAL", element("output", "output", "api_token", { value: "literal-token-value" })),
    ).toBe("non-compliant");
    expect(
      status(
        "DMF-SECRET-LITERAL",
        element("variable", "variable", "region", { type: "string", default: "westeurope" }),
      ),
    ).toBe("compliant");
  });
  test("the state backend is scanned too (a literal storage key or SAS token there is a finding)", () => {
    const backend = (config: Record<string, unknown>) =>
      element("backend", "azurerm", "azurerm", config, { address: "terraform.backend.azurerm" });
    expect(run("DMF-SECRET-LITERAL", backend({ storage_account_name: "st", access_key: "c2VjcmV0LWtleQ==" }))).toEqual({
      status: "non-compliant",
      problem: "access_key holds a literal value",
    });
    expect(status("DMF-SECRET-LITERAL", backend({ storage_account_name: "st", use_azuread_auth: true }))).toBe(
      "compliant",
    );
  });
  test("setting names that merely mention a secret are not secrets", () => {
    expect(
      literalSecrets({
        client_secret_setting_name: "MICROSOFT_PROVIDER_AUTHENTICATION_SECRET",
        shared_access_key_enabled: false,
        tags: { secret: "no" },
      }),
    ).toEqual([]);
  });
});
