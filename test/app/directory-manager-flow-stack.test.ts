import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing, TerraformStack } from "../../constructs/providers/cdktf";
import { AzurermProvider } from "../../constructs/providers/azurerm";
import { AzureadProvider } from "../../constructs/providers/azuread";
import { TimeProvider } from "../../constructs/providers/time";
import { DirectoryManagerFlow } from "../../constructs";
import { SecurityRules } from "../../constructs/security";
import { findSecretLiterals } from "../support/secret-scan";
import { ofType, onlyOfType, ref, relaySite, siteAppSettings, synthEnvironment, synthStack } from "../support/synth";

const example = JSON.parse(readFileSync(join(__dirname, "..", "..", "config", "example.json"), "utf8"));

describe("DirectoryManagerFlowStack: the default environment (config/example.json)", () => {
  const { json } = synthEnvironment(example, "example");

  test("providers authenticate from the environment: no credential in code, storage through Entra ID", () => {
    const [azurerm] = json.provider!.azurerm;
    expect(azurerm.storage_use_azuread).toBe(true);
    expect(Object.keys(azurerm).filter((k) => /secret|password|client_id|oidc_token|use_oidc/.test(k))).toEqual([]);
    expect(json.provider!.azuread).toEqual([{}]);
  });

  test("state is local by default, in the project root (cdktf's default), not under cdktf.out", () => {
    expect(json.terraform!.backend).toEqual({ local: { path: join(process.cwd(), "terraform.example.tfstate") } });
  });

  test("Terraform 1.11 or later (write-only arguments, ephemeral variables)", () => {
    expect(json.terraform!.required_version).toBe(">= 1.11");
  });

  test("a secure Key Vault: RBAC, purge protection, soft delete, firewall deny with the AzureServices bypass", () => {
    const [, vault] = onlyOfType(json, "azurerm_key_vault");
    expect(vault).toMatchObject({
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      soft_delete_retention_days: 90,
      network_acls: { default_action: "Deny", bypass: "AzureServices", ip_rules: [] },
    });
    expect(vault.access_policy).toBeUndefined();
  });

  test("the deployer may write secrets into the vault, and the secret waits for that grant", () => {
    const [vaultId] = onlyOfType(json, "azurerm_key_vault");
    const [grantId, grant] = ofType(json, "azurerm_role_assignment").find(
      ([, r]) => r.role_definition_name === "Key Vault Secrets Officer",
    )!;
    const [deployerId] = onlyOfType(json, "azurerm_client_config", "data");
    expect(grant).toMatchObject({
      role_definition_name: "Key Vault Secrets Officer",
      scope: ref("azurerm_key_vault", vaultId, "id"),
      principal_id: ref("azurerm_client_config", deployerId, "object_id", "data"),
    });
    // secret → time_sleep (120 s, re-run when the grant is replaced) → role assignment
    const [sleepId, sleep] = ofType(json, "time_sleep").find(
      ([, t]) => t.depends_on[0] === `azurerm_role_assignment.${grantId}`,
    )!;
    expect(sleep).toMatchObject({
      create_duration: "120s",
      triggers: { role_0: ref("azurerm_role_assignment", grantId, "id") },
      depends_on: [`azurerm_role_assignment.${grantId}`],
    });
    const secrets = ofType(json, "azurerm_key_vault_secret");
    expect(secrets.length).toBeGreaterThan(0);
    for (const [, secret] of secrets) expect(secret.depends_on).toEqual([`time_sleep.${sleepId}`]);
  });

  test("the app registration's ids are stack outputs; the secret is output only as its Key Vault id", () => {
    expect(Object.keys(json.output!).sort()).toEqual(
      [
        "application_object_id",
        "client_id",
        "client_secret_key_vault_secret_id",
        "delegated_permissions",
        "directory_manager_settings",
        "flow_url_secret_ids",
        "key_vault_uri",
        "relay_base_url",
        "relay_function_app_id",
        "relay_function_app_name",
        "relay_function_key_command",
        "relay_health_url",
        "relay_identity_principal_id",
        "relay_queue_endpoint",
        "relay_route_urls",
        "service_principal_object_id",
        "tenant_id",
      ].sort(),
    );
    const [secretId] = ofType(json, "azurerm_key_vault_secret").find(
      ([, s]) => s.name === "directory-manager-client-secret",
    )!;
    expect(json.output!.client_secret_key_vault_secret_id.value).toBe(
      ref("azurerm_key_vault_secret", secretId, "versionless_id"),
    );
    for (const output of Object.values(json.output!))
      expect(String(output.value)).not.toMatch(/azuread_application_password/);
  });

  test("what dmflow reads after a deploy: ids and URLs of the relay's parts and the secrets, never a value", () => {
    const out = (name: string) => json.output![name].value;
    const [storageId] = onlyOfType(json, "azurerm_storage_account");
    expect(out("relay_queue_endpoint")).toBe(ref("azurerm_storage_account", storageId, "primary_queue_endpoint"));
    expect(String(out("relay_function_app_id"))).toMatch(/^\$\{[a-z_]+\.[^.]+\.id\}$/);
    // The post-apply code push (dmflow deploy-code) targets the app by name: the literal the site is created with.
    expect(out("relay_function_app_name")).toBe(relaySite(json)[1].name);
    expect(String(out("relay_health_url"))).toMatch(/^https:\/\/\$\{.*\}\/api\/health$/);
    const flowUrlSecrets = ofType(json, "azurerm_key_vault_secret").filter(([, s]) =>
      String(s.name).startsWith("flow-url-"),
    );
    expect(out("flow_url_secret_ids")).toEqual(
      Object.fromEntries(
        flowUrlSecrets.map(([id, s]) => [
          String(s.name).slice("flow-url-".length),
          ref("azurerm_key_vault_secret", id, "versionless_id"),
        ]),
      ),
    );
    // The configured scopes by resource application id: the Flow Service's well-known id among them.
    expect(out("delegated_permissions")).toMatchObject({
      "7df0a125-d3be-4c96-aa54-591f83ff541c": expect.arrayContaining(["Flows.Read.All"]),
    });
  });

  test("tags from config reach every resource that takes tags", () => {
    for (const type of ["azurerm_resource_group", "azurerm_key_vault", "azurerm_key_vault_secret"]) {
      for (const [, r] of ofType(json, type))
        expect(r.tags).toEqual({
          environment: "example",
          "managed-by": "directory-manager-flow",
          owner: "identity-team",
        });
    }
  });

  test("no secret literal anywhere in the synthesized JSON", () => {
    expect(findSecretLiterals(json)).toEqual([]);
  });
});

