import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvironments } from "../../constructs/app/config-loader";
import { DEPLOY_ASSIGNABLE_ROLES } from "../../constructs/app/deploy-roles";
import { file, npmCalls, pipelineFiles, ROOT, scriptOf, stepsOf } from "./pipeline-files";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { listEnvironments } = require("../../scripts/pipeline/environments.js") as { listEnvironments: (dir: string) => string[] };

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
const files = pipelineFiles();
const workflow = file(".github/workflows/pipeline.yml").doc as Obj;
const stackWorkflow = file(".github/workflows/cdktf-stack.yml").doc as Obj;
const adoPipeline = file("pipelines/azure-pipelines.yml").doc as Obj;
const adoSteps = file("pipelines/cdktf-stack-steps.yml").doc as Obj;
const stackSteps = stackWorkflow.jobs.stack.steps as Obj[];
const stepNamed = (name: string) => {
  const step = stackSteps.find((s) => s.name === name);
  if (!step) throw new Error(`cdktf-stack.yml has no step "${name}"`);
  return step;
};
const indexOf = (name: string) => stackSteps.findIndex((s) => s.name === name);
/** The Azure DevOps task that runs cdktf. */
const adoTerraformTask = () => stepsOf(adoSteps).map(({ step }) => step as Obj).find((s) => String(s.displayName).startsWith("cdktf "))!;

/** npm commands that are npm's own and need no package.json script. */
const NPM_BUILTINS = new Set(["ci", "install", "pkg", "view", "ls", "config"]);
/** npm commands that run the package.json script of the same name. */
const NPM_LIFECYCLE = new Set(["test", "start", "stop", "restart"]);

