import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir } from "../support/temp-dirs";
import { TerraformStack, TerraformVariable, Testing } from "../../constructs/providers/cdktf";
import type { LoadedEnvironment } from "../../constructs/app/config-loader";
import { constrainedRoleAssignmentCondition, DEPLOY_RESOURCE_PROVIDERS } from "../../constructs/pipeline/deploy-roles";
import { PipelineBootstrap } from "../../constructs/pipeline/pipeline-bootstrap";
import { bootstrapConfigSchema, loadBootstrapConfig } from "../../bootstrap/bootstrap-config";
import { PipelineBootstrapStack } from "../../bootstrap/pipeline-bootstrap-stack";
import { SecurityRules } from "../../constructs/security";
import { bootstrapConfig, environment, synthBootstrap } from "./bootstrap-json";
import { ROOT } from "./pipeline-files";

type Obj = Record<string, any>;

const config = bootstrapConfig;
const synth = (environments?: LoadedEnvironment[], bootstrap = config) => synthBootstrap(environments, bootstrap);

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
      blob_properties: {
        versioning_enabled: true,
        delete_retention_policy: { days: 30 },
        container_delete_retention_policy: { days: 30 },
      },
      lifecycle: { prevent_destroy: true },
    });
    expect(resources("azurerm_storage_container")).toEqual([
      expect.objectContaining({ name: "tfstate", container_access_type: "private" }),
    ]);
    expect(
      resources("azurerm_storage_management_policy")[0].rule[0].actions.version.delete_after_days_since_creation,
    ).toBe(90);
  });

  test("retention days known only at apply pass the checks and reach the state account as references", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const days = (name: string) => new TerraformVariable(stack, name, { type: "number" }).numberValue;
    new PipelineBootstrap(stack, "b", {
      location: "westeurope",
      stateResourceGroupName: "rg",
      stateStorageAccountName: "dmflowtfstate0001",
      environments: [{ name: "dev", resourceGroupName: "rg-dev" }],
      github: { repository: "contoso/repo" },
      stateSoftDeleteDays: days("soft_delete"),
      stateVersionRetentionDays: days("versions"),
    });
    const json = JSON.parse(Testing.synth(stack)) as Obj;
    const [account] = Object.values(json.resource.azurerm_storage_account) as Obj[];
    expect(account.blob_properties.delete_retention_policy.days).toBe("${var.soft_delete}");
    const [policy] = Object.values(json.resource.azurerm_storage_management_policy) as Obj[];
    expect(policy.rule[0].actions.version.delete_after_days_since_creation).toBe("${var.versions}");
  });

  test("bad state settings are refused with the prop, bound and value", () => {
    const build = (props: Obj) => () =>
      new PipelineBootstrap(new TerraformStack(Testing.app(), "s"), "b", {
        location: "westeurope",
        stateResourceGroupName: "rg",
        stateStorageAccountName: "dmflowtfstate0001",
        environments: [{ name: "dev", resourceGroupName: "rg-dev" }],
        github: { repository: "contoso/repo" },
        ...props,
      });
    expect(build({ stateStorageAccountName: "Bad-Name" })).toThrow(
      /stateStorageAccountName must be 3-24 lower-case letters and digits, but "Bad-Name" was given/,
    );
    expect(build({ stateSoftDeleteDays: 3 })).toThrow(
      /stateSoftDeleteDays must be a whole number from 7 to 365, but 3 was given/,
    );
    expect(build({ stateVersionRetentionDays: 0 })).toThrow(
      /^s\/b: stateVersionRetentionDays must be a whole number from 1 to 3650, but 0 was given$/,
    );
    expect(build({ azureDevOps: { organization: "o", organizationId: "contoso", project: "p" } })).toThrow(
      /azureDevOps\.organizationId must be the organization's id \(a GUID\), but "contoso" was given$/,
    );
    expect(build({ assignableRoles: { Owner: "Owner" } })).toThrow(
      /assignableRoles\["Owner"\] must be a role definition id \(GUID\), but "Owner" was given$/,
    );
    expect(build({ github: undefined })).toThrow(
      /github or azureDevOps must be given, so a pipeline can sign in, but neither was given/,
    );
    expect(build({ environments: [] })).toThrow(
      /environments must be a list of at least one environment \(one per config\/<environment>\.json\), but \[\] was given/,
    );
    expect(build({ environments: [{ name: "Prod", resourceGroupName: "rg" }] })).toThrow(
      /environments\[0\]\.name must be 1-20 lower-case letters, digits and hyphens, starting with a letter, but "Prod" was given/,
    );
    expect(
      build({
        environments: [
          { name: "dev", resourceGroupName: "a" },
          { name: "dev", resourceGroupName: "b" },
        ],
      }),
    ).toThrow(/environments must be a list that names each environment once, but "dev" twice was given/);
  });
});

