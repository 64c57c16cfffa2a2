/**
 * The stack as deployed from an empty subscription: by a workstation first (its address through the
 * firewalls, no data-plane poll), then by the pipeline (pipelineOwnerObjectId holds the deployer's
 * roles from the first deploy on), and destroyed without leftovers Azure adds to the group.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ofType, ref, relaySite, synthEnvironment } from "../support/synth";

const example = JSON.parse(readFileSync(join(__dirname, "..", "..", "config", "example.json"), "utf8"));
const PIPELINE = "3f2504e0-4f89-41d3-9a0c-0305e82c3399";

describe("azurerm provider features for a first deploy and a clean destroy", () => {
  const { json } = synthEnvironment(example);
  const providers = json.provider as Record<string, Record<string, any>[]>;
  const features = providers.azurerm[0].features[0];

  test("no data-plane poll after creating a storage account (its firewall would answer 403 and taint it)", () => {
    expect(features.storage).toEqual([{ data_plane_available: false }]);
  });

  test("Application Insights' generated rule is removed at create, so the group's destroy finds nothing extra", () => {
    expect(features.application_insights).toEqual([{ disable_generated_rule: true }]);
    expect(features.resource_group).toBeUndefined(); // prevent_deletion_if_contains_resources stays on
  });
});

describe("the workstation's address through the storage firewall", () => {
  test("keyVault.allowedIpRanges reaches the relay's storage account too", () => {
    const { json } = synthEnvironment({ ...example, keyVault: { allowedIpRanges: ["203.0.113.7"] } });
    const [, account] = ofType(json, "azurerm_storage_account")[0];
    expect(account.network_rules).toMatchObject({ default_action: "Deny", ip_rules: ["203.0.113.7"] });
  });
});

describe("a second deploy identity: pipelineOwnerObjectId holds the deployer's roles", () => {
  const { json } = synthEnvironment({
    ...example,
    directoryManagerApp: { ...example.directoryManagerApp, pipelineOwnerObjectId: PIPELINE },
  });
  const roles: Record<string, any>[] = ofType(json, "azurerm_role_assignment").map(([id, r]) => ({ id, ...r }));
  const [vaultId] = ofType(json, "azurerm_key_vault")[0];
  const [siteId] = relaySite(json);

  test("Key Vault Secrets Officer on the vault and Website Contributor on the site, by literal id", () => {
    const pipeline = roles.filter((r) => r.principal_id === PIPELINE);
    expect(pipeline.map((r) => [r.role_definition_name, r.scope]).sort()).toEqual(
      [
        ["Key Vault Secrets Officer", ref("azurerm_key_vault", vaultId, "id")],
        ["Website Contributor", ref("azapi_resource", siteId, "id")],
      ].sort(),
    );
    expect(pipeline.every((r) => r.count === undefined)).toBe(true);
  });

  test("the running identity's own grants are counted out when it is the pipeline (no duplicate assignment)", () => {
    const mine = roles.filter((r) => /data\.azurerm_client_config\.[^.]+\.object_id/.test(r.principal_id));
    expect(mine.map((r) => r.role_definition_name).sort()).toEqual([
      "Key Vault Secrets Officer",
      "Website Contributor",
    ]);
    for (const r of mine)
      expect(r.count).toMatch(new RegExp(`^\\$\\{contains\\(\\["${PIPELINE}"\\], .*\\) \\? 0 : 1\\}$`));
  });

  test("secrets wait for every grant of the vault, the counted one through its instances' ids", () => {
    const officers = roles.filter((r) => r.role_definition_name === "Key Vault Secrets Officer");
    const [, wait] = ofType(json, "time_sleep").find(([, t]) =>
      officers.every((o) => (t.depends_on as string[]).includes(`azurerm_role_assignment.${o.id}`)),
    )!;
    const counted = officers.find((o) => o.count !== undefined)!;
    expect(Object.values(wait.triggers)).toContain(`\${join(",", azurerm_role_assignment.${counted.id}[*].id)}`);
  });
});
