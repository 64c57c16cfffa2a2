import {
  PUBLISHING_POLICY_TYPE,
  SITE_BUSY_RETRY,
  SITE_TYPE,
  WEB_API_VERSION,
} from "../../constructs/flow-relay/flex-site-body";
import { armBodyProblems, loadArmTypes } from "../support/arm-types";
import { ofType, ref } from "../support/synth";
import { appSettings, build, only, roles, site } from "./build";

const types = loadArmTypes(`microsoft.web-${WEB_API_VERSION}.json`);
/** Settings a provider or Flex itself owns: setting them gives a diff on every plan (or a rejected request). */
const OWNED_ELSEWHERE = [
  "AzureWebJobsStorage",
  "FUNCTIONS_WORKER_RUNTIME",
  "FUNCTIONS_EXTENSION_VERSION",
  "WEBSITE_RUN_FROM_PACKAGE",
  "WEBSITE_CONTENTSHARE",
  "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
];

describe("the function app as ARM documents it: a second plan has nothing to change", () => {
  const { json } = build({ decisions: { directoryManagerUrl: "https://dm.example.com", identityStoreId: 2 } });
  const [, app] = site(json);
  const settings = appSettings(app);

  test("no azurerm function app: the site is one azapi_resource", () => {
    expect(json.resource.azurerm_function_app_flex_consumption).toBeUndefined();
    expect(app.type).toBe(SITE_TYPE);
  });

  test("no setting a provider or Flex owns, none empty, and no ignore_changes anywhere on the app", () => {
    for (const name of OWNED_ELSEWHERE) expect(settings).not.toHaveProperty([name]);
    for (const [name, value] of Object.entries(settings)) expect([name, value.trim()]).not.toEqual([name, ""]);
    for (const [, config] of [...ofType(json, "azapi_resource"), ...ofType(json, "azapi_update_resource")])
      expect(config.lifecycle).toBeUndefined();
  });

  test("every synthesized request body fits Azure's published types for its API version", () => {
    expect(armBodyProblems(types, SITE_TYPE, app.body)).toEqual([]);
    const policies = ofType(json, "azapi_update_resource");
    expect(policies).toHaveLength(2);
    for (const [, policy] of policies) {
      const name = String(policy.resource_id).split("/").at(-1);
      expect(armBodyProblems(types, PUBLISHING_POLICY_TYPE, policy.body, name)).toEqual([]);
    }
  });

  test("synthesizing again gives the same configuration", () => {
    const again = build({ decisions: { directoryManagerUrl: "https://dm.example.com", identityStoreId: 2 } }).json;
    expect(again.resource).toEqual(json.resource);
  });

  test("Key Vault references resolve with the user-assigned identity, which holds Secrets User on each route secret", () => {
    const [identityId] = only(json, "azurerm_user_assigned_identity");
    expect(app.body.properties.keyVaultReferenceIdentity).toBe(ref("azurerm_user_assigned_identity", identityId, "id"));
    expect(app.identity).toEqual([
      { type: "UserAssigned", identity_ids: [ref("azurerm_user_assigned_identity", identityId, "id")] },
    ]);
    const routeSecret = ofType(json, "azurerm_key_vault_secret").find(([, s]) => s.name === "flow-url-create-user")![0];
    expect(
      roles(json).filter((r) => r.scope === ref("azurerm_key_vault_secret", routeSecret, "resource_versionless_id")),
    ).toEqual([
      expect.objectContaining({
        role_definition_name: "Key Vault Secrets User",
        principal_id: ref("azurerm_user_assigned_identity", identityId, "principal_id"),
      }),
    ]);
  });
});

describe("publishing policies: settings of the site, set one after the other, retried while the site is busy", () => {
  const { json } = build();
  const [appId, app] = site(json);
  const policies = Object.fromEntries(
    ofType(json, "azapi_update_resource").map(([id, c]) => [String(c.resource_id).split("/").at(-1), { id, ...c }]),
  );

  test("azapi_update_resource (destroy sends no DELETE), never an azapi_resource of the policy type", () => {
    expect(ofType(json, "azapi_resource").filter(([, c]) => c.type === PUBLISHING_POLICY_TYPE)).toEqual([]);
    for (const name of ["scm", "ftp"]) {
      expect(policies[name]).toMatchObject({
        type: PUBLISHING_POLICY_TYPE,
        resource_id: `${ref("azapi_resource", appId, "id")}/basicPublishingCredentialsPolicies/${name}`,
        body: { properties: { allow: false } },
      });
    }
  });

  test("each carries the site's retry, and ftp waits for scm (which waits for the site through its id)", () => {
    const retry = { error_message_regex: SITE_BUSY_RETRY.errorMessageRegex };
    expect(app.retry).toEqual(retry);
    expect(policies.scm.retry).toEqual(retry);
    expect(policies.ftp.retry).toEqual(retry);
    expect(policies.ftp.depends_on).toEqual([`azapi_update_resource.${policies.scm.id}`]);
  });
});

describe("code deployment is out of Terraform: the site keeps its deployment storage, the deployer may push", () => {
  const deployer = "00000000-0000-0000-0000-0000000000d1";
  const { json } = build({ deployerObjectId: deployer });
  const [appId, app] = site(json);

  test("no package blob, no package container, no OneDeploy request in the stack", () => {
    expect(json.resource.azurerm_storage_blob).toBeUndefined();
    expect(json.resource.azapi_resource_action).toBeUndefined();
    expect(ofType(json, "azurerm_storage_container").map(([, c]) => c.name)).not.toContain("relay-packages");
  });

  test("the site's deployment storage stays: the relay-deployment container, read with the identity", () => {
    const [accountId] = only(json, "azurerm_storage_account");
    expect(app.body.properties.functionAppConfig.deployment.storage).toMatchObject({
      type: "blobContainer",
      value: `${ref("azurerm_storage_account", accountId, "primary_blob_endpoint")}relay-deployment`,
      authentication: { type: "UserAssignedIdentity" },
    });
  });

  test("the deployer gets Website Contributor on the site only, and no storage data role", () => {
    const mine = roles(json).filter((r) => r.principal_id === deployer);
    expect(mine).toEqual([
      expect.objectContaining({
        role_definition_name: "Website Contributor",
        scope: ref("azapi_resource", appId, "id"),
      }),
    ]);
  });
});