describe("bootstrap: resource providers and outputs", () => {
  test("the role-assignment condition allows only the listed roles, for creating and deleting", () => {
    const condition = constrainedRoleAssignmentCondition(["4633458b-17de-408a-b874-0445c86b69e6"]);
    expect(condition).toBe(
      "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {4633458b-17de-408a-b874-0445c86b69e6}))" +
        " AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {4633458b-17de-408a-b874-0445c86b69e6}))",
    );
    expect(() => constrainedRoleAssignmentCondition(["Owner"])).toThrow(
      /roleDefinitionIds\[0\] must be a role definition id \(GUID\), but "Owner" was given/,
    );
  });

  test("the bootstrap registers the resource providers the stacks use (the pipeline cannot)", () => {
    const { json } = synth();
    expect(json.provider.azurerm[0].resource_providers_to_register).toEqual([...DEPLOY_RESOURCE_PROVIDERS]);
    expect(DEPLOY_RESOURCE_PROVIDERS).toEqual(
      expect.arrayContaining(["Microsoft.KeyVault", "Microsoft.Web", "Microsoft.Storage"]),
    );
  });

  test("outputs give each identity's client id, who may sign in as it, and the backend block; never a secret", () => {
    const { json, stack } = synth();
    expect(Object.keys(json.output).sort()).toEqual([
      "deploy_client_ids",
      "federated_subjects",
      "plan_client_id",
      "state_backend",
      "subscription_id",
      "tenant_id",
    ]);
    expect(Object.keys(json.output.deploy_client_ids.value).sort()).toEqual(["dev", "prod"]);
    expect(json.output.deploy_client_ids.value.prod).toMatch(
      /^\$\{azuread_application\.pipeline-bootstrap_deploy-identity-prod_application_\w+\.client_id\}$/,
    );
    expect(json.output.federated_subjects.value).toEqual({
      plan: stack.bootstrap.planIdentity.federatedSubjects,
      dev: stack.bootstrap.deployIdentities.dev.federatedSubjects,
      prod: stack.bootstrap.deployIdentities.prod.federatedSubjects,
    });
    expect(json.output.state_backend.value).toMatchObject({ type: "azurerm", containerName: "tfstate" });
    for (const output of Object.values(json.output as Record<string, Obj>)) expect(output.sensitive).toBeUndefined();
  });
});

describe("bootstrap: security rules", () => {
  test("the bootstrap passes the same rule pack as the stacks: no finding, reasoned suppressions on the state account and container", () => {
    const { stack } = synth();
    const record = SecurityRules.of(stack)!.record as unknown as Obj;
    expect(record).toMatchObject({ status: "checked", findings: [] });
    expect(record.suppressed.map((s: Obj) => `${s.ruleId} ${s.path}`).sort()).toEqual([
      "DMF-ST-BLOB-LOGGING bootstrap/pipeline-bootstrap/state-container",
      "DMF-ST-CUSTOMER-MANAGED-KEY bootstrap/pipeline-bootstrap/state-storage",
      "DMF-ST-NETWORK-DENY bootstrap/pipeline-bootstrap/state-storage",
      "DMF-ST-PRIVATE-ENDPOINT bootstrap/pipeline-bootstrap/state-storage",
      "DMF-ST-PUBLIC-NETWORK-OFF bootstrap/pipeline-bootstrap/state-storage",
      "DMF-ST-QUEUE-LOGGING bootstrap/pipeline-bootstrap/state-storage",
    ]);
  });

  test("each identity's app needs a second owner besides the administrator who runs the bootstrap; no user may sign in as one", () => {
    const { stack, resources } = synth(undefined, { ...config, ownerObjectIds: [] });
    const record = SecurityRules.of(stack)!.record as unknown as Obj;
    expect(record.findings.map((f: Obj) => `${f.ruleId} ${f.path}`).sort()).toEqual([
      "DMF-ENTRA-OWNERS bootstrap/pipeline-bootstrap/deploy-identity-dev/application",
      "DMF-ENTRA-OWNERS bootstrap/pipeline-bootstrap/deploy-identity-prod/application",
      "DMF-ENTRA-OWNERS bootstrap/pipeline-bootstrap/plan-identity/application",
    ]);
    expect(resources("azuread_service_principal").map((sp) => sp.app_role_assignment_required)).toEqual([
      true,
      true,
      true,
    ]);
  });
});

describe("bootstrap: config and warnings", () => {
  test("a bad bootstrap.json is reported the config way: file, field, the value given and the form expected", () => {
    const file = join(makeTempDir("bootstrap-config-"), "bootstrap.json");
    writeFileSync(
      file,
      JSON.stringify({ location: "westeurope", stateStorageAccountName: "dmflowstate", tenantId: "contoso", typo: 1 }),
    );
    expect(() => loadBootstrapConfig(file)).toThrow(
      /^Invalid bootstrap configuration; nothing was synthesized:\n {2}- .*bootstrap\.json: field "tenantId": got "contoso"; expected a GUID\n {2}- .*bootstrap\.json: field "typo" is not a known field/,
    );
  });

  test("the example bootstrap config validates; a bad one lists every problem", () => {
    expect(loadBootstrapConfig(join(ROOT, "bootstrap", "bootstrap.example.json")).stateContainerName).toBe("tfstate");
    expect(
      bootstrapConfigSchema
        .safeParse({ location: "West Europe", stateStorageAccountName: "x" })
        .error?.issues.map((i) => i.path.join(".")),
    ).toEqual(["location", "stateStorageAccountName"]);
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
      environments: [
        environment("dev", {
          resourceGroup: { useExisting: true },
          backend: {
            type: "azurerm",
            resourceGroupName: "dmflow-tfstate-rg",
            storageAccountName: "dmflowtfstate0001",
            containerName: "tfstate",
            key: "dev.tfstate",
          },
        }),
      ],
    });
    expect(ready.node.metadata.filter((m) => m.type === "@cdktf/warn")).toEqual([]);
  });
});
