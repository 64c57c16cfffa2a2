import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing, TerraformOutput } from "../../constructs/providers/cdktf";
import { SECURITY_RECORD_KEY, suppressRule } from "../../constructs/security";
import {
  allAnnotations,
  annotationsOf,
  check,
  newStack,
  ruleIds,
  secureFunctionApp,
  secureVault,
  stackWithPack,
  synthesizedWithMetadata,
} from "./support";

describe("suppressions", () => {
  test("a suppression with its reason moves the finding out of the failures and into the synthesized metadata", () => {
    const stack = stackWithPack();
    const app = secureFunctionApp(stack);
    app.addOverride("public_network_access_enabled", true);
    suppressRule(
      app,
      "DMF-FUNC-PUBLIC-ACCESS",
      "Directory Manager calls it over the internet; function keys and IP restrictions guard it",
    );
    const json = synthesizedWithMetadata(stack);
    const record = json["//"].metadata[SECURITY_RECORD_KEY];
    expect(record.findings).toEqual([]);
    expect(record.suppressed).toEqual([
      expect.objectContaining({
        ruleId: "DMF-FUNC-PUBLIC-ACCESS",
        mirrors: ["CKV_AZURE_221"],
        path: "stack/relay",
        problem: "public_network_access_enabled is true",
        reason: "Directory Manager calls it over the internet; function keys and IP restrictions guard it",
        suppressedAt: "stack/relay",
      }),
    ]);
    expect(record.suppressions).toEqual([
      {
        ruleId: "DMF-FUNC-PUBLIC-ACCESS",
        path: "stack/relay",
        reason: "Directory Manager calls it over the internet; function keys and IP restrictions guard it",
        matched: 1,
      },
    ]);
    expect(allAnnotations(stack, "error")).toEqual([]);
  });

  test("the record is in cdk.tf.json as written by synth", () => {
    const stack = stackWithPack();
    const vault = secureVault(stack);
    vault.addOverride("public_network_access_enabled", true);
    suppressRule(
      vault,
      "DMF-KV-PUBLIC-ACCESS",
      "Pipeline runners reach it during deploy; the firewall denies by default",
    );
    const outdir = Testing.fullSynth(stack);
    const written = JSON.parse(readFileSync(join(outdir, "stacks", "stack", "cdk.tf.json"), "utf8"));
    expect(written["//"].metadata[SECURITY_RECORD_KEY].suppressed).toHaveLength(1);
    expect(written["//"].metadata[SECURITY_RECORD_KEY].suppressions[0]).toMatchObject({
      ruleId: "DMF-KV-PUBLIC-ACCESS",
      matched: 1,
    });
  });

  test("a suppression on a parent construct covers its children; a stack-wide one covers every element", () => {
    const stack = stackWithPack();
    const app = secureFunctionApp(stack);
    app.addOverride("https_only", false);
    new TerraformOutput(stack, "key", { value: "${azurerm_storage_account.st.primary_access_key}" });
    suppressRule(stack, "DMF-FUNC-HTTPS-ONLY", "Test stack: TLS is terminated by the gateway in front of it");
    suppressRule(stack, "DMF-OUT-NO-SECRET", "Test stack: the output is read by a test harness only");
    const record = check(stack);
    expect(record.findings).toEqual([]);
    expect(record.suppressed.map((s) => [s.ruleId, s.path, s.suppressedAt])).toEqual([
      ["DMF-FUNC-HTTPS-ONLY", "stack/relay", "stack"],
      ["DMF-OUT-NO-SECRET", "stack/key", "stack"],
    ]);
  });

  test("a suppression of another rule does not hide the finding", () => {
    const stack = stackWithPack();
    const app = secureFunctionApp(stack);
    app.addOverride("https_only", false);
    suppressRule(app, "DMF-FUNC-PUBLIC-ACCESS", "Reached over the internet by Directory Manager");
    const record = check(stack);
    expect(ruleIds(record)).toEqual(["DMF-FUNC-HTTPS-ONLY"]);
    expect(record.suppressions).toEqual([expect.objectContaining({ ruleId: "DMF-FUNC-PUBLIC-ACCESS", matched: 0 })]);
  });

  test("a suppression of an unknown rule id is a warning (a typo would otherwise hide nothing silently)", () => {
    const stack = stackWithPack();
    const app = secureFunctionApp(stack);
    suppressRule(app, "DMF-FUNC-HTTPS", "Typo in the rule id for this test");
    check(stack);
    expect(annotationsOf(app, "warn")).toEqual([expect.stringMatching(/unknown rule "DMF-FUNC-HTTPS"/)]);
  });

  test("a suppression needs a rule id and a reason", () => {
    const stack = newStack();
    expect(() => suppressRule(stack, "https-only", "Because it is a test stack")).toThrow(
      'stack: ruleId must be a rule id like "DMF-FUNC-PUBLIC-ACCESS", but "https-only" was given',
    );
    expect(() => suppressRule(stack, "DMF-FUNC-HTTPS-ONLY", "  ")).toThrow(
      'stack: reason must be a written reason why DMF-FUNC-HTTPS-ONLY does not apply here and what compensates (at least 10 characters), but "  " was given',
    );
  });
});