describe("DirectoryManagerFlowStack: options from config", () => {
  test("relay settings, allow-lists and decisions in config reach the function app", () => {
    const tokenUrl = "https://dm.contoso.com:4443/GroupIDSecurityService/connect/token";
    const relay = {
      maxAttempts: 5,
      maxJsonDepth: 12,
      maxRetryAfterSeconds: 600,
      ingressAllowedIpRanges: ["203.0.113.0/24"],
      decisionsAllowedSources: ["PowerPlatformInfra"],
      decisions: { enabled: true, credentialsSource: "external" as const, directoryManagerTokenUrl: tokenUrl },
    };
    const { json } = synthEnvironment({ ...example, relay }, "relaycfg");
    const [, app] = relaySite(json);
    expect(siteAppSettings(app)).toMatchObject({
      RELAY_MAX_ATTEMPTS: "5",
      RELAY_MAX_JSON_DEPTH: "12",
      RELAY_MAX_RETRY_AFTER_SECONDS: "600",
      RELAY_DECISIONS_ENABLED: "true",
      DIRECTORY_MANAGER_TOKEN_URL: tokenUrl,
      DIRECTORY_MANAGER_URL: "https://dm.contoso.com",
    });
    expect(
      app.body.properties.siteConfig.ipSecurityRestrictions.map((r: { ipAddress: string }) => r.ipAddress),
    ).toEqual(["203.0.113.0/24", "PowerPlatformInfra"]);
    const credentials = ofType(json, "azurerm_key_vault_secret").filter(([, s]) => s.name.startsWith("dm-api-"));
    // Placeholders written once (version 1, write-only): the values set with az are never read into state.
    expect(credentials.map(([, s]) => [s.value, s.value_wo_version, s.lifecycle])).toEqual(
      Array(4).fill([undefined, 1, undefined]),
    );
    // dmflow reads the credentials from Key Vault by these ids.
    const idOf = (name: string) =>
      ref("azurerm_key_vault_secret", credentials.find(([, s]) => s.name === name)![0], "versionless_id");
    expect(json.output!.directory_manager_api_secret_ids.value).toEqual({
      username: idOf("dm-api-username"),
      password: idOf("dm-api-password"),
      clientId: idOf("dm-api-client-id"),
      clientSecret: idOf("dm-api-client-secret"),
    });
  });

  test("decisions in config: the flow environment's identity store, the keys' generations, and the command that prints the decisions key", () => {
    const relay = { decisions: { enabled: true, tokenKeyVersion: 2, decisionsKeyVersion: 3 } };
    const { json } = synthEnvironment(
      { ...example, flowEnvironment: { ...example.flowEnvironment!, identityStoreId: 6 }, relay },
      "keys",
    );
    const settings = siteAppSettings(relaySite(json)[1]);
    expect(settings).toMatchObject({ DIRECTORY_MANAGER_IDENTITY_STORE_ID: "6", RELAY_DECISION_KEYS_VERSION: "2.3" });
    const secret = (setting: string) =>
      json.resource!.azurerm_key_vault_secret[
        /azurerm_key_vault_secret\.([^.]+)\./.exec(settings[setting])![1]
      ] as Record<string, unknown>;
    expect([secret("RELAY_DECISION_TOKEN_KEY").name, secret("RELAY_DECISION_TOKEN_KEY").value_wo_version]).toEqual([
      "relay-decision-token-key-a",
      2,
    ]);
    expect([secret("RELAY_DECISIONS_KEY").name, secret("RELAY_DECISIONS_KEY").value_wo_version]).toEqual([
      "relay-decisions-key",
      3,
    ]);
    expect(json.output!.relay_decisions_key_command.value).toMatch(
      /^az keyvault secret show --vault-name \S+ --name relay-decisions-key --query value --output tsv$/,
    );
    expect(findSecretLiterals(json)).toEqual([]);
  });

  test("decisions off in config: no Directory Manager credentials, keys or settings", () => {
    const { json } = synthEnvironment(example, "nodecisions");
    const settings = siteAppSettings(relaySite(json)[1]);
    expect(
      Object.keys(settings).filter((name) => /^DIRECTORY_MANAGER_|^RELAY_DECISION(S_KEY|_TOKEN|_KEYS)/.test(name)),
    ).toEqual([]);
    expect(
      ofType(json, "azurerm_key_vault_secret").filter(([, s]) => /^(dm-api-|relay-decision)/.test(s.name)),
    ).toEqual([]);
    expect(json.output!.directory_manager_api_secret_ids).toBeUndefined();
    expect(json.output!.relay_decisions_key_command).toBeUndefined();
  });

  test("the azurerm backend uses Entra ID auth, never an access key", () => {
    const backend = {
      type: "azurerm" as const,
      resourceGroupName: "tfstate-rg",
      storageAccountName: "tfstatedm01",
      containerName: "tfstate",
      key: "prod.tfstate",
    };
    const { json } = synthEnvironment({ location: "westeurope", backend }, "prod");
    expect(json.terraform!.backend).toEqual({
      azurerm: {
        resource_group_name: "tfstate-rg",
        storage_account_name: "tfstatedm01",
        container_name: "tfstate",
        key: "prod.tfstate",
        use_azuread_auth: true,
      },
    });
  });

  test("tenant and subscription from config reach the providers", () => {
    const tenantId = "0f0e0d0c-0b0a-4909-8807-060504030201";
    const subscriptionId = "11111111-2222-4333-8444-555555555555";
    const { json } = synthEnvironment({ location: "westeurope", tenantId, subscriptionId });
    expect(json.provider!.azurerm[0]).toMatchObject({ tenant_id: tenantId, subscription_id: subscriptionId });
    expect(json.provider!.azuread[0]).toEqual({ tenant_id: tenantId });
  });

  test("an existing resource group is looked up, not created", () => {
    const { json } = synthEnvironment({
      location: "westeurope",
      resourceGroup: { name: "identity-rg", useExisting: true },
    });
    expect(ofType(json, "azurerm_resource_group")).toHaveLength(0);
    const [rgId, rg] = onlyOfType(json, "azurerm_resource_group", "data");
    expect(rg.name).toBe("identity-rg");
    expect(onlyOfType(json, "azurerm_key_vault")[1].resource_group_name).toBe(
      ref("azurerm_resource_group", rgId, "name", "data"),
    );
  });

  test("allowed IPs open the vault firewall to exactly those addresses", () => {
    const { json } = synthEnvironment({ location: "westeurope", keyVault: { allowedIpRanges: ["203.0.113.0/24"] } });
    expect(onlyOfType(json, "azurerm_key_vault")[1].network_acls).toMatchObject({
      default_action: "Deny",
      bypass: "AzureServices",
      ip_rules: ["203.0.113.0/24"],
    });
  });
});

