import { file, pipelineFiles, scriptOf, stepsOf } from "./pipeline-files";

type Obj = Record<string, any>;
const files = pipelineFiles();
const workflow = file(".github/workflows/pipeline.yml").doc as Obj;
const planFile = file(".github/workflows/cdktf-plan.yml");
const deployFile = file(".github/workflows/cdktf-deploy.yml");
const driftFile = file(".github/workflows/drift.yml");
const planJob = (planFile.doc as Obj).jobs.plan as Obj;
const deployJob = (deployFile.doc as Obj).jobs.deploy as Obj;
const ado = file("pipelines/azure-pipelines.yml").doc as Obj;
const stepNamed = (job: Obj, name: string): Obj =>
  (job.steps as Obj[]).find((s) => String(s.name ?? "").startsWith(name))!;

/** True when a job's `if` keeps it off pull_request events (a top-level condition that is false on them). */
function excludesPullRequests(condition: unknown): boolean {
  const conjuncts = String(condition ?? "")
    .replace(/^\$\{\{\s*|\s*\}\}$/g, "")
    .split("&&")
    .map((c) => c.trim());
  return conjuncts.some((c) => c === "github.event_name != 'pull_request'" || c === "github.ref == 'refs/heads/main'");
}

/** Every terraform command line of a pipeline file, continuation lines joined. */
function terraformCommands(text: string): string[] {
  return text
    .replace(/\s*\\\n\s*/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^terraform (plan|apply)\b/.test(l));
}

