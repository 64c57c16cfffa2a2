import { ofType, ref } from "../support/synth";
import { build, roles, site } from "./build";

describe("FlowRelay: the code is pushed after the apply (deployCode and codePath are deprecated)", () => {
  test("deployCode: true stops the synth and names the command that replaces it", () => {
    expect(() => build({ deployCode: true })).toThrow(
      /deployCode must be left out: the stack no longer deploys the relay code; push it after the apply with `dmflow deploy-code` \(docs\/deploying\.md\), but true was given/,
    );
  });

  test("codePath stops the synth the same way", () => {
    expect(() => build({ codePath: "dist/relay.zip" })).toThrow(
      /codePath must be left out: the stack no longer deploys the relay code; push it after the apply with `dmflow deploy-code`.*but "dist\/relay\.zip" was given/,
    );
  });

  test("deployCode: false is accepted and changes nothing", () => {
    expect(build({ deployCode: false }).json.resource).toEqual(build().json.resource);
  });
});

describe("FlowRelay: who may push the code", () => {
  const deployer = "00000000-0000-0000-0000-0000000000d1";
  const pipeline = "00000000-0000-0000-0000-0000000000e2";

  test("additional deployers get Website Contributor on the site by literal id; the deployer's grant is counted out when it is one of them", () => {
    const { json } = build({ deployerObjectId: deployer, additionalDeployerObjectIds: [pipeline] });
    const [appId] = site(json);
    const onSite = roles(json).filter((r) => r.scope === ref("azapi_resource", appId, "id"));
    const byPrincipal = Object.fromEntries(onSite.map((r) => [r.principal_id, r]));
    expect(onSite).toHaveLength(2);
    expect(byPrincipal[deployer]).toMatchObject({
      role_definition_name: "Website Contributor",
      count: `\${contains(["${pipeline}"], "${deployer}") ? 0 : 1}`,
    });
    expect(byPrincipal[pipeline].role_definition_name).toBe("Website Contributor");
    expect(byPrincipal[pipeline].count).toBeUndefined();
  });

  test("without additional deployers the deployer's grant is a plain resource", () => {
    const { json } = build({ deployerObjectId: deployer });
    const grant = roles(json).find((r) => r.role_definition_name === "Website Contributor");
    expect(grant?.count).toBeUndefined();
  });

  test("a bad additional deployer id is named by index", () => {
    expect(() => build({ additionalDeployerObjectIds: ["me"] })).toThrow(
      /additionalDeployerObjectIds\[0\] must be an object id \(GUID\), but "me" was given/,
    );
  });

  test("no role on the relay's storage for any deployer (the push goes to the SCM site, not to a blob)", () => {
    const { json } = build({ deployerObjectId: deployer, additionalDeployerObjectIds: [pipeline] });
    const [accountId] = ofType(json, "azurerm_storage_account")[0];
    const storageScopes = roles(json).filter((r) => String(r.scope).includes(`azurerm_storage_account.${accountId}`));
    expect(storageScopes.map((r) => r.principal_id)).not.toContain(deployer);
    expect(storageScopes.map((r) => r.principal_id)).not.toContain(pipeline);
  });
});