describe("DirectoryManagerFlow: reuse in another project's stack", () => {
  test("composes inside a user's own TerraformStack with non-default props", () => {
    class IdentityStack extends TerraformStack {
      constructor() {
        super(Testing.app(), "identity-platform");
        new AzurermProvider(this, "azurerm", { features: [{}] });
        new AzureadProvider(this, "azuread", {});
        new TimeProvider(this, "time");
        new DirectoryManagerFlow(this, "dm", {
          location: "northeurope",
          resourceGroupName: "shared-identity",
          useExistingResourceGroup: true,
          keyVaultName: "contoso-idp-kv",
          keyVaultSoftDeleteRetentionDays: 30,
          tags: { team: "iam" },
          directoryManagerApp: {
            displayName: "Directory Manager (Contoso)",
            adminConsent: false,
            clientSecretLifetimeDays: 90,
          },
        });
      }
    }
    const json = synthStack(new IdentityStack());
    expect(onlyOfType(json, "azuread_application")[1].display_name).toBe("Directory Manager (Contoso)");
    expect(ofType(json, "azuread_service_principal_delegated_permission_grant")).toHaveLength(0);
    expect(onlyOfType(json, "azuread_application_password")[1].end_date).toContain('"2160h"');
    expect(onlyOfType(json, "azurerm_key_vault")[1]).toMatchObject({
      name: "contoso-idp-kv",
      location: "northeurope",
      soft_delete_retention_days: 30,
      tags: { team: "iam" },
    });
    expect(ofType(json, "azurerm_resource_group")).toHaveLength(0);
    expect(json.output).toBeUndefined();
  });

  test("the app registration can be left out", () => {
    const stack = new TerraformStack(Testing.app(), "vault-only");
    new DirectoryManagerFlow(stack, "dm", {
      location: "westeurope",
      resourceGroupName: "rg",
      keyVaultName: "vault-only-kv",
      directoryManagerApp: false,
    });
    const json = synthStack(stack);
    expect(ofType(json, "azuread_application")).toHaveLength(0);
    expect(ofType(json, "azurerm_key_vault")).toHaveLength(1);
  });
});

