/** pipeline:verify-summary: dmflow verify's JSON report as the Markdown a pipeline publishes; and where the pipelines run dmflow. */
import { envOf, file, stepsOf } from "./pipeline-files";
const { verifySummary } = require("../../scripts/pipeline/verify-summary.js") as {
  verifySummary: (environment: string, text: string) => string;
};

describe("pipeline:verify-summary", () => {
  test("one row per check: mark, title, evidence lines, and the fix of a failed check", () => {
    const report = {
      command: "verify",
      ok: false,
      checks: [
        { id: "relay-health", title: "relay health", status: "pass", evidence: ["answered 200", "routes: a|b"] },
        {
          id: "queues",
          title: "relay queues",
          status: "fail",
          evidence: ["flow-events-poison: 2 failed"],
          fix: "replay them",
        },
        { id: "admin-consent", title: "admin consent", status: "skip", evidence: ["left out with --skip"] },
      ],
    };
    expect(verifySummary("prod", JSON.stringify(report)).split("\n")).toEqual([
      "### dmflow verify `prod`: ✗ 1 of 3 checks failed",
      "",
      "| | check | evidence | fix |",
      "| --- | --- | --- | --- |",
      "| ✓ | relay health | answered 200<br>routes: a\\|b |  |",
      "| ✗ | relay queues | flow-events-poison: 2 failed | replay them |",
      "| – | admin consent | left out with --skip |  |",
      "",
    ]);
    expect(verifySummary("prod", JSON.stringify({ ...report, ok: true, checks: [report.checks[0]] }))).toMatch(
      /^### dmflow verify `prod`: ✓ 1 check passed\n/,
    );
  });

  test("a verify that could not run shows its one-line error; no JSON at all says so", () => {
    expect(
      verifySummary(
        "prod",
        JSON.stringify({
          ok: false,
          error: "cannot reach Directory Manager's security service (POST https://dm:4443/…): ECONNREFUSED",
        }),
      ),
    ).toBe(
      "### dmflow verify `prod`: ✗ could not run\n\ncannot reach Directory Manager's security service (POST https://dm:4443/…): ECONNREFUSED\n",
    );
    expect(verifySummary("prod", "")).toMatch(/✗ no report \(verify printed no JSON/);
  });
});

describe("dmflow in the deploy pipelines", () => {
  type Obj = Record<string, any>;
  const deploySteps: Obj[] = ((file(".github/workflows/cdktf-deploy.yml").doc as Obj).jobs.deploy.steps as Obj[]).map(
    (s, i) => ({ ...s, i }),
  );
  const named = (prefix: string) => deploySteps.find((s) => String(s.name ?? "").startsWith(prefix))!;

  test("GitHub: verify --json runs after the apply, while the firewall is open, and its report goes to the job summary", () => {
    const verify = named("dmflow verify");
    expect(verify.i).toBeGreaterThan(named("terraform apply (").i);
    expect(verify.i).toBeLessThan(named("Close the Key Vault firewall again").i);
    expect(named("npm ci (for dmflow").run).toBe("npm ci --no-audit --no-fund --ignore-scripts");
    expect(verify.run).toMatch(
      /npm run --silent dmflow:verify -- --env "\$ENVIRONMENT" --json [^\n]*> "\$RUNNER_TEMP\/verify.json" \|\| status=\$\?\n/,
    );
    expect(verify.run).toMatch(
      /npm run --silent pipeline:verify-summary -- "\$ENVIRONMENT" "\$RUNNER_TEMP\/verify.json" >> "\$GITHUB_STEP_SUMMARY"\nexit "\$status"/,
    );
    expect(verify["continue-on-error"]).toBe("${{ vars.DMFLOW_VERIFY_REQUIRED != 'true' }}");
    expect(named("Keep the verify report").with.path).toBe("${{ runner.temp }}/verify.json");
  });

  test("GitHub: dm-settings --apply only when DMFLOW_APPLY_DM_SETTINGS is true, before verify; credentials from secrets", () => {
    const apply = named("dmflow dm-settings --apply");
    expect(apply.if).toBe("${{ !inputs.refresh-state && vars.DMFLOW_APPLY_DM_SETTINGS == 'true' }}");
    expect(apply.i).toBeLessThan(named("dmflow verify").i);
    expect(apply.run).toMatch(/npm run --silent dmflow:dm-settings -- --env "\$ENVIRONMENT" --apply/);
    for (const step of [apply, named("dmflow verify")])
      expect(step.env.DMFLOW_DM_PASSWORD).toBe("${{ secrets.DIRECTORY_MANAGER_PASSWORD }}");
  });

  test("Azure DevOps: the deploy script runs verify after the apply, before the firewall's trap closes it, and uploads the summary", () => {
    const task = stepsOf(file("pipelines/deploy-steps.yml").doc)
      .map(({ step }) => step as Obj)
      .find((s) => String(s.parameters?.displayName ?? "").startsWith("terraform apply"))!;
    const script = String(task.parameters.script);
    expect(script).toMatch(
      /trap close EXIT[\s\S]*terraform apply [^\n]*deploy\.tfplan"\n[\s\S]*npm run --silent dmflow:verify -- --env "\$ENVIRONMENT" --json[\s\S]*##vso\[task\.uploadsummary\]/,
    );
    expect(script).toMatch(
      /if \[ "\$\{DMFLOW_APPLY_DM_SETTINGS:-\}" = "true" \]; then\n\s*npm run --silent dmflow:dm-settings -- --env "\$ENVIRONMENT" --apply/,
    );
    expect(envOf(task).DMFLOW_DM_PASSWORD).toBe("$(DIRECTORY_MANAGER_PASSWORD)");
  });
});