describe("GitHub: a pull request never reaches a deploy identity or an environment's secrets", () => {
  const runsOnPullRequests = Object.entries(workflow.jobs as Record<string, Obj>).filter(
    ([, job]) => !excludesPullRequests(job.if),
  );

  test("the jobs that run on pull requests use the plan workflow, no environment and no secret", () => {
    expect(workflow.on.pull_request).toEqual({ branches: ["main"] });
    expect(runsOnPullRequests.map(([name]) => name).sort()).toEqual(["comment", "environments", "plan", "test"]);
    for (const [name, job] of runsOnPullRequests) {
      expect([name, job.uses ?? "steps"]).toEqual([
        name,
        job.uses === undefined ? "steps" : "./.github/workflows/cdktf-plan.yml",
      ]);
      expect([name, job.secrets, job.environment]).toEqual([name, undefined, undefined]);
      expect(JSON.stringify(job)).not.toMatch(/\$\{\{\s*secrets\.|AZURE_DEPLOY_CLIENT_ID/);
    }
    // The check itself: a job without a pull-request guard counts as running on pull requests.
    expect(excludesPullRequests("always() && needs.plan.result != 'skipped'")).toBe(false);
    expect(excludesPullRequests(workflow.jobs.deploy.if)).toBe(true);
  });

  test("the plan workflow has no environment, reads no secret and signs in as the plan identity only", () => {
    for (const job of Object.values((planFile.doc as Obj).jobs as Record<string, Obj>))
      expect(job.environment).toBeUndefined();
    expect(planFile.text).not.toMatch(/\$\{\{\s*secrets\.|AZURE_DEPLOY_CLIENT_ID|AZURE_CLIENT_ID\b/);
    expect(planJob.env.ARM_CLIENT_ID).toBe("${{ vars.AZURE_PLAN_CLIENT_ID }}");
    expect(Object.keys(planJob.env).filter((k) => k.startsWith("TF_VAR_"))).toEqual([]);
  });

  test("the deploy job runs on main only, in the GitHub environment of its name, as that environment's deploy identity", () => {
    const deploy = workflow.jobs.deploy;
    expect(deploy.if).toBe(
      "needs.environments.outputs.environments != '[]' && github.event_name != 'pull_request' && github.ref == 'refs/heads/main'",
    );
    expect(deploy).toMatchObject({
      uses: "./.github/workflows/cdktf-deploy.yml",
      secrets: "inherit",
      needs: ["environments", "plan"],
    });
    expect(deployJob.environment).toBe("${{ inputs.environment }}");
    expect(deployJob.env.ARM_CLIENT_ID).toBe("${{ vars.AZURE_DEPLOY_CLIENT_ID }}");
    // Every secret it reads is read inside that job (so only after the environment admitted it).
    expect(Object.keys((deployFile.doc as Obj).jobs)).toEqual(["deploy"]);
    expect(deployFile.text.match(/secrets\.[A-Z_]+/g)!.length).toBeGreaterThanOrEqual(15);
  });

  test("the drift check never runs on pull requests and holds the plan identity only", () => {
    expect(Object.keys((driftFile.doc as Obj).on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(driftFile.text).not.toMatch(/\$\{\{\s*secrets\.|AZURE_DEPLOY_CLIENT_ID/);
    const jobs = (driftFile.doc as Obj).jobs as Record<string, Obj>;
    for (const job of Object.values(jobs)) expect(job.environment).toBeUndefined();
    expect(jobs.check.env.ARM_CLIENT_ID).toBe("${{ vars.AZURE_PLAN_CLIENT_ID }}");
    // The job that writes issues cannot sign in to Azure, and the one that signs in cannot write issues.
    expect(jobs.report.permissions).toEqual({ issues: "write" });
    expect(jobs.check.permissions).toEqual({ contents: "read", "id-token": "write" });
  });
});

describe("GitHub: the deploy applies the approved plan of the same commit", () => {
  test("the plan publishes, and the deploy downloads, the artifact named by environment and commit, from this run", () => {
    const upload = (planJob.steps as Obj[]).find((s) => String(s.uses).startsWith("actions/upload-artifact@"))!;
    const download = (deployJob.steps as Obj[]).find((s) => String(s.uses).startsWith("actions/download-artifact@"))!;
    expect(upload.with.name).toBe("plan-${{ inputs.environment }}-${{ github.sha }}");
    expect(download.with).toEqual({ name: upload.with.name, path: "${{ runner.temp }}/approved" });
    expect(stepNamed(planJob, "Plan summary").run).toMatch(
      /printf '\{"commit":"%s","environment":"%s","run":"%s"\}\\n' "\$GITHUB_SHA" "\$ENVIRONMENT"/,
    );
    expect(stepNamed(deployJob, "Put the approved stack").run).toMatch(
      /check-approval "\$approved\/approved-for.json" --commit "\$GITHUB_SHA" --environment "\$ENVIRONMENT"/,
    );
  });

  test("the plan file never leaves the plan job; only the masked changes, the stack and the lock file do", () => {
    const summary = stepNamed(planJob, "Plan summary").run as string;
    expect(summary).toMatch(
      /terraform show -json "\$RUNNER_TEMP\/tfplan" \| npm run --silent pipeline:plan-json -- redact > "\$out\/approved-plan.json"/,
    );
    expect(summary).not.toMatch(/cp [^\n]*tfplan/);
    expect(stepNamed(planJob, "terraform plan").run).toMatch(/-out="\$RUNNER_TEMP\/tfplan"/);
  });

  test("the deploy compares its own plan with the approved one in the step that makes it, and applies exactly that plan file", () => {
    const plan = stepNamed(deployJob, "terraform plan").run as string;
    expect(plan).toMatch(
      /terraform plan [^\n]*-out="\$RUNNER_TEMP\/deploy.tfplan"\n[^\n]*terraform show -json "\$RUNNER_TEMP\/deploy.tfplan" \| npm run --silent pipeline:plan-json -- compare "\$RUNNER_TEMP\/approved\/approved-plan.json" --runner-ip "\$RUNNER_IP"/,
    );
    const apply = stepNamed(deployJob, "terraform apply (");
    expect(apply.run).toBe('terraform apply -input=false -lock-timeout="$LOCK_TIMEOUT" "$RUNNER_TEMP/deploy.tfplan"');
    expect(apply.if).toBe("${{ !inputs.refresh-state }}");
    expect((deployJob.steps as Obj[]).indexOf(apply)).toBe(
      (deployJob.steps as Obj[]).indexOf(stepNamed(deployJob, "terraform plan")) + 1,
    );
    expect(stepNamed(deployJob, "terraform init").run).toBe("terraform init -input=false -lockfile=readonly");
  });
});

describe("locking and concurrency", () => {
  test("every plan and apply waits for the state lock, except the read-only plans, which take none", () => {
    const readOnly = [planFile, driftFile, file("pipelines/plan-steps.yml"), file("pipelines/drift-steps.yml")].map(
      (f) => f.path,
    );
    const commands = files.flatMap((f) =>
      stepsOf(f.doc).flatMap(({ step }) => terraformCommands(scriptOf(step) ?? "").map((c) => ({ path: f.path, c }))),
    );
    expect(commands.length).toBeGreaterThanOrEqual(10);
    for (const { path, c } of commands) {
      if (readOnly.includes(path))
        expect([path, c]).toEqual([path, expect.stringMatching(/^terraform plan .*-lock=false/)]);
      else expect([path, c]).toEqual([path, expect.stringMatching(/-lock-timeout="\$LOCK_TIMEOUT"/)]);
    }
    expect(terraformCommands("terraform plan \\\n  -lock=false -out=x")).toEqual(["terraform plan -lock=false -out=x"]);
  });

  test("on main, the plan and the deploy of one environment share one concurrency group; a deploy is never cancelled", () => {
    const group = planJob.concurrency.group as string;
    const [, pr, main] =
      /^\$\{\{ github\.event_name == 'pull_request' && (format\([^)]*\)) \|\| (format\([^)]*\)) \}\}$/.exec(group) ??
      [];
    const evaluate = (format: string, environment: string) => {
      const [, template, ...args] = /^format\('([^']*)'((?:, [\w.]+)*)\)$/.exec(format)!;
      const values = args
        .join("")
        .split(", ")
        .filter(Boolean)
        .map((a) => (a === "inputs.environment" ? environment : `<${a}>`));
      return template.replace(/\{(\d)\}/g, (_, i) => values[Number(i)]);
    };
    expect(evaluate(main, "prod")).toBe(deployJob.concurrency.group.replace("${{ inputs.environment }}", "prod"));
    expect(evaluate(pr, "prod")).toBe("dmflow-pr-<github.ref>-prod");
    expect(deployJob.concurrency["cancel-in-progress"]).toBe(false);
    expect(planJob.concurrency["cancel-in-progress"]).toBe("${{ github.event_name == 'pull_request' }}");
    // The drift check waits in its own group: it must not replace a waiting plan or deploy.
    expect((driftFile.doc as Obj).jobs.check.concurrency.group).toBe("dmflow-drift-${{ matrix.environment }}");
  });

  test("Azure DevOps: main's runs are batched, one deploy per environment at a time behind an exclusive lock", () => {
    expect(ado.trigger.batch).toBe(true);
    const deployStages = Object.values(
      ado.stages.find((s: Obj) => Object.keys(s)[0].startsWith("${{ each environment"))!,
    )[0] as Obj[];
    expect(deployStages[0]).toMatchObject({ lockBehavior: "sequential" });
    expect(deployStages[0].jobs[0]).toMatchObject({ deployment: "deploy", environment: "dmflow-${{ environment }}" });
  });
});

describe("Azure DevOps: the same boundaries", () => {
  // A stage may sit inside `${{ if … }}` (Plan and Drift exist only when there is an environment).
  const stages = () =>
    (ado.stages as Obj[]).flatMap((s: Obj) =>
      Object.keys(s)[0].startsWith("${{ if ") ? (Object.values(s)[0] as Obj[]) : [s],
    );
  const stage = (name: string) => stages().find((s: Obj) => s.stage === name) as Obj;
  const eachJobs = (s: Obj) => Object.values(s.jobs[0])[0] as Obj[];
  const deployStage = () =>
    (Object.values(ado.stages.find((s: Obj) => Object.keys(s)[0].startsWith("${{ each environment"))!)[0] as Obj[])[0];

  test("pull-request plans use the plan service connection and load no variable group", () => {
    expect(stage("Plan").condition).toBe("and(succeeded(), ne(variables['Build.Reason'], 'Schedule'))");
    for (const s of [stage("Plan"), stage("Drift")]) {
      const [job] = eachJobs(s);
      expect(job.variables).toBeUndefined();
      expect(job.steps[0].parameters.serviceConnection).toBe("${{ parameters.planServiceConnection }}");
    }
    for (const path of ["pipelines/plan-steps.yml", "pipelines/drift-steps.yml"])
      expect(file(path).text).not.toMatch(/TF_VAR_|\$\((FLOW|DIRECTORY)_/);
  });

  test("the deploy stage never runs for a pull request or a schedule, runs on main, and alone holds the environment's secrets and deploy connection", () => {
    const deploy = deployStage();
    expect(deploy.condition).toBe(
      "and(succeeded(), ne(variables['Build.Reason'], 'PullRequest'), ne(variables['Build.Reason'], 'Schedule'), eq(variables['Build.SourceBranch'], 'refs/heads/main'))",
    );
    const job = deploy.jobs[0];
    expect(job.variables).toEqual([{ group: "dmflow-${{ environment }}" }]);
    expect(JSON.stringify(job.strategy)).toMatch(
      /"serviceConnection":"\$\{\{ parameters.deployServiceConnectionPrefix \}\}-\$\{\{ environment \}\}"/,
    );
    expect(file("pipelines/azure-pipelines.yml").text.match(/- group: /g)).toHaveLength(1);
    expect(stage("Drift").condition).toBe("eq(variables['Build.Reason'], 'Schedule')");
    expect(ado.schedules[0]).toMatchObject({ branches: { include: ["main"] }, always: true });
  });

  test("the deploy downloads this run's plan artifact, checks its commit, and applies only the compared plan", () => {
    const plan = file("pipelines/plan-steps.yml").doc as Obj;
    const deploy = file("pipelines/deploy-steps.yml").doc as Obj;
    expect(plan.steps.find((s: Obj) => s.publish)).toMatchObject({ artifact: "plan-${{ parameters.environment }}" });
    expect(deploy.steps.find((s: Obj) => s.download)).toMatchObject({
      download: "current",
      artifact: "plan-${{ parameters.environment }}",
    });
    expect(deploy.steps.find((s: Obj) => /check-approval/.test(s.bash ?? "")).bash).toMatch(
      /--commit "\$\(Build.SourceVersion\)" --environment "\$ENVIRONMENT"/,
    );
    const script = deploy.steps.find(
      (s: Obj) => s.parameters?.displayName === "terraform apply ${{ parameters.environment }}",
    ).parameters.script as string;
    expect(script).toMatch(
      /terraform plan [^\n]*-out="\$\(Agent.TempDirectory\)\/deploy.tfplan"\n\s*terraform show -json "\$\(Agent.TempDirectory\)\/deploy.tfplan" \| npm run --silent pipeline:plan-json -- compare [^\n]*\n\s*terraform apply [^\n]*"\$\(Agent.TempDirectory\)\/deploy.tfplan"/,
    );
  });
});

describe("caches", () => {
  test("the deploy job restores no cache; plans and drift checks share the provider cache", () => {
    expect(deployFile.text).not.toMatch(/actions\/cache|cache: npm|TF_PLUGIN_CACHE_DIR/);
    expect(
      (deployJob.steps as Obj[]).find((s) => String(s.uses).startsWith("actions/setup-node@"))!.with[
        "package-manager-cache"
      ],
    ).toBe(false);
    for (const f of [planFile, driftFile]) {
      expect(f.text).toMatch(/TF_PLUGIN_CACHE_DIR=\$RUNNER_TEMP\/terraform-plugin-cache/);
      expect(f.text).toMatch(
        /uses: actions\/cache@[0-9a-f]{40} # v5\.0\.5\n\s+with:\n\s+path: \$\{\{ runner.temp \}\}\/terraform-plugin-cache/,
      );
    }
  });
});
