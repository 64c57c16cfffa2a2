import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Testing, TerraformOutput } from "../../constructs/providers/cdktf";
import { KeyVault } from "../../constructs/providers/azurerm";
import { applySecurityRules, SECURITY_RULES, suppressRule } from "../../constructs/security";
import {
  formatSecurityReport,
  hasFailures,
  readSecurityReports,
  reportRows,
  type StackSecurityReport,
} from "../../scripts/check/security-report/report";
import { makeTempDir } from "../support/temp-dirs";
import { ignoredIds, newStack } from "./support";

const script = join(__dirname, "..", "..", "scripts", "check", "security-report.js");

/** A synth output folder with one stack: a suppressed finding, an unverified one and (optionally) an error. */
function synthOutput(withError: boolean): string {
  // cdktf reads this when the stack is created: error findings are then recorded instead of thrown.
  process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "true";
  try {
    const stack = newStack("relay-test");
    applySecurityRules(stack);
    const vault = new KeyVault(stack, "vault", {
      name: "kv",
      location: "westeurope",
      resourceGroupName: "rg",
      tenantId: "t",
      skuName: "standard",
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: "${var.purge}" as unknown as boolean,
      networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
      softDeleteRetentionDays: 90,
      tags: { owner: "x" },
    });
    suppressRule(vault, "DMF-KV-PUBLIC-ACCESS", "Runners reach it during deploy | firewall denies by default");
    suppressRule(vault, "DMF-KV-PRIVATE-ENDPOINT", "No virtual network to place an endpoint in");
    if (withError) new TerraformOutput(stack, "client_secret", { value: "${azuread_application_password.pw.value}" });
    return Testing.fullSynth(stack);
  } finally {
    delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
  }
}

describe("security report", () => {
  test("reads each stack's record from a synth output and lists findings, then suppressions", () => {
    const reports = readSecurityReports(synthOutput(true));
    expect(reports.map((r) => r.stack)).toEqual(["relay-test"]);
    expect(reportRows(reports).map((r) => [r.status, r.finding.ruleId])).toEqual([
      ["FAIL", "DMF-OUT-NO-SECRET"],
      ["UNVERIFIED", "DMF-KV-PURGE-PROTECTION"],
      ["SUPPRESSED", "DMF-KV-PUBLIC-ACCESS"],
      ["SUPPRESSED", "DMF-KV-PRIVATE-ENDPOINT"],
    ]);
    expect(hasFailures(reports)).toBe(true);
    const text = formatSecurityReport(reports);
    expect(text).toContain(`- **relay-test**: ${SECURITY_RULES.length} rules over`);
    expect(text).toContain("1 failing, 1 warnings or unverified, 2 suppressed");
    expect(text).toMatch(
      /\| relay-test \| FAIL \| DMF-OUT-NO-SECRET \| - \| error \| relay-test\/client_secret \| output\.client_secret \| it exposes azuread_application_password\.<name>\.value\. Fix: /,
    );
    expect(text).toMatch(
      /\| relay-test \| SUPPRESSED \| DMF-KV-PUBLIC-ACCESS \| CKV_AZURE_189 \| error \| relay-test\/vault \|/,
    );
    // A pipe inside a reason is escaped, so the table keeps its columns.
    expect(text).toContain(
      "| relay-test | DMF-KV-PUBLIC-ACCESS | relay-test/vault | 1 | Runners reach it during deploy \\| firewall denies by default |",
    );
  });

  test("stacks without the pack, opted out, or clean are said so", () => {
    const reports: StackSecurityReport[] = [
      { stack: "a" },
      {
        stack: "b",
        record: {
          status: "opted-out",
          optOutReason: "sandbox stack for demos",
          rules: 28,
          elements: 0,
          findings: [],
          suppressed: [],
          suppressions: [],
        },
      },
      {
        stack: "c",
        record: { status: "checked", rules: 28, elements: 3, findings: [], suppressed: [], suppressions: [] },
      },
    ];
    const text = formatSecurityReport(reports);
    expect(text).toContain("- **a**: the security rule pack is not applied to this stack");
    expect(text).toContain("- **b**: rules switched off: sandbox stack for demos");
    expect(text).toContain("- **c**: 28 rules over 3 elements: 0 failing, 0 warnings or unverified, 0 suppressed");
    expect(text).toContain("No findings.");
    expect(text).toContain("No suppressions.");
    expect(hasFailures(reports)).toBe(false);
  });

  test("npm run security:report -- --from <dir> prints the table and exits 1 on a failure", () => {
    const failing = spawnSync(process.execPath, [script, "--from", synthOutput(true)], { encoding: "utf8" });
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain("| relay-test | FAIL | DMF-OUT-NO-SECRET |");
    const passing = spawnSync(process.execPath, [script, "--from", synthOutput(false)], { encoding: "utf8" });
    expect(passing.status).toBe(0);
    expect(passing.stdout).toContain("## Suppressions");
    const outdir = synthOutput(false);
    const json = spawnSync(process.execPath, [script, "--from", outdir, "--json"], { encoding: "utf8" });
    // The accepted findings go into the folder as the scanners' ignore files.
    expect(ignoredIds(readFileSync(join(outdir, ".checkov.yaml"), "utf8"))).toEqual(["CKV_AZURE_189", "CKV2_AZURE_32"]);
    expect(ignoredIds(readFileSync(join(outdir, ".trivyignore"), "utf8"))).toEqual([]);
    expect(JSON.parse(json.stdout)[0].record.suppressions[0].ruleId).toBe("DMF-KV-PUBLIC-ACCESS");
  });

  test("without --from it synthesizes the app (into --out) past a failing rule, reports on every stack and, with --no-fail, exits 0", () => {
    // One app run: the shipped example, and dev.json, which fails DMF-ENTRA-OWNERS (one owner).
    // Exit code 1 on a failure: the --from test above (the same check of the records).
    const dir = makeTempDir("dmflow-report-");
    mkdirSync(join(dir, "config"));
    copyFileSync(join(__dirname, "..", "..", "config", "example.json"), join(dir, "config", "example.json"));
    writeFileSync(join(dir, "config", "dev.json"), JSON.stringify({ location: "westeurope" }));
    const out = join(dir, "out");
    const run = spawnSync(process.execPath, [script, "--no-fail", "--out", out], {
      encoding: "utf8",
      env: { ...process.env, DMFLOW_CONFIG_DIR: join(dir, "config") },
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^# Security rules report\n\n- \*\*dev\*\*: .*\n- \*\*example\*\*: /);
    expect(run.stdout).toMatch(/^\| dev \| FAIL \| DMF-ENTRA-OWNERS \|/m);
    expect(run.stdout).not.toMatch(/^\| example \| FAIL \|/m);
    expect(readFileSync(join(out, ".trivyignore"), "utf8")).toMatch(/^AVD-AZU-0058$/m);
    // The files it wrote list exactly the scanner ids of the accepted findings recorded in the synthesized stacks.
    const accepted = readSecurityReports(out).flatMap(({ record }) =>
      record?.status === "checked" ? record.suppressed.flatMap((f) => f.reportedBy ?? []) : [],
    );
    const listed = [
      ...ignoredIds(readFileSync(join(out, ".checkov.yaml"), "utf8")),
      ...ignoredIds(readFileSync(join(out, ".trivyignore"), "utf8")),
    ];
    expect(listed.sort()).toEqual([...new Set(accepted)].sort());
  });

  test("a missing synth output is a clear error", () => {
    expect(() => readSecurityReports("/nonexistent")).toThrow(/manifest.json does not exist: synthesize first/);
  });
});
