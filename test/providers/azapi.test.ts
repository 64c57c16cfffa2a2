import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformOutput, TerraformStack, Testing } from "../../constructs/providers/cdktf";
import {
  AZAPI_PROVIDER_VERSION,
  AzapiProvider,
  AzapiResource,
  AzapiResourceAction,
  AzapiUpdateResource,
} from "../../constructs/providers/azapi";
import { synthStack, type SynthJson } from "../support/synth";

// Argument names of azapi's blocks at the pinned tag, taken from the provider's own docs.
const documented = JSON.parse(readFileSync(join(__dirname, "../fixtures/azapi/arguments-2.12.0.json"), "utf8")) as {
  source: { tag: string };
  [block: string]: unknown;
};
type Block = Record<string, { arguments: string[]; readOnly?: string[] }>;
const argumentsOf = (resourceType: string, block = ".") => (documented[resourceType] as Block)[block].arguments;

/** Keys cdktf adds to every resource, which are Terraform's meta-arguments, not the provider's. */
const META = new Set(["//", "depends_on", "count", "for_each", "provider", "lifecycle", "provisioner", "connection"]);

function synthAll(): SynthJson {
  const stack = new TerraformStack(Testing.app(), "azapi-binding");
  new AzapiProvider(stack, "azapi", {
    subscriptionId: "00000000-0000-0000-0000-000000000001",
    tenantId: "00000000-0000-0000-0000-000000000002",
  });
  const site = new AzapiResource(stack, "site", {
    type: "Microsoft.Web/sites@2024-11-01",
    name: "app",
    parentId: "/subscriptions/s/resourceGroups/rg",
    location: "westeurope",
    identity: {
      type: "UserAssigned",
      identityIds: ["/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id"],
    },
    body: { kind: "functionapp,linux", properties: { httpsOnly: true } },
    responseExportValues: ["properties.defaultHostName"],
    tags: { environment: "test" },
    retry: { errorMessageRegex: ["another operation is in progress"], intervalSeconds: 10, maxIntervalSeconds: 60 },
  });
  new AzapiResourceAction(stack, "deploy", {
    type: "Microsoft.Web/sites@2024-11-01",
    resourceId: site.id,
    action: "extensions/onedeploy",
    method: "PUT",
    body: { properties: { packageUri: "https://a.blob.core.windows.net/c/released-package.zip" } },
    retry: { errorMessageRegex: ["another operation is in progress"] },
    dependsOn: [site],
  });
  new AzapiUpdateResource(stack, "policy", {
    type: "Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01",
    resourceId: `${site.id}/basicPublishingCredentialsPolicies/scm`,
    body: { properties: { allow: false } },
    retry: { errorMessageRegex: ["another operation is in progress"] },
    dependsOn: [site],
  });
  return synthStack(stack);
}

describe("azapi binding", () => {
  const json = synthAll();

  test("pins one azapi release, from Azure/azapi", () => {
    expect(documented.source.tag).toBe(`v${AZAPI_PROVIDER_VERSION}`);
    expect(json.terraform?.required_providers).toMatchObject({
      azapi: { source: "Azure/azapi", version: AZAPI_PROVIDER_VERSION },
    });
    expect(json.provider?.azapi).toEqual([
      { subscription_id: "00000000-0000-0000-0000-000000000001", tenant_id: "00000000-0000-0000-0000-000000000002" },
    ]);
  });

  test("every provider argument it writes is one azapi documents", () => {
    for (const key of Object.keys(json.provider!.azapi[0])) expect(argumentsOf("azapi")).toContain(key);
  });

  test.each(["azapi_resource", "azapi_resource_action", "azapi_update_resource"])(
    "every %s argument it writes is one azapi documents, nested blocks too",
    (type) => {
      const [, config] = Object.entries(json.resource![type])[0];
      const written = Object.keys(config).filter((key) => !META.has(key));
      expect(written.length).toBeGreaterThan(2);
      for (const key of written) expect(argumentsOf(type)).toContain(key);
      for (const key of Object.keys(config.retry as object)) expect(argumentsOf(type, "retry")).toContain(key);
    },
  );

  test("azapi_resource: the arguments and the identity block as azapi names them", () => {
    const site = json.resource!.azapi_resource.site;
    expect(site).toMatchObject({
      type: "Microsoft.Web/sites@2024-11-01",
      name: "app",
      parent_id: "/subscriptions/s/resourceGroups/rg",
      location: "westeurope",
      identity: [
        {
          type: "UserAssigned",
          identity_ids: [
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id",
          ],
        },
      ],
      response_export_values: ["properties.defaultHostName"],
      tags: { environment: "test" },
      retry: {
        error_message_regex: ["another operation is in progress"],
        interval_seconds: 10,
        max_interval_seconds: 60,
      },
    });
    for (const key of Object.keys((site.identity as object[])[0]))
      expect(argumentsOf("azapi_resource", "identity")).toContain(key);
  });

  test("the body is written as a JSON object with ARM's own (camelCase) property names", () => {
    expect(json.resource!.azapi_resource.site.body).toEqual({
      kind: "functionapp,linux",
      properties: { httpsOnly: true },
    });
  });

  test("azapi_resource_action: references the resource and depends on it", () => {
    const deploy = json.resource!.azapi_resource_action.deploy;
    expect(deploy).toMatchObject({
      type: "Microsoft.Web/sites@2024-11-01",
      resource_id: "${azapi_resource.site.id}",
      action: "extensions/onedeploy",
      method: "PUT",
      depends_on: ["azapi_resource.site"],
    });
  });

  test("azapi_update_resource: names the existing resource by id, with the body and retry", () => {
    expect(json.resource!.azapi_update_resource.policy).toMatchObject({
      type: "Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01",
      resource_id: "${azapi_resource.site.id}/basicPublishingCredentialsPolicies/scm",
      body: { properties: { allow: false } },
      retry: { error_message_regex: ["another operation is in progress"] },
      depends_on: ["azapi_resource.site"],
    });
  });

  test("outputString reads an exported response path and refuses one that is not exported", () => {
    const stack = new TerraformStack(Testing.app(), "outputs");
    const site = new AzapiResource(stack, "site", {
      type: "T@1",
      name: "n",
      parentId: "p",
      body: {},
      responseExportValues: ["properties.defaultHostName"],
    });
    new TerraformOutput(stack, "host", { value: site.outputString("properties.defaultHostName") });
    expect(synthStack(stack).output?.host.value).toBe("${azapi_resource.site.output.properties.defaultHostName}");
    expect(() => site.outputString("properties.state")).toThrow(
      /outputs\/site: outputString\("properties.state"\) needs "properties.state" in responseExportValues/,
    );
  });

  test("HCL synthesis is refused rather than synthesized empty", () => {
    const stack = new TerraformStack(Testing.app(), "hcl");
    const site = new AzapiResource(stack, "site", { type: "T@1", name: "n", parentId: "p", body: {} });
    expect(() => site.toHclTerraform()).toThrow(/hcl\/site: the azapi binding synthesizes Terraform JSON only/);
  });
});
