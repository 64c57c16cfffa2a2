import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadEnvironments } from "../../constructs/app/config-loader";
import { constrainedRoleAssignmentCondition, DEPLOY_ASSIGNABLE_ROLES } from "../../constructs/pipeline/deploy-roles";
import { bootstrapConfig, environment, exampleConfig, type IdentityRights, synthBootstrap } from "./bootstrap-json";
import { ROOT } from "./pipeline-files";

const REPO = "repo:contoso/directory-manager-flow";
const PLAN = "directory-manager-flow pipeline plan";
const deployName = (env: string) => `directory-manager-flow pipeline deploy ${env}`;
/** Azure built-in roles that only read. */
const READ_ONLY_ROLES = new Set(["Reader", "Storage Blob Data Reader"]);
/** A Microsoft Graph permission that only reads: Xxx.Read.All or Xxx.Read. */
const READ_ONLY_GRAPH = /^[A-Za-z]+\.Read(\.All)?$/;

describe("bootstrap: who may sign in as which identity", () => {
  test("one read-only plan identity and one deploy identity per environment, none with a password", () => {
    const { identities, resources } = synthBootstrap();
    expect(Object.keys(identities).sort()).toEqual([deployName("dev"), deployName("prod"), PLAN]);
    expect(resources("azuread_application_password")).toEqual([]);
    for (const app of resources("azuread_application"))
      expect(app).toMatchObject({ sign_in_audience: "AzureADMyOrg", prevent_duplicate_names: true });
    for (const c of resources("azuread_application_federated_identity_credential"))
      expect(c.audiences).toEqual(["api://AzureADTokenExchange"]);
  });

  test("the plan identity is trusted for pull requests, main (plans and drift checks) and the plan service connection; nothing else", () => {
    const { identities, resources } = synthBootstrap();
    expect(identities[PLAN].subjects).toEqual([
      `${REPO}:pull_request`,
      `${REPO}:ref:refs/heads/main`,
      "sc://contoso/identity/dmflow-plan",
    ]);
    const issuers = Object.fromEntries(
      resources("azuread_application_federated_identity_credential").map((c) => [c.subject, c.issuer]),
    );
    expect(issuers[`${REPO}:pull_request`]).toBe("https://token.actions.githubusercontent.com");
    expect(issuers["sc://contoso/identity/dmflow-plan"]).toBe(
      "https://vstoken.dev.azure.com/11111111-2222-3333-4444-555555555555",
    );
  });

  test("each deploy identity trusts only its own environment's subject and service connection", () => {
    const { identities } = synthBootstrap();
    for (const env of ["dev", "prod"]) {
      expect(identities[deployName(env)].subjects).toEqual([
        `${REPO}:environment:${env}`,
        `sc://contoso/identity/dmflow-deploy-${env}`,
      ]);
    }
    const all = Object.values(identities).flatMap((i) => i.subjects);
    expect(all.filter((s) => s.endsWith(":pull_request"))).toEqual([`${REPO}:pull_request`]);
    expect(new Set(all).size).toBe(all.length);
  });

  test("without pull-request plans, no identity trusts pull_request; with GitHub only, no service connection", () => {
    const config = {
      ...bootstrapConfig,
      github: { ...bootstrapConfig.github!, pullRequests: false },
      azureDevOps: undefined,
    };
    const { identities } = synthBootstrap([environment("dev")], config);
    expect(identities[PLAN].subjects).toEqual([`${REPO}:ref:refs/heads/main`]);
    expect(identities[deployName("dev")].subjects).toEqual([`${REPO}:environment:dev`]);
  });

  test("the GitHub environments are the config files' environments", () => {
    const envs = loadEnvironments(join(ROOT, "config"));
    const { identities } = synthBootstrap(envs);
    for (const env of envs)
      expect(identities[deployName(env.name)].subjects).toContain(`${REPO}:environment:${env.name}`);
  });
});

