import { join } from "node:path";
import { Testing } from "../../constructs/providers/cdktf";
import { type LoadedEnvironment, parseEnvironmentConfig } from "../../constructs/app/config-loader";
import { bootstrapConfigSchema } from "../../bootstrap/bootstrap-config";
import { PipelineBootstrapStack } from "../../bootstrap/pipeline-bootstrap-stack";
import { ROOT } from "./pipeline-files";

type Obj = Record<string, any>;

export const bootstrapConfig = bootstrapConfigSchema.parse({
  location: "westeurope",
  stateStorageAccountName: "dmflowtfstate0001",
  ownerObjectIds: ["3f2504e0-4f89-41d3-9a0c-0305e82c3301"],
  github: { repository: "contoso/directory-manager-flow" },
  azureDevOps: { organization: "contoso", organizationId: "11111111-2222-3333-4444-555555555555", project: "identity" },
});

export const exampleConfig = JSON.parse(
  require("node:fs").readFileSync(join(ROOT, "config", "example.json"), "utf8"),
) as Obj;

/** An environment from config/example.json with some fields replaced. */
export function environment(name: string, overrides: Obj = {}): LoadedEnvironment {
  return {
    name,
    file: `config/${name}.json`,
    config: parseEnvironmentConfig({ ...exampleConfig, ...overrides }, `${name}.json`),
  };
}

/** Synthesizes the bootstrap stack for these environments. */
export function synthBootstrap(
  environments: LoadedEnvironment[] = [environment("dev"), environment("prod")],
  config = bootstrapConfig,
) {
  const stack = new PipelineBootstrapStack(Testing.app(), "bootstrap", { config, environments });
  const json = JSON.parse(Testing.synth(stack)) as Obj;
  const resources = (type: string) => Object.values((json.resource?.[type] ?? {}) as Record<string, Obj>);
  return { json, stack, resources, identities: identitiesOf(json) };
}

/** What one identity (one app registration) can do, read from the synthesized JSON alone. */
export interface IdentityRights {
  readonly displayName: string;
  readonly subjects: string[];
  /** "<role> @ <resource type> <resource name>", sorted. */
  readonly roles: string[];
  /** Microsoft Graph application permissions, sorted. */
  readonly graph: string[];
  /** The role assignments themselves. */
  readonly assignments: Obj[];
}

/** Every app registration in the JSON with its federated subjects, role assignments and Graph permissions, by display name. */
export function identitiesOf(json: Obj): Record<string, IdentityRights> {
  const resource = (type: string) => (json.resource?.[type] ?? {}) as Record<string, Obj>;
  const idOf = (reference: string, type: string) =>
    new RegExp(`^\\$\\{${type}\\.([\\w-]+)\\.\\w+\\}$`).exec(reference)?.[1];
  const named = (scope: string) => {
    const [, type, id] = /^\$\{(\w+)\.([\w-]+)\.id\}$/.exec(scope) ?? [];
    return `${type} ${json.resource[type][id].name}`;
  };
  const out: Record<string, IdentityRights> = {};
  for (const [appId, app] of Object.entries(resource("azuread_application"))) {
    const spIds = Object.entries(resource("azuread_service_principal"))
      .filter(([, sp]) => idOf(sp.client_id, "azuread_application") === appId)
      .map(([id]) => id);
    const ofSp = (reference: string) => spIds.includes(idOf(reference, "azuread_service_principal") ?? "");
    const assignments = Object.values(resource("azurerm_role_assignment")).filter((a) => ofSp(a.principal_id));
    out[app.display_name] = {
      displayName: app.display_name,
      subjects: Object.values(resource("azuread_application_federated_identity_credential"))
        .filter((c) => idOf(c.application_id, "azuread_application") === appId)
        .map((c) => c.subject)
        .sort(),
      roles: assignments.map((a) => `${a.role_definition_name} @ ${named(a.scope)}`).sort(),
      graph: Object.values(resource("azuread_app_role_assignment"))
        .filter((a) => ofSp(a.principal_object_id))
        .map((a) => /app_role_ids\["?([\w.]+)"?\]/.exec(String(a.app_role_id))?.[1] ?? String(a.app_role_id))
        .sort(),
      assignments,
    };
  }
  return out;
}
