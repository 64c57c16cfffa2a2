import { join } from "node:path";
import { TerraformStack, TerraformVariable, Testing } from "../../constructs/providers/cdktf";
import { loadEnvironments, LoadedEnvironment } from "../../constructs/app/config-loader";
import { parseEnvironmentConfig } from "../../constructs/app/config-loader";
import { constrainedRoleAssignmentCondition, DEPLOY_ASSIGNABLE_ROLES, DEPLOY_RESOURCE_PROVIDERS } from "../../constructs/app/deploy-roles";
import { PipelineBootstrap } from "../../constructs/app/pipeline-bootstrap";
import { bootstrapConfigSchema, loadBootstrapConfig } from "../../bootstrap/bootstrap-config";
import { PipelineBootstrapStack } from "../../bootstrap/pipeline-bootstrap-stack";
import { SecurityRules } from "../../constructs/security/rule-pack";
import { ROOT } from "./pipeline-files";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const config = bootstrapConfigSchema.parse({
  location: "westeurope",
  stateStorageAccountName: "dmflowtfstate0001",
  github: { repository: "contoso/directory-manager-flow" },
  azureDevOps: { organization: "contoso", organizationId: "11111111-2222-3333-4444-555555555555", project: "identity" },
});
const example = JSON.parse(require("node:fs").readFileSync(join(ROOT, "config", "example.json"), "utf8")) as Obj; // eslint-disable-line @typescript-eslint/no-require-imports
const environment = (name: string, overrides: Obj = {}): LoadedEnvironment => ({ name, file: `config/${name}.json`, config: parseEnvironmentConfig({ ...example, ...overrides }, `${name}.json`) });

function synth(environments: LoadedEnvironment[] = [environment("dev"), environment("prod")]) {
  const app = Testing.app();
  const stack = new PipelineBootstrapStack(app, "bootstrap", { config, environments });
  const json = JSON.parse(Testing.synth(stack)) as Obj;
  return { json, stack, resources: (type: string) => Object.values((json.resource?.[type] ?? {}) as Record<string, Obj>) };
}

describe("bootstrap: Terraform state storage", () => {
  test("private, versioned, soft delete, Entra ID only, kept on destroy", () => {
    const { resources } = synth();
    const [account] = resources("azurerm_storage_account");
    expect(account).toMatchObject({
      name: "dmflowtfstate0001",
      min_tls_version: "TLS1_2",
      https_traffic_only_enabled: true,
      allow_nested_items_to_be_public: false,
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      account_replication_type: "GRS",
      blob_properties: { versioning_enabled: true, delete_retention_policy: { days: 30 }, container_delete_retention_policy: { days: 30 } },
      lifecycle: { prevent_destroy: true },
    });
    expect(resources("azurerm_storage_container")).toEqual([expect.objectContaining({ name: "tfstate", container_access_type: "private" })]);
    expect(resources("azurerm_storage_management_policy")[0].rule[0].actions.version.delete_after_days_since_creation).toBe(90);
  });

  test("retention days known only at apply pass the checks and reach the state account as references", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const days = (name: string) => new TerraformVariable(stack, name, { type: "number" }).numberValue;
    new PipelineBootstrap(stack, "b", {
      location: "westeurope", stateResourceGroupName: "rg", stateStorageAccountName: "dmflowtfstate0001", deploymentResourceGroupNames: ["rg-dev"],
      github: { repository: "contoso/repo" }, stateSoftDeleteDays: days("soft_delete"), stateVersionRetentionDays: days("versions"),
    });
    const json = JSON.parse(Testing.synth(stack)) as Obj;
    const [account] = Object.values(json.resource.azurerm_storage_account) as Obj[];
    expect(account.blob_properties.delete_retention_policy.days).toBe("${var.soft_delete}");
    const [policy] = Object.values(json.resource.azurerm_storage_management_policy) as Obj[];
    expect(policy.rule[0].actions.version.delete_after_days_since_creation).toBe("${var.versions}");
  });

  test("bad state settings are refused with the prop, bound and value", () => {
    const build = (props: Obj) => () => new PipelineBootstrap(new TerraformStack(Testing.app(), "s"), "b", {
      location: "westeurope", stateResourceGroupName: "rg", stateStorageAccountName: "dmflowtfstate0001", deploymentResourceGroupNames: ["rg-dev"],
      github: { repository: "contoso/repo" }, ...props,
    });
    expect(build({ stateStorageAccountName: "Bad-Name" })).toThrow(/stateStorageAccountName must be 3-24 lower-case letters and digits, but "Bad-Name" was given/);
    expect(build({ stateSoftDeleteDays: 3 })).toThrow(/stateSoftDeleteDays must be a whole number from 7 to 365, but 3 was given/);
    expect(build({ stateVersionRetentionDays: 0 })).toThrow(/^s\/b: stateVersionRetentionDays must be a whole number from 1 to 3650, but 0 was given$/);
    expect(build({ azureDevOps: { organization: "o", organizationId: "contoso", project: "p" } })).toThrow(/azureDevOps\.organizationId must be the organization's id \(a GUID\), but "contoso" was given$/);
    expect(build({ assignableRoles: { Owner: "Owner" } })).toThrow(/assignableRoles\["Owner"\] must be a role definition id \(GUID\), but "Owner" was given$/);
    expect(build({ github: undefined })).toThrow(/github or azureDevOps must be given, so a pipeline can sign in, but neither was given/);
    expect(build({ deploymentResourceGroupNames: [] })).toThrow(/deploymentResourceGroupNames must be a list of at least one resource group \(one per environment\), but \[\] was given/);
    expect(build({ github: { repository: "contoso/repo", environments: Array.from({ length: 20 }, (_, i) => `e${i}`) } })).toThrow(/github\.environments must be at most 18 environments: Entra ID allows 20 federated credentials per application and the others take 2 .*, but 20 environments \(22 credentials in all\) was given/);
  });
});