describe("bootstrap: least rights per trust level", () => {
  test("the pull-request (plan) identity holds no write role and no Graph write permission", () => {
    const plan = synthBootstrap().identities[PLAN];
    expect(plan.roles.length).toBeGreaterThan(2);
    for (const a of plan.assignments) {
      expect(READ_ONLY_ROLES.has(a.role_definition_name)).toBe(true);
      expect(a.condition).toBeUndefined();
    }
    expect(plan.graph.length).toBeGreaterThan(0);
    for (const permission of plan.graph) expect(permission).toMatch(READ_ONLY_GRAPH);
    // The check itself: a write role or a write permission would fail it.
    expect(READ_ONLY_ROLES.has("Contributor")).toBe(false);
    for (const write of ["Application.ReadWrite.OwnedBy", "DelegatedPermissionGrant.ReadWrite.All", "Group.Create"])
      expect(write).not.toMatch(READ_ONLY_GRAPH);
  });

  test("a deploy identity's write roles are on its own environment's resource group only", () => {
    const { identities } = synthBootstrap();
    for (const env of ["dev", "prod"]) {
      const writes = identities[deployName(env)].roles.filter((r) => /@ azurerm_resource_group/.test(r));
      expect(writes).toEqual([
        `Contributor @ azurerm_resource_group dmflow-${env}-rg`,
        `Role Based Access Control Administrator @ azurerm_resource_group dmflow-${env}-rg`,
      ]);
    }
    const rbacAdmin = Object.values(identities)
      .flatMap((i) => i.assignments)
      .filter((a) => a.role_definition_name === "Role Based Access Control Administrator");
    expect(rbacAdmin).toHaveLength(2);
    for (const a of rbacAdmin)
      expect(a).toMatchObject({
        condition_version: "2.0",
        condition: constrainedRoleAssignmentCondition(Object.values(DEPLOY_ASSIGNABLE_ROLES)),
      });
  });

  test("Graph permissions per environment: consent only where that environment consents, Group.Create only where it creates groups", () => {
    const noConsent = { directoryManagerApp: { ...exampleConfig.directoryManagerApp, adminConsent: false } };
    const { identities } = synthBootstrap([
      environment("dev", { ...noConsent, departmentGroups: { create: true } }),
      environment("prod"),
    ]);
    expect(identities[deployName("dev")].graph).toEqual([
      "Application.Read.All",
      "Application.ReadWrite.OwnedBy",
      "Group.Create",
    ]);
    expect(identities[deployName("prod")].graph).toEqual([
      "Application.Read.All",
      "Application.ReadWrite.OwnedBy",
      "DelegatedPermissionGrant.ReadWrite.All",
    ]);
    const quiet = synthBootstrap([environment("dev", noConsent)]).identities;
    expect(quiet[PLAN].graph).toEqual(["Application.Read.All"]);
  });

  test("two environments in one resource group are refused (a deploy identity would reach the other's resources)", () => {
    const shared = { resourceGroup: { name: "shared-rg", useExisting: true } };
    expect(() => synthBootstrap([environment("dev", shared), environment("prod", shared)])).toThrow(
      /environments\[\]\.resourceGroupName must be a different resource group per environment, but "shared-rg" twice was given/,
    );
  });
});

/** The rows of the "What each identity may do" table in docs/pipeline.md: "identity | right | scope". */
function documentedRights(): string[] {
  const text = readFileSync(join(ROOT, "docs", "pipeline.md"), "utf8");
  const section = text.slice(text.indexOf("### What each identity may do"));
  const table = section.slice(0, section.indexOf("\n\n", section.indexOf("| ---")));
  return table
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .slice(2)
    .map((line) =>
      line
        .split("|")
        .slice(1, 4)
        .map((c) => c.trim().replace(/`/g, ""))
        .join(" | "),
    )
    .sort();
}

/** The same rows read from the synthesized JSON, with the environment's name replaced by <env>. */
function synthesizedRights(rights: IdentityRights, identity: string, envGroup?: string): string[] {
  const scope = (target: string) => {
    if (target.startsWith("azurerm_storage_container ")) return "state container";
    if (target.startsWith("azurerm_storage_account ")) return "state storage account";
    if (envGroup === undefined) return "every environment's resource group";
    return target === `azurerm_resource_group ${envGroup}`
      ? "its environment's resource group"
      : `another group: ${target}`;
  };
  const roles = rights.roles
    .map((r) => r.split(" @ "))
    .map(([role, target]) => `${identity} | ${role} | ${scope(target)}`);
  const graph = rights.graph.map((p) => `${identity} | Microsoft Graph ${p} | tenant`);
  return [...new Set([...roles, ...graph])].sort();
}

describe("docs/pipeline.md: the who-can-do-what table", () => {
  test("lists exactly the rights the bootstrap grants (every optional one switched on)", () => {
    const { identities } = synthBootstrap([
      environment("dev", { departmentGroups: { create: true } }),
      environment("prod", { departmentGroups: { create: true } }),
    ]);
    const rows = [
      ...new Set([
        ...synthesizedRights(identities[PLAN], "plan"),
        ...synthesizedRights(identities[deployName("dev")], "deploy <env>", "dmflow-dev-rg"),
        ...synthesizedRights(identities[deployName("prod")], "deploy <env>", "dmflow-prod-rg"),
      ]),
    ].sort();
    expect(rows.length).toBeGreaterThan(10);
    expect(documentedRights()).toEqual(rows);
  });
});
