import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PUBLISHING_POLICY_TYPE, SITE_TYPE, WEB_API_VERSION } from "../../constructs/flow-relay/flex-site-body";
import { armBodyProblems, loadArmTypes } from "../support/arm-types";
import { ofType, ref } from "../support/synth";
import { FIXTURE, appSettings, build, only, roles, site, type Synth } from "./build";

const types = loadArmTypes(`microsoft.web-${WEB_API_VERSION}.json`, "onedeploy-request.json");
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
    for (const [, config] of [...ofType(json, "azapi_resource"), ...ofType(json, "azapi_resource_action")])
      expect(config.lifecycle).toBeUndefined();
  });

  test("every synthesized request body fits Azure's published types for its API version", () => {
    expect(armBodyProblems(types, SITE_TYPE, app.body)).toEqual([]);
    for (const [, policy] of ofType(json, "azapi_resource").filter(([, c]) => c.type === PUBLISHING_POLICY_TYPE)) {
      expect(armBodyProblems(types, PUBLISHING_POLICY_TYPE, policy.body, policy.name)).toEqual([]);
    }
    const [, deploy] = only(json, "azapi_resource_action");
    expect(armBodyProblems(types, `Microsoft.Web/sites/extensions/onedeploy@${WEB_API_VERSION}`, deploy.body)).toEqual(
      [],
    );
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

describe("code deployment: blob upload → roles → OneDeploy", () => {
  const { json } = build();
  const [appId] = site(json);
  const [blobId, blob] = only(json, "azurerm_storage_blob");
  const [, deploy] = only(json, "azapi_resource_action");

  test("OneDeploy runs after the blob upload and after a wait for every role the host and the package read need", () => {
    const identityRoles = roles(json)
      .filter((r) => r.principal_id.includes("azurerm_user_assigned_identity."))
      .map((r) => `azurerm_role_assignment.${r.id}`);
    expect(identityRoles.length).toBe(1 + 4 + 1 + 1); // blob owner, 4 queues, metrics publisher, the route secret
    const [waitId, wait] = only(json, "time_sleep");
    expect([...wait.depends_on].sort()).toEqual([...identityRoles].sort());
    expect([...deploy.depends_on].sort()).toEqual([`azurerm_storage_blob.${blobId}`, `time_sleep.${waitId}`].sort());
    expect(deploy.resource_id).toBe(ref("azapi_resource", appId, "id"));
    const [accountId] = only(json, "azurerm_storage_account");
    expect(deploy.body.properties.packageUri).toBe(
      `${ref("azurerm_storage_account", accountId, "primary_blob_endpoint")}relay-packages/${blob.name}`,
    );
  });

  test("the upload does not wait for the app, and the app does not wait for the upload", () => {
    expect(JSON.stringify(blob)).not.toContain("azapi_resource.");
    expect(JSON.stringify(site(json)[1])).not.toContain("azurerm_storage_blob.");
  });
});

describe("a new package changes the blob and OneDeploy, nothing else", () => {
  let other: string;
  beforeAll(() => {
    other = mkdtempSync(join(tmpdir(), "relay-bundle-"));
    cpSync(FIXTURE, other, { recursive: true });
    writeFileSync(join(other, "index.js"), "module.exports = { changed: true };\n");
  });
  afterAll(() => rmSync(other, { recursive: true, force: true }));

  const changedResources = (a: Synth, b: Synth) =>
    Object.keys({ ...a.resource, ...b.resource }).flatMap((type) =>
      Object.keys({ ...a.resource[type], ...b.resource[type] })
        .filter((id) => JSON.stringify(a.resource[type]?.[id]) !== JSON.stringify(b.resource[type]?.[id]))
        .map(() => type),
    );

  test("only the package blob and the OneDeploy request differ; the new URL carries the new hash", () => {
    const before = build().json;
    const after = build({ codePath: other }).json;
    expect(changedResources(before, after).sort()).toEqual(["azapi_resource_action", "azurerm_storage_blob"]);
    const names = [before, after].map((j) => only(j, "azurerm_storage_blob")[1].name as string);
    expect(names[0]).not.toBe(names[1]);
    for (const name of names) expect(name).toMatch(/^[0-9A-F]+\/released-package\.zip$/);
    expect(only(after, "azapi_resource_action")[1].body.properties.packageUri).toMatch(
      new RegExp(`}relay-packages/${names[1]}$`),
    );
  });
});
