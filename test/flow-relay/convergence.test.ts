/**
 * A second plan is empty, by construction: each azapi body the relay synthesizes, answered the way
 * the REST API spec's example shows ARM answering (test/support/arm-echo.ts), read back with azapi
 * 2.12's read semantics (test/support/azapi-read.ts), equals the configured body.
 */
import { PUBLISHING_POLICY_TYPE, SITE_TYPE } from "../../constructs/flow-relay/flex-site-body";
import { armEcho, loadArmExample, resolveReferences } from "../support/arm-echo";
import { azapiReadBack, bodyDiff } from "../support/azapi-read";
import { ofType } from "../support/synth";
import { build, only, site, type Synth } from "./build";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers";
const siteExample = loadArmExample("CreateOrUpdateFunctionAppFlexConsumptionWithDetails.json", "siteEnvelope");
const policyExample = loadArmExample("GetPublishingCredentialsPolicy.json");

/** The values the providers give the references in the bodies, spelt as each provider spells them. */
function providerValues(json: Synth): Record<string, string> {
  const values: Record<string, string> = {};
  const [planId] = only(json, "azurerm_service_plan");
  // azurerm 4.55 spells a service plan's id with "serverFarms" (its parser's segment name).
  values[`azurerm_service_plan.${planId}.id`] = `${SUB}/Microsoft.Web/serverFarms/relay-plan`;
  for (const [id] of ofType(json, "azurerm_user_assigned_identity"))
    values[`azurerm_user_assigned_identity.${id}.id`] = `${SUB}/Microsoft.ManagedIdentity/userAssignedIdentities/relay`;
  for (const [id] of ofType(json, "azurerm_storage_account"))
    values[`azurerm_storage_account.${id}.primary_blob_endpoint`] = "https://relaystore.blob.core.windows.net/";
  for (const [id, subnet] of ofType(json, "azurerm_subnet"))
    values[`azurerm_subnet.${id}.id`] = `${SUB}/Microsoft.Network/virtualNetworks/relay/subnets/${subnet.name}`;
  const [appId] = site(json);
  values[`azapi_resource.${appId}.id`] = `${SUB}/Microsoft.Web/sites/relay-app`;
  return values;
}

/** What the second plan would change: [] when the read-back body equals the configured one. */
function secondPlanChanges(example: typeof siteExample, body: unknown): string[] {
  const response = armEcho(example, body);
  return bodyDiff(azapiReadBack(body, response), body);
}

const variants: [string, Synth][] = [
  ["default relay", build().json],
  [
    "private endpoints, decisions and allow-lists",
    build({
      network: { privateEndpoints: true },
      decisions: { directoryManagerUrl: "https://dm.example.com", identityStoreId: 2 },
      ingressAllowedIpRanges: ["203.0.113.7"],
      decisionsAllowedSources: ["LogicApps"],
    }).json,
  ],
];

describe.each(variants)("convergence (%s): the second plan has nothing to change", (_, json) => {
  const values = providerValues(json);

  test("the site (Microsoft.Web/sites@2024-11-01)", () => {
    const [, app] = site(json);
    expect(app.type).toBe(SITE_TYPE);
    const body = resolveReferences(app.body, values);
    expect(secondPlanChanges(siteExample, body)).toEqual([]);
  });

  test("the publishing policies (basicPublishingCredentialsPolicies, azapi_update_resource)", () => {
    const policies = ofType(json, "azapi_update_resource").filter(([, p]) => p.type === PUBLISHING_POLICY_TYPE);
    expect(policies).toHaveLength(2);
    for (const [, policy] of policies)
      expect(secondPlanChanges(policyExample, resolveReferences(policy.body, values))).toEqual([]);
  });

  test("every azapi body in the stack is one of those checked", () => {
    const types = [...ofType(json, "azapi_resource"), ...ofType(json, "azapi_update_resource")].map(([, r]) => r.type);
    expect(new Set(types)).toEqual(new Set([SITE_TYPE, PUBLISHING_POLICY_TYPE]));
    expect(json.resource.azapi_resource_action).toBeUndefined();
  });
});

describe("the check can fail: shapes that would change on every plan", () => {
  const json = build().json;
  const values = providerValues(json);
  const [planId, ,] = only(json, "azurerm_service_plan");
  const body = resolveReferences(site(json)[1].body, values) as { properties: Record<string, unknown> };

  test("the old serverFarmId (azurerm's id as it is, .../serverFarms/...) changes on every plan", () => {
    const old = {
      ...body,
      properties: { ...body.properties, serverFarmId: values[`azurerm_service_plan.${planId}.id`] },
    };
    expect(secondPlanChanges(siteExample, old)).toEqual(["properties.serverFarmId"]);
  });

  test("an enum sent in another case than ARM echoes it changes on every plan", () => {
    const config = body.properties.functionAppConfig as { deployment: { storage: Record<string, unknown> } };
    const lowered = {
      ...body,
      properties: {
        ...body.properties,
        functionAppConfig: {
          ...config,
          deployment: { storage: { ...config.deployment.storage, type: "blobcontainer" } },
        },
      },
    };
    expect(secondPlanChanges(siteExample, lowered)).toEqual(["properties.functionAppConfig.deployment.storage.type"]);
  });

  test("azapi's read: ignore_casing off by default, missing properties kept, the response's value otherwise", () => {
    expect(azapiReadBack({ a: "X" }, { a: "x" })).toEqual({ a: "x" });
    expect(azapiReadBack({ a: "X" }, { a: "x" }, { ignoreCasing: true })).toEqual({ a: "X" });
    expect(azapiReadBack({ a: 1, secret: "s" }, { a: 1 })).toEqual({ a: 1, secret: "s" });
    expect(azapiReadBack({ a: 1, secret: "s" }, { a: 1 }, { ignoreMissingProperty: false })).toEqual({ a: 1 });
    expect(azapiReadBack({ list: [{ name: "a", v: 1 }] }, { list: [{ name: "a", v: 2 }, { name: "b" }] })).toEqual({
      list: [{ name: "a", v: 2 }, { name: "b" }],
    });
  });
});