describe("pipeline files", () => {
  test("every workflow and pipeline file parses as YAML", () => {
    expect(files.map((f) => f.path)).toEqual([
      ".github/workflows/cdktf-stack.yml",
      ".github/workflows/pipeline.yml",
      "pipelines/azure-pipelines.yml",
      "pipelines/cdktf-stack-steps.yml",
    ]);
    for (const f of files) expect(typeof f.doc).toBe("object");
  });

  test("each step's npm commands are scripts that exist in package.json", () => {
    const problems: string[] = [];
    let calls = 0;
    for (const f of files) {
      for (const { where, step } of stepsOf(f.doc)) {
        for (const call of npmCalls(scriptOf(step) ?? "")) {
          calls++;
          const isScript = call.isRun || NPM_LIFECYCLE.has(call.name);
          if (isScript && !(call.name in scripts) && !call.ifPresent) problems.push(`${f.path} ${where}: "${call.line}" runs a script package.json does not have`);
          if (!isScript && !NPM_BUILTINS.has(call.name)) problems.push(`${f.path} ${where}: "${call.line}" is not an npm command this check knows`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(20);
  });

  test("the npm-script check catches a script that does not exist", () => {
    const [call] = npmCalls("npm run --silent no-such-script -- example");
    expect(call).toMatchObject({ name: "no-such-script", isRun: true, ifPresent: false });
    expect(call.name in scripts).toBe(false);
    expect(npmCalls("npm run build:relay --if-present")[0]).toMatchObject({ name: "build:relay", ifPresent: true });
    expect(npmCalls("echo x && npm test")[0]).toMatchObject({ name: "test", isRun: false });
  });

  test("cdktf and terraform run only through npm scripts, so the pipelines and package.json cannot drift apart", () => {
    const direct = files.flatMap((f) =>
      stepsOf(f.doc).flatMap(({ where, step }) =>
        (scriptOf(step) ?? "").split("\n").filter((l) => /^\s*(npx|cdktf|terraform)\s/.test(l)).map((l) => `${f.path} ${where}: ${l.trim()}`),
      ),
    );
    expect(direct).toEqual([]);
    for (const name of ["synth", "diff", "deploy", "pipeline:config", "pipeline:key-vaults", "pipeline:plan-summary"]) {
      for (const text of [file(".github/workflows/cdktf-stack.yml").text, file("pipelines/cdktf-stack-steps.yml").text]) {
        expect(text).toMatch(new RegExp(`npm run (--silent )?${name}\\b`));
      }
    }
  });
});

describe("pinning", () => {
  test("every action is pinned to a full commit SHA with its version in a comment", () => {
    const uses = files.filter((f) => f.kind === "github").flatMap((f) => stepsOf(f.doc).map(({ step }) => step.uses).filter((u): u is string => typeof u === "string").map((u) => ({ f, u })));
    expect(uses.length).toBeGreaterThanOrEqual(8);
    for (const { f, u } of uses) {
      expect(u).toMatch(/^[\w.-]+\/[\w.\/-]+@[0-9a-f]{40}$/);
      expect(f.text).toMatch(new RegExp(`${u.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} # v\\d+\\.\\d+\\.\\d+`));
    }
    // Jobs call only the reusable workflow in this repository.
    for (const job of Object.values(workflow.jobs as Record<string, Obj>)) {
      if (job.uses !== undefined) expect(job.uses).toBe("./.github/workflows/cdktf-stack.yml");
    }
  });

  test("the pin check rejects a tag", () => {
    expect("actions/checkout@v4").not.toMatch(/^[\w.-]+\/[\w.\/-]+@[0-9a-f]{40}$/);
  });

  test("Terraform is installed at one exact version in both pipelines", () => {
    const version = stackWorkflow.env.TERRAFORM_VERSION;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const setup = stackSteps.filter((s) => String(s.uses).startsWith("hashicorp/setup-terraform@"));
    expect(setup).toHaveLength(1);
    expect(setup[0].with).toEqual({ terraform_version: "${{ env.TERRAFORM_VERSION }}", terraform_wrapper: false });
    expect(String(adoPipeline.variables.TERRAFORM_VERSION)).toBe(version);
    const install = stepsOf(adoSteps).find(({ step }) => /Install Terraform/.test(String(step.displayName)))!.step;
    expect(install.bash).toMatch(/SHA256SUMS/);
    expect(install.bash).toMatch(/sha256sum -c/);
  });

  test("Azure DevOps tasks are pinned to a major version", () => {
    const tasks = files.filter((f) => f.kind === "azure-devops").flatMap((f) => stepsOf(f.doc).map(({ step }) => step.task).filter((t) => t !== undefined));
    expect(tasks.length).toBeGreaterThanOrEqual(4);
    for (const task of tasks) expect(task).toMatch(/^[A-Za-z]+@\d+$/);
  });
});

describe("sign-in", () => {
  test("Azure sign-in is OIDC: ARM_USE_OIDC and the three ids, never a client secret", () => {
    for (const f of files) expect(f.text).not.toMatch(/client-secret|ARM_CLIENT_SECRET|AZURE_CREDENTIALS|creds:/i);
    expect(stackWorkflow.jobs.stack.env).toMatchObject({
      ARM_USE_OIDC: "true",
      ARM_CLIENT_ID: "${{ vars.AZURE_CLIENT_ID }}",
      ARM_TENANT_ID: "${{ vars.AZURE_TENANT_ID }}",
      ARM_SUBSCRIPTION_ID: "${{ vars.AZURE_SUBSCRIPTION_ID }}",
      ARM_RESOURCE_PROVIDER_REGISTRATIONS: "none",
    });
    const logins = stackSteps.filter((s) => String(s.uses).startsWith("azure/login@"));
    expect(logins).toHaveLength(2);
    for (const login of logins) expect(Object.keys(login.with).sort()).toEqual(["client-id", "subscription-id", "tenant-id"]);
    // The second sign-in, for closing the firewall after a long deploy, runs whatever happened.
    expect(logins[1].if).toBe("always() && steps.open.outcome != 'skipped'");
    expect(stackSteps.indexOf(logins[1])).toBe(indexOf("Close the Key Vault firewall again") - 1);
    for (const job of ["plan", "deploy"]) expect(workflow.jobs[job].permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(workflow.permissions).toEqual({ contents: "read" });
    const cli = stepsOf(adoSteps).filter(({ step }) => step.task === "AzureCLI@2").map(({ step }) => step as Obj);
    expect(cli[0].inputs.addSpnToEnvironment).toBe(true);
    expect(cli[0].inputs.inlineScript).toMatch(/export ARM_RESOURCE_PROVIDER_REGISTRATIONS=none/);
    expect(cli[0].inputs.inlineScript).toMatch(/ARM_USE_OIDC=true ARM_CLIENT_ID="\$servicePrincipalId" ARM_TENANT_ID="\$tenantId"/);
    // A refreshing token: $idToken lasts 10 minutes, shorter than a deploy can take.
    expect(cli[0].inputs.inlineScript).toMatch(/ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID="\$\{AZURESUBSCRIPTION_SERVICE_CONNECTION_ID/);
    expect(cli[0].inputs.inlineScript).not.toMatch(/ARM_OIDC_TOKEN|idToken/);
    expect(cli[0].env).toMatchObject({ SYSTEM_ACCESSTOKEN: "$(System.AccessToken)", SYSTEM_OIDCREQUESTURI: "$(System.OidcRequestUri)" });
  });
});

describe("stages", () => {
  test("a pull request is tested and planned per environment, with the plan summary posted on it", () => {
    expect(workflow.on.pull_request).toEqual({ branches: ["main"] });
    expect(workflow.jobs.test.steps.map((s: Obj) => s.run).filter(Boolean)).toEqual(["npm ci --no-audit --no-fund", "npm test"]);
    expect(workflow.jobs.plan).toMatchObject({ needs: ["test", "environments"], with: { command: "diff", environment: "${{ matrix.environment }}" } });
    expect(workflow.jobs.plan.if).toMatch(/github.event_name == 'pull_request'/);
    expect(workflow.jobs.comment.permissions).toEqual({ "pull-requests": "write" });
    expect(JSON.stringify(workflow.jobs.comment.steps)).toMatch(/updateComment[\s\S]*createComment/);
    expect(stepNamed("cdktf diff").run).toMatch(/npm run diff -- "\$ENVIRONMENT" --skip-synth/);
    expect(stepNamed("Plan summary").run).toMatch(/pipeline:plan-summary[\s\S]*GITHUB_STEP_SUMMARY/);
  });

  test("main deploys every environment in order, one at a time, with --auto-approve", () => {
    expect(workflow.on.push).toEqual({ branches: ["main"] });
    const deploy = workflow.jobs.deploy;
    expect(deploy.if).toMatch(/github.ref == 'refs\/heads\/main'/);
    expect(deploy.strategy).toMatchObject({ "max-parallel": 1, "fail-fast": true });
    expect(deploy.with).toEqual({ environment: "${{ matrix.environment }}", command: "deploy" });
    expect(stepNamed("cdktf deploy").run).toBe('npm run deploy -- "$ENVIRONMENT" --skip-synth --auto-approve');
  });

  test("deploys run in the GitHub environment of the same name and never overlap per environment", () => {
    const job = stackWorkflow.jobs.stack;
    expect(job.environment).toBe("${{ inputs.command == 'deploy' && inputs.environment || '' }}");
    expect(job.concurrency.group).toMatch(/^dmflow-\$\{\{ inputs.command \}\}-\$\{\{ inputs.environment \}\}/);
    expect(job.concurrency["cancel-in-progress"]).toBe("${{ inputs.command == 'diff' }}");
  });

  test("Azure DevOps: the same stages, deployments through environments with approvals", () => {
    const stages = adoPipeline.stages as Obj[];
    expect(stages[0].stage).toBe("Test");
    const each = stages.find((s) => Object.keys(s)[0].startsWith("${{ each environment in parameters.environments"))!;
    const deployStage = (Object.values(each)[0] as Obj[])[0];
    expect(deployStage.condition).toMatch(/eq\(variables\['Build.SourceBranch'\], 'refs\/heads\/main'\)/);
    expect(deployStage.jobs[0]).toMatchObject({ deployment: "deploy", environment: "dmflow-${{ environment }}" });
    expect(JSON.stringify(deployStage.jobs[0].strategy)).toMatch(/"command":"deploy"/);
    const plan = stages.find((s) => s.stage === "Plan")!;
    expect(plan.condition).toMatch(/eq\(variables\['Build.Reason'\], 'PullRequest'\)/);
    expect(adoSteps.parameters.find((p: Obj) => p.name === "command").values).toEqual(["diff", "deploy"]);
    expect(adoTerraformTask().task).toBe("AzureCLI@2");
    expect(adoTerraformTask().inputs.inlineScript).toMatch(/npm run deploy -- "\$ENVIRONMENT" --skip-synth --auto-approve/);
  });
});

describe("Key Vault firewall", () => {
  test("the runner is allowed for the run only: in the applied config and on the live vault, and always removed", () => {
    const config = indexOf("Synthesize with the runner allowed through the Key Vault firewall");
    const open = indexOf("Open the Key Vault firewall to this runner");
    const close = indexOf("Close the Key Vault firewall again");
    expect(stackSteps[config].run).toMatch(/npm run pipeline:config -- --allow-ip "\$RUNNER_IP"[\s\S]*npm run synth/);
    expect(stackSteps[open].run).toMatch(/az keyvault network-rule add --name "\$vault" --ip-address "\$RUNNER_IP\/32"/);
    expect(stackSteps[close].run).toMatch(/az keyvault network-rule remove --name "\$vault" --ip-address "\$RUNNER_IP\/32"/);
    expect(stackSteps[close].if).toMatch(/^always\(\)/);
    for (const terraformStep of [indexOf("cdktf diff"), indexOf("cdktf deploy")]) {
      expect(config).toBeLessThan(open);
      expect(open).toBeLessThan(terraformStep);
      expect(terraformStep).toBeLessThan(close);
    }
    const ado = stepsOf(adoSteps).map(({ step }) => step as Obj);
    expect(adoTerraformTask().inputs.inlineScript).toMatch(/trap close EXIT[\s\S]*az keyvault network-rule add[\s\S]*npm run deploy/);
    expect(ado[ado.length - 1]).toMatchObject({ displayName: "Close the Key Vault firewall again", condition: "and(always(), ne(variables['RUNNER_IP'], ''))" });
  });

  test("no rule ever allows every address", () => {
    for (const f of files) expect(f.text).not.toMatch(/0\.0\.0\.0|default-action Allow|--default-action/i);
  });
});

/** Synthesizes the real app (cdktf.json's command) on a copy of config/ plus extra environments. */
function synthApp(extra: string[], configs: Record<string, Obj> = {}): { stacks: string[]; stack: (name: string) => Obj; outdir: string } {
  const dir = mkdtempSync(join(tmpdir(), "dmflow-app-"));
  mkdirSync(join(dir, "config"));
  for (const f of readdirSync(join(ROOT, "config"))) copyFileSync(join(ROOT, "config", f), join(dir, "config", f));
  for (const name of extra) copyFileSync(join(ROOT, "config", "example.json"), join(dir, "config", `${name}.json`));
  for (const [name, config] of Object.entries(configs)) writeFileSync(join(dir, "config", `${name}.json`), JSON.stringify(config));
  const outdir = join(dir, "cdktf.out");
  execFileSync(process.execPath, [join(ROOT, "scripts", "app.js")], { cwd: ROOT, env: { ...process.env, DMFLOW_CONFIG_DIR: join(dir, "config"), CDKTF_OUTDIR: outdir }, stdio: "pipe" });
  return {
    stacks: readdirSync(join(outdir, "stacks")).sort(),
    stack: (name) => JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as Obj,
    outdir,
  };
}

describe("flow URL secrets", () => {
  const variableNames = (): string[] => {
    const names = new Set<string>(["flow_request_url_create_user"]);
    for (const env of loadEnvironments(join(ROOT, "config"))) {
      const routes = ((env.config as Obj).flowEnvironment?.routes ?? {}) as Record<string, Obj>;
      for (const [key, route] of Object.entries(routes)) {
        if (route.flowRequestUrl?.source === "variable") names.add(`flow_request_url_${key.replace(/-/g, "_")}`);
      }
    }
    return [...names].sort();
  };

  test("each variable-sourced route's URL reaches Terraform as TF_VAR_flow_request_url_<route> from a secret, only where Terraform runs", () => {
    const names = variableNames();
    for (const step of [stepNamed("cdktf diff"), stepNamed("cdktf deploy")]) {
      for (const name of names) expect(step.env[`TF_VAR_${name}`]).toBe(`\${{ secrets.${name.toUpperCase()} }}`);
    }
    const terraformSteps = stackSteps.filter((s) => Object.keys(s.env ?? {}).some((k) => k.startsWith("TF_VAR_")));
    expect(terraformSteps.map((s) => s.name)).toEqual(["cdktf diff", "cdktf deploy"]);
    expect(Object.keys(stackWorkflow.jobs.stack.env).filter((k) => k.startsWith("TF_VAR_"))).toEqual([]);
    const ado = stepsOf(adoSteps).map(({ step }) => step as Obj).filter((s) => Object.keys(s.env ?? {}).some((k) => k.startsWith("TF_VAR_")));
    expect(ado).toHaveLength(1);
    for (const name of names) expect(ado[0].env[`TF_VAR_${name}`]).toBe(`$(${name.toUpperCase()})`);
  });

  test("every sensitive variable the synthesized stacks need is passed by both pipelines, from the secret of the same name", () => {
    // One more environment with every optional secret on: the relay's decisions credentials.
    const example = JSON.parse(readFileSync(join(ROOT, "config", "example.json"), "utf8")) as Obj;
    const decide = { ...example, relay: { ...example.relay, decisions: { ...example.relay?.decisions, enabled: true, credentialsSource: "variables" } } };
    const { stacks, stack } = synthApp([], { decide });
    const needed = new Set<string>();
    for (const name of stacks) {
      for (const [variable, spec] of Object.entries((stack(name).variable ?? {}) as Record<string, Obj>)) if (spec.sensitive && !("default" in spec)) needed.add(variable);
    }
    expect([...needed]).toEqual(expect.arrayContaining(["flow_request_url_create_user", "directory_manager_password"]));
    const ado = stepsOf(adoSteps).map(({ step }) => step as Obj).find((s) => String(s.displayName).startsWith("cdktf "))!;
    for (const variable of needed) {
      expect(stepNamed("cdktf deploy").env[`TF_VAR_${variable}`]).toBe(`\${{ secrets.${variable.toUpperCase()} }}`);
      expect(stepNamed("cdktf diff").env[`TF_VAR_${variable}`]).toBe(`\${{ secrets.${variable.toUpperCase()} }}`);
      expect(ado.env[`TF_VAR_${variable}`]).toBe(`$(${variable.toUpperCase()})`);
    }
  });

  test("the pipeline may assign every role the synthesized stacks assign (the bootstrap's condition lists them)", () => {
    const example = JSON.parse(readFileSync(join(ROOT, "config", "example.json"), "utf8")) as Obj;
    const decide = { ...example, relay: { ...example.relay, decisions: { ...example.relay?.decisions, enabled: true } } };
    const { stacks, stack } = synthApp([], { decide });
    const roles = new Set<string>();
    for (const name of stacks) {
      for (const assignment of Object.values((stack(name).resource?.azurerm_role_assignment ?? {}) as Record<string, Obj>)) {
        expect(assignment.role_definition_name).toEqual(expect.any(String));
        roles.add(assignment.role_definition_name);
      }
    }
    expect(roles.size).toBeGreaterThan(3);
    expect([...roles].filter((r) => !(r in DEPLOY_ASSIGNABLE_ROLES))).toEqual([]);
  });

  test("no script prints, writes or reads a TF_VAR value", () => {
    for (const f of files) {
      for (const { step } of stepsOf(f.doc)) expect(scriptOf(step) ?? "").not.toMatch(/TF_VAR_|set -x|printenv|\benv\s*$/m);
    }
  });
});

describe("environments follow config/*.json", () => {
  const withExtraConfigs = (extra: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), "dmflow-config-"));
    for (const f of readdirSync(join(ROOT, "config"))) copyFileSync(join(ROOT, "config", f), join(dir, f));
    for (const name of extra) copyFileSync(join(ROOT, "config", "example.json"), join(dir, `${name}.json`));
    return dir;
  };

  test("a new config/prod.json joins the matrix (last) and the app's stacks, with no workflow edit", () => {
    const dir = withExtraConfigs(["prod", "dev"]);
    const listed = JSON.parse(execFileSync(process.execPath, [join(ROOT, "scripts", "pipeline", "environments.js")], { env: { ...process.env, DMFLOW_CONFIG_DIR: dir } }).toString());
    expect(listed[listed.length - 1]).toBe("prod");
    expect(listed).toContain("dev");
    expect([...listed].sort()).toEqual(loadEnvironments(dir).map((e) => e.name).sort());
    for (const job of ["plan", "deploy"]) expect(workflow.jobs[job].strategy.matrix.environment).toBe("${{ fromJSON(needs.environments.outputs.environments) }}");
    expect(workflow.jobs.environments.steps.at(-1).run).toBe('echo "environments=$(npm run --silent pipeline:environments)" >> "$GITHUB_OUTPUT"');
    const names = loadEnvironments(join(ROOT, "config")).map((e) => e.name);
    for (const f of files.filter((x) => x.kind === "github")) for (const name of names) expect(f.text).not.toMatch(new RegExp(`\\b${name}\\b`));
  });

  test("the app synthesizes the new prod stack, and the pipeline finds its Key Vault", () => {
    const { stacks, outdir } = synthApp(["prod"]);
    expect(stacks).toEqual(["example", "prod"]);
    const vaults = execFileSync(process.execPath, [join(ROOT, "scripts", "pipeline", "key-vaults.js"), "prod", outdir]).toString().trim();
    expect(vaults).toBe("dmflow-prod-kv");
  });

  test("production sorts last; a bad file name is refused with the rule", () => {
    const dir = withExtraConfigs(["prod", "staging", "dev"]);
    expect(listEnvironments(dir).slice(-1)).toEqual(["prod"]);
    writeFileSync(join(dir, "Bad_Name.json"), "{}");
    expect(() => listEnvironments(dir)).toThrow(/Bad_Name\.json: a config file name gives the environment name; expected 1-20 lower-case letters/);
  });

  test("Azure DevOps lists the same environments as config/*.json, in deploy order", () => {
    const parameter = (adoPipeline.parameters as Obj[]).find((p) => p.name === "environments")!;
    expect(parameter.default).toEqual(listEnvironments(join(ROOT, "config")));
  });
});
