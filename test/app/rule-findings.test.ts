import { findingProblem } from "../../constructs/app/rule-findings";
import type { SecurityFinding } from "../../constructs/security";
import { runApp } from "../support/run-app";

// These tests run the cdktf app in a child process: allow for a busy machine.
jest.setTimeout(60_000);

const secondOwner = { directoryManagerApp: { ownerObjectIds: ["3f2504e0-4f89-41d3-9a0c-0305e82c3301"] } };

describe("the app reports a failing security rule the config way", () => {
  test("a config without a second owner: file, field, fix and rule once, no trace or cdktf banner, nothing written, exit 1", async () => {
    // prod passes on its own; dev's finding stops both. The cdktf CLI always sets
    // CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS when it runs the app: that changes nothing.
    const r = await runApp(
      {
        "dev.json": JSON.stringify({ location: "westeurope" }),
        "prod.json": JSON.stringify({ location: "westeurope", namePrefix: "dmprod", ...secondOwner }),
      },
      { CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true" },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^A security rule failed; nothing was synthesized:\n {2}- config\/dev\.json: field "directoryManagerApp\.ownerObjectIds": got \[\]; expected the object id of at least one accountable person besides the deployer .*; rule DMF-ENTRA-OWNERS; to accept it instead, .*suppressRule\(scope, "DMF-ENTRA-OWNERS", "<reason>"\).*"securityRules\.optOutReason"\n$/,
    );
    expect(r.stderr.match(/DMF-ENTRA-OWNERS;/g)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain("Encountered Annotations");
    expect(r.stderr).not.toContain("prod.json");
    expect(r.stdout).toBe("");
    expect(r.outdirLeft).toBe(false);
  });
  // A passing synth's one summary line is checked on the example config's two stacks
  // (test/app/two-environments.test.ts).
});

describe("findingProblem", () => {
  const env = { name: "dev", file: "config/dev.json", config: {} as never };
  const finding: SecurityFinding = {
    ruleId: "DMF-ST-HTTPS-ONLY",
    mirrors: ["CKV_AZURE_3"],
    severity: "error",
    status: "non-compliant",
    path: "dev/directory-manager-flow/relay/storage",
    address: "azurerm_storage_account.relay_storage",
    problem: "https_traffic_only_enabled is false",
    fix: "Set httpsTrafficOnlyEnabled: true.",
  };

  test("a rule no config field decides is named by construct path and address, with the fix and how to suppress", () => {
    expect(findingProblem(finding, env)).toBe(
      'config/dev.json: dev/directory-manager-flow/relay/storage (azurerm_storage_account.relay_storage): https_traffic_only_enabled is false; expected: Set httpsTrafficOnlyEnabled: true. (rule DMF-ST-HTTPS-ONLY; to accept it instead, compose the stack in code and call suppressRule(scope, "DMF-ST-HTTPS-ONLY", "<reason>") (docs/security-rules.md), or switch the rules off for this environment with field "securityRules.optOutReason")',
    );
  });

  test("a rule a config field decides names the field and its value", () => {
    const tagged = { ...env, config: { tags: { owner: "x" } } as never };
    expect(findingProblem({ ...finding, ruleId: "DMF-TAGS" }, tagged)).toMatch(
      /^config\/dev\.json: field "tags": got \{"owner":"x"\}; expected the tags every resource must carry; rule DMF-TAGS;/,
    );
  });
});
