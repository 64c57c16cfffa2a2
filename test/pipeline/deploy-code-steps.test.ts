/**
 * The deploy jobs put the relay's code on the function app with `dmflow deploy-code`: the package
 * approved with the plan, after the apply, through the SCM site opened to the runner for that step
 * and verify only, and closed whatever happens. Checked on the parsed workflow files, and the
 * runner-firewall script's --scm-site mode run as the pipelines run it (stdin).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { STACK_OUTPUTS } from "../../contract/stack-outputs";
import { file, ROOT, stepsOf } from "./pipeline-files";
/* eslint-disable @typescript-eslint/no-require-imports */
const { scmSite, SCM_RULE_NAME } = require("../../scripts/pipeline/runner-firewall.js") as {
  scmSite: (outputs: unknown) => { resourceGroup: string; name: string } | undefined;
  SCM_RULE_NAME: string;
};
/* eslint-enable @typescript-eslint/no-require-imports */

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const SITE_ID =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/dm-prod-rg/providers/Microsoft.Web/sites/dm-prod-relay";
const deployJob = (file(".github/workflows/cdktf-deploy.yml").doc as Obj).jobs.deploy as Obj;
const steps = deployJob.steps as Obj[];
const indexOf = (name: string) => {
  const i = steps.findIndex((s) => String(s.name ?? "").startsWith(name));
  if (i < 0) throw new Error(`no step "${name}"`);
  return i;
};
const adoSteps = (path: string) => stepsOf(file(path).doc).map(({ step }) => step as Obj);

describe("runner-firewall --scm-site", () => {
  test("finds the relay's function app in terraform output -json, by the contract's output name", () => {
    const outputs = { [STACK_OUTPUTS.relayFunctionAppId]: { sensitive: false, type: "string", value: SITE_ID } };
    expect(scmSite(outputs)).toEqual({ resourceGroup: "dm-prod-rg", name: "dm-prod-relay" });
    expect(scmSite({ key_vault_uri: { value: "https://v.vault.azure.net/" } })).toBeUndefined();
    expect(() => scmSite({ [STACK_OUTPUTS.relayFunctionAppId]: { value: "dm-prod-relay" } })).toThrow(
      /output relay_function_app_id: got "dm-prod-relay"; expected a function app's resource id/,
    );
  });

  test("reads stdin and prints '<group> <app>', or nothing for a stack without a relay", () => {
    const run = (outputs: unknown) =>
      execFileSync(process.execPath, [join(ROOT, "scripts", "pipeline", "runner-firewall.js"), "-", "--scm-site"], {
        input: JSON.stringify(outputs),
        encoding: "utf8",
      });
    expect(run({ relay_function_app_id: { value: SITE_ID } })).toBe("dm-prod-rg dm-prod-relay\n");
    expect(run({})).toBe("");
  });
});

describe("GitHub Actions deploy job", () => {
  test("after the apply: open the SCM site, deploy-code the approved package, verify, and always close it", () => {
    const open = indexOf("Open the relay's SCM site");
    const deploy = indexOf("dmflow deploy-code");
    const verify = indexOf("dmflow verify");
    const close = indexOf("Close the relay's SCM site again");
    expect(indexOf("terraform apply (")).toBeLessThan(open);
    expect(open).toBeLessThan(deploy);
    expect(deploy).toBeLessThan(verify);
    expect(verify).toBeLessThan(close);
    expect(steps[open].run).toMatch(/output -json \| npm run --silent pipeline:runner-firewall -- - --scm-site/);
    expect(steps[open].run).toContain(
      `access-restriction add --resource-group "$group" --name "$app" --scm-site true --rule-name ${SCM_RULE_NAME} --action Allow --ip-address "$RUNNER_IP/32"`,
    );
    expect(steps[deploy].run).toBe(
      'npm run --silent dmflow -- deploy-code --env "$ENVIRONMENT" --package "$RUNNER_TEMP/approved/relay.zip"',
    );
    // A failed deploy-code fails the job: no continue-on-error.
    expect(steps[deploy]["continue-on-error"]).toBeUndefined();
    expect(steps[close].if).toBe("always() && steps.open-scm.outputs.app != ''");
    expect(steps[close].run).toContain(
      `access-restriction remove --resource-group "$GROUP" --name "$APP" --scm-site true --rule-name ${SCM_RULE_NAME}`,
    );
  });

  test("the plan job approves the package with the plan: relay.zip is in its artifact", () => {
    const plan = (file(".github/workflows/cdktf-plan.yml").doc as Obj).jobs.plan as Obj;
    const summary = (plan.steps as Obj[]).find((s) => s.name === "Plan summary and approved changes") as Obj;
    expect(summary.run).toContain('cp "$GITHUB_WORKSPACE/dist/relay.zip" "$out/relay.zip"');
  });
});

describe("Azure DevOps deploy", () => {
  const script = () =>
    String(
      adoSteps("pipelines/deploy-steps.yml").find((s) => s.parameters?.displayName?.startsWith("terraform apply"))
        ?.parameters.script,
    );

  test("the apply script deploys the approved package between the apply and verify, the trap closes the SCM site", () => {
    expect(script()).toMatch(
      /close\(\) \{\n\s+if \[ -n "\$app" \]; then\n\s+az functionapp config access-restriction remove[^\n]+--rule-name dmflow-deploy-runner[\s\S]*trap close EXIT[\s\S]*terraform apply -input=false[\s\S]*access-restriction add[^\n]+--ip-address "\$ip\/32"[\s\S]*dmflow -- deploy-code --env "\$ENVIRONMENT" --package "\$\(Pipeline\.Workspace\)\/plan-\$ENVIRONMENT\/relay\.zip"[\s\S]*dmflow:verify/,
    );
  });

  test("the always-run step closes the SCM site too, and the plan publishes relay.zip", () => {
    const close = adoSteps("pipelines/deploy-steps.yml").at(-1) as Obj;
    expect(close.parameters.env).toMatchObject({ RELAY_GROUP: "$(RELAY_GROUP)", RELAY_APP: "$(RELAY_APP)" });
    expect(close.parameters.script).toMatch(
      /access-restriction remove --resource-group "\$RELAY_GROUP" --name "\$RELAY_APP"/,
    );
    expect(file("pipelines/plan-steps.yml").text).toContain(
      'cp "$(Build.SourcesDirectory)/dist/relay.zip" "$out/relay.zip"',
    );
  });
});