describe("bootstrap: the pipeline's identity", () => {
  test("an app registration with no password, and a federated credential per subject", () => {
    const { resources } = synth();
    expect(resources("azuread_application_password")).toEqual([]);
    expect(resources("azuread_application")[0]).toMatchObject({ sign_in_audience: "AzureADMyOrg", display_name: "directory-manager-flow pipeline" });
    const credentials = resources("azuread_application_federated_identity_credential");
    expect(credentials.map((c) => c.subject).sort()).toEqual([
      "repo:contoso/directory-manager-flow:environment:dev",
      "repo:contoso/directory-manager-flow:environment:prod",
      "repo:contoso/directory-manager-flow:pull_request",
      "repo:contoso/directory-manager-flow:ref:refs/heads/main",
      "sc://contoso/identity/dmflow-pipeline",
    ]);
    for (const c of credentials) expect(c.audiences).toEqual(["api://AzureADTokenExchange"]);
    expect(credentials.filter((c) => c.issuer === "https://token.actions.githubusercontent.com")).toHaveLength(4);
    expect(credentials.find((c) => c.subject.startsWith("sc://"))!.issuer).toBe("https://vstoken.dev.azure.com/11111111-2222-3333-4444-555555555555");
  });

  test("the GitHub environments are the config files' environments", () => {
    const { resources } = synth(loadEnvironments(join(ROOT, "config")));
    const subjects = resources("azuread_application_federated_identity_credential").map((c) => c.subject);
    for (const env of loadEnvironments(join(ROOT, "config"))) expect(subjects).toContain(`repo:contoso/directory-manager-flow:environment:${env.name}`);
  });
});