describe("the secret scan itself", () => {
  test("finds a literal secret value, a flow URL and a storage key", () => {
    const json = {
      resource: {
        azurerm_key_vault_secret: { s: { name: "x", value: "hunter2" } },
        azurerm_linux_function_app: {
          f: {
            app_settings: {
              FLOW: "https://prod-1.westeurope.logic.azure.com/workflows/1?sig=abc",
              ST: "DefaultEndpointsProtocol=https;AccountKey=abc",
            },
          },
        },
      },
    };
    expect(findSecretLiterals(json)).toHaveLength(4);
  });

  test("allows references, and a placeholder whose value Terraform ignores", () => {
    const json = {
      resource: {
        azurerm_key_vault_secret: {
          a: { value: "${azuread_application_password.p.value}" },
          b: { value: "set-outside-terraform", lifecycle: { ignore_changes: ["value"] } },
        },
      },
    };
    expect(findSecretLiterals(json)).toEqual([]);
  });
});

describe("DirectoryManagerFlowStack: security rules", () => {
  const recordOf = (stack: TerraformStack) => SecurityRules.of(stack)?.record;

  test("are applied to every stack, with the stack's tags required, and the default stack passes", () => {
    const { stack } = synthEnvironment(example, "example");
    expect(recordOf(stack)).toMatchObject({ status: "checked", findings: [] });
  });

  test("a weakened default in an override is a finding naming the rule and its mirrored id", () => {
    const { stack } = synthEnvironment(example, "weak");
    stack.flow.relay!.functionApp.addOverride("body.properties.httpsOnly", false);
    Testing.synth(stack);
    expect(recordOf(stack)!.findings.map((f) => [f.ruleId, f.mirrors])).toEqual([
      ["DMF-FUNC-HTTPS-ONLY", expect.arrayContaining(["CKV_AZURE_70"])],
    ]);
  });

  test("a resource without the stack's tags is a finding", () => {
    const { stack } = synthEnvironment(example, "untagged");
    stack.flow.secureKeyVault!.vault.addOverride("tags", null);
    Testing.synth(stack);
    expect(recordOf(stack)!.findings.map((f) => f.ruleId)).toEqual(["DMF-TAGS"]);
  });

  test("config can switch them off only with a written reason, which is recorded", () => {
    const { stack } = synthEnvironment(
      { ...example, securityRules: { optOutReason: "Scanned by the platform team's Checkov pipeline instead" } },
      "optout",
    );
    expect(recordOf(stack)).toMatchObject({
      status: "opted-out",
      optOutReason: "Scanned by the platform team's Checkov pipeline instead",
    });
    expect(() => synthEnvironment({ ...example, securityRules: { optOutReason: "no" } }, "short")).toThrow(
      /securityRules.optOutReason.*written reason/,
    );
  });
});