describe("bootstrap: least roles", () => {
  test("Azure roles: blob data on the state container, Reader on the state account, Contributor and constrained role assignment per deployment group; nothing on the subscription", () => {
    const { resources, stack, json } = synth();
    const assignments = resources("azurerm_role_assignment");
    // A scope is a reference: name it by the referenced resource's type and name.
    const named = (scope: string) => {
      const [, type, id] = /^\$\{(\w+)\.([\w-]+)\.id\}$/.exec(scope) ?? [];
      return `${type} ${json.resource[type][id].name}`;
    };
    const summary = assignments.map((a) => `${a.role_definition_name} @ ${named(a.scope)}`).sort();
    expect(summary).toEqual([
      "Contributor @ azurerm_resource_group dmflow-dev-rg",
      "Contributor @ azurerm_resource_group dmflow-prod-rg",
      "Reader @ azurerm_storage_account dmflowtfstate0001",
      "Role Based Access Control Administrator @ azurerm_resource_group dmflow-dev-rg",
      "Role Based Access Control Administrator @ azurerm_resource_group dmflow-prod-rg",
      "Storage Blob Data Contributor @ azurerm_storage_container tfstate",
    ]);
    for (const a of assignments) expect(a.principal_type).toBe("ServicePrincipal");
    const rbacAdmin = assignments.filter((a) => a.role_definition_name === "Role Based Access Control Administrator");
    for (const a of rbacAdmin) {
      expect(a.condition_version).toBe("2.0");
      expect(a.condition).toBe(constrainedRoleAssignmentCondition(Object.values(DEPLOY_ASSIGNABLE_ROLES)));
    }
    expect(resources("azurerm_resource_group").map((g) => g.name).sort()).toEqual(["dmflow-dev-rg", "dmflow-prod-rg", "dmflow-tfstate-rg"]);
    expect(stack.bootstrap.grants.map((g) => `${g.role} @ ${g.scope}`)).toContain("Microsoft Graph Application.ReadWrite.OwnedBy (application) @ tenant");
  });

  test("the role-assignment condition allows only the listed roles, for creating and deleting", () => {
    const condition = constrainedRoleAssignmentCondition(["4633458b-17de-408a-b874-0445c86b69e6"]);
    expect(condition).toBe(
      "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {4633458b-17de-408a-b874-0445c86b69e6}))" +
        " AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {4633458b-17de-408a-b874-0445c86b69e6}))",
    );
    expect(() => constrainedRoleAssignmentCondition(["Owner"])).toThrow(/roleDefinitionIds\[0\] must be a role definition id \(GUID\), but "Owner" was given/);
  });

  test("Microsoft Graph application permissions: own apps, read principals, and consent only when an environment grants admin consent", () => {
    const graphRoles = (envs: LoadedEnvironment[]) =>
      synth(envs).resources("azuread_app_role_assignment").map((a) => /appRoleIds\["?([\w.]+)"?\]|app_role_ids\["?([\w.]+)"?\]/.exec(String(a.app_role_id))?.slice(1).find(Boolean)).sort();
    expect(graphRoles([environment("dev")])).toEqual(["Application.Read.All", "Application.ReadWrite.OwnedBy", "DelegatedPermissionGrant.ReadWrite.All"]);
    const noConsent = { directoryManagerApp: { ...example.directoryManagerApp, adminConsent: false } };
    expect(graphRoles([environment("dev", noConsent)])).toEqual(["Application.Read.All", "Application.ReadWrite.OwnedBy"]);
    expect(graphRoles([environment("dev", noConsent), environment("prod", { ...noConsent, departmentGroups: { create: true } })])).toEqual(["Application.Read.All", "Application.ReadWrite.OwnedBy", "Group.Create"]);
  });

  test("the bootstrap registers the resource providers the stacks use (the pipeline cannot)", () => {
    const { json } = synth();
    expect(json.provider.azurerm[0].resource_providers_to_register).toEqual([...DEPLOY_RESOURCE_PROVIDERS]);
    expect(DEPLOY_RESOURCE_PROVIDERS).toEqual(expect.arrayContaining(["Microsoft.KeyVault", "Microsoft.Web", "Microsoft.Storage"]));
  });

  test("outputs give the pipeline's ids and the backend block, never a secret", () => {
    const { json } = synth();
    expect(Object.keys(json.output).sort()).toEqual(["client_id", "federated_subjects", "service_principal_object_id", "state_backend", "subscription_id", "tenant_id"]);
    expect(json.output.state_backend.value).toMatchObject({ type: "azurerm", containerName: "tfstate" });
  });
});

describe("bootstrap: security rules", () => {
  test("the bootstrap passes the same rule pack as the stacks: no finding, two reasoned suppressions on the state account", () => {
    const { stack } = synth();
    const record = SecurityRules.of(stack)!.record as unknown as Obj;
    expect(record).toMatchObject({ status: "checked", findings: [] });
    expect(record.suppressed.map((s: Obj) => s.ruleId).sort()).toEqual(["DMF-ST-NETWORK-DENY", "DMF-ST-QUEUE-LOGGING"]);
    for (const s of record.suppressed) expect(s.path).toBe("bootstrap/pipeline-bootstrap/state-storage");
  });
});

describe("bootstrap: config and warnings", () => {
  test("the example bootstrap config validates; a bad one lists every problem", () => {
    expect(loadBootstrapConfig(join(ROOT, "bootstrap", "bootstrap.example.json")).stateContainerName).toBe("tfstate");
    expect(bootstrapConfigSchema.safeParse({ location: "West Europe", stateStorageAccountName: "x" }).error?.issues.map((i) => i.path.join("."))).toEqual(["location", "stateStorageAccountName"]);
  });

  test("an environment that creates its own resource group or keeps local state is warned about", () => {
    const app = Testing.app();
    const stack = new PipelineBootstrapStack(app, "bootstrap", { config, environments: [environment("dev")] });
    const messages = stack.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(messages).toEqual([
      'config/dev.json: set "resourceGroup": {"useExisting": true}; the bootstrap creates the group and the pipeline may not create resource groups itself',
      'config/dev.json: set "backend" to the bootstrap\'s state_backend output with "key": "dev.tfstate"; a pipeline cannot keep local state',
    ]);
    const ready = new PipelineBootstrapStack(Testing.app(), "bootstrap", {
      config,
      environments: [environment("dev", { resourceGroup: { useExisting: true }, backend: { type: "azurerm", resourceGroupName: "dmflow-tfstate-rg", storageAccountName: "dmflowtfstate0001", containerName: "tfstate", key: "dev.tfstate" } })],
    });
    expect(ready.node.metadata.filter((m) => m.type === "@cdktf/warn")).toEqual([]);
  });
});
