import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadEnvironments } from "../../constructs/app/config-loader";
import { DEPLOY_ASSIGNABLE_ROLES } from "../../constructs/pipeline/deploy-roles";
import { parse } from "yaml";
import { envOf, file, npmCalls, pipelineFiles, ROOT, scriptOf, stepsOf } from "./pipeline-files";
import { uniqueSuffixOf } from "../../constructs/naming/unique-suffix";
import { makeTempDir } from "../support/temp-dirs";
const { listEnvironments } = require("../../scripts/pipeline/environments.js") as {
  listEnvironments: (dir: string) => string[];
};

type Obj = Record<string, any>;
const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> })
  .scripts;
const files = pipelineFiles();
const workflow = file(".github/workflows/pipeline.yml").doc as Obj;
const planJob = (file(".github/workflows/cdktf-plan.yml").doc as Obj).jobs.plan as Obj;
const deployJob = (file(".github/workflows/cdktf-deploy.yml").doc as Obj).jobs.deploy as Obj;
const adoPipeline = file("pipelines/azure-pipelines.yml").doc as Obj;
/** A step of a job by name (or by the start of its name). */
const stepOf = (job: Obj, name: string): Obj => {
  const step = (job.steps as Obj[]).find((s) => String(s.name ?? "").startsWith(name));
  if (!step) throw new Error(`no step "${name}"`);
  return step;
};
const indexOf = (job: Obj, name: string) =>
  (job.steps as Obj[]).findIndex((s) => String(s.name ?? "").startsWith(name));
/** Every step of the Azure DevOps templates, by file. */
const adoSteps = (path: string) => stepsOf(file(path).doc).map(({ step }) => step as Obj);
const adoStepNamed = (path: string, name: string) => {
  const step = adoSteps(path).find((s) => String(s.displayName ?? s.parameters?.displayName ?? "").startsWith(name));
  if (!step) throw new Error(`${path} has no step "${name}"`);
  return step;
};

/** npm commands that are npm's own and need no package.json script. */
const NPM_BUILTINS = new Set(["ci", "install", "pkg", "view", "ls", "config"]);
/** npm commands that run the package.json script of the same name. */
const NPM_LIFECYCLE = new Set(["test", "start", "stop", "restart"]);

describe("pipeline files", () => {
  test("every workflow and pipeline file parses as YAML", () => {
    expect(files.map((f) => f.path)).toEqual([
      ".github/workflows/cdktf-deploy.yml",
      ".github/workflows/cdktf-plan.yml",
      ".github/workflows/drift.yml",
      ".github/workflows/e2e.yml",
      ".github/workflows/pipeline.yml",
      "pipelines/azure-pipelines.yml",
      "pipelines/deploy-steps.yml",
      "pipelines/drift-steps.yml",
      "pipelines/e2e.yml",
      "pipelines/plan-steps.yml",
      "pipelines/terraform-task-steps.yml",
      "pipelines/tools-steps.yml",
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
          if (isScript && !(call.name in scripts) && !call.ifPresent)
            problems.push(`${f.path} ${where}: "${call.line}" runs a script package.json does not have`);
          if (!isScript && !NPM_BUILTINS.has(call.name))
            problems.push(`${f.path} ${where}: "${call.line}" is not an npm command this check knows`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(30);
  });

  test("the npm-script check catches a script that does not exist", () => {
    const [call] = npmCalls("npm run --silent no-such-script -- example");
    expect(call).toMatchObject({ name: "no-such-script", isRun: true, ifPresent: false });
    expect(call.name in scripts).toBe(false);
    expect(npmCalls("npm run build:relay --if-present")[0]).toMatchObject({ name: "build:relay", ifPresent: true });
    expect(npmCalls("echo x && npm test")[0]).toMatchObject({ name: "test", isRun: false });
  });

  test("cdktf runs only through npm scripts; terraform runs in the synthesized stack folder, never `cdktf deploy`", () => {
    const lines = files.flatMap((f) =>
      stepsOf(f.doc).flatMap(({ where, step }) =>
        (scriptOf(step) ?? "").split("\n").map((l) => ({ at: `${f.path} ${where}`, line: l.trim() })),
      ),
    );
    expect(lines.filter(({ line }) => /^(npx|cdktf)\s/.test(line))).toEqual([]);
    expect(
      lines.filter(({ line }) => /npm run (diff|deploy)\b|--auto-approve/.test(line) && !/-refresh-only/.test(line)),
    ).toEqual([]);
    const terraform = lines.filter(({ line }) => /^terraform\s/.test(line));
    expect(terraform.length).toBeGreaterThan(15);
    for (const name of ["synth", "pipeline:plan-summary", "pipeline:plan-json", "pipeline:placeholders"]) {
      for (const path of [".github/workflows/cdktf-plan.yml", "pipelines/plan-steps.yml"]) {
        const text = file(path).text + file("pipelines/tools-steps.yml").text;
        expect(text).toMatch(new RegExp(`npm run (--silent )?${name}\\b`));
      }
    }
  });
});

describe("pinning", () => {
  const uses = files
    .filter((f) => f.kind === "github")
    .flatMap((f) =>
      stepsOf(f.doc)
        .map(({ step }) => step.uses)
        .filter((u): u is string => typeof u === "string")
        .map((u) => ({ f, u })),
    );

  test("every action is pinned to a full commit SHA with its version in a comment", () => {
    expect(uses.length).toBeGreaterThanOrEqual(20);
    for (const { f, u } of uses) {
      expect(u).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(f.text).toMatch(new RegExp(`${u.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} # v\\d+\\.\\d+\\.\\d+`));
    }
    // Jobs call only the reusable workflows in this repository.
    for (const job of Object.values(workflow.jobs as Record<string, Obj>)) {
      if (job.uses !== undefined) expect(job.uses).toMatch(/^\.\/\.github\/workflows\/cdktf-(plan|deploy)\.yml$/);
    }
  });

  test("each action is pinned to one version everywhere, a release that runs on Node 24", () => {
    // The majors whose action.yml says `runs.using: node24` at the pinned commit (docs/pipeline.md).
    const NODE24 = {
      "actions/checkout": "v7.0.1",
      "actions/setup-node": "v7.0.0",
      "hashicorp/setup-terraform": "v4.0.1",
      "azure/login": "v3.0.1",
      "actions/upload-artifact": "v7.0.0",
      "actions/download-artifact": "v8.0.1",
      "actions/github-script": "v8.0.0",
      "actions/cache": "v5.0.5",
    } as Record<string, string>;
    const pins = new Map<string, Set<string>>();
    for (const { f, u } of uses) {
      const [action] = u.split("@");
      const version = new RegExp(`${u} # (v[\\d.]+)`).exec(f.text)![1];
      expect(NODE24[action]).toBe(version);
      pins.set(action, (pins.get(action) ?? new Set()).add(u));
    }
    for (const [action, shas] of pins) expect([action, shas.size]).toEqual([action, 1]);
    expect([...pins.keys()].sort()).toEqual(Object.keys(NODE24).sort());
  });

  test("the pin check rejects a tag", () => {
    expect("actions/checkout@v4").not.toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
  });

  test("Terraform is installed at one exact version in both pipelines", () => {
    const versions = files
      .filter((f) => f.kind === "github")
      .map((f) => (f.doc.env as Obj)?.TERRAFORM_VERSION)
      .filter(Boolean);
    expect(new Set(versions).size).toBe(1);
    const [version] = versions;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const setups = files
      .flatMap((f) => stepsOf(f.doc).map(({ step }) => step as Obj))
      .filter((s) => String(s.uses).startsWith("hashicorp/setup-terraform@"));
    expect(setups).toHaveLength(4);
    for (const setup of setups)
      expect(setup.with).toEqual({ terraform_version: "${{ env.TERRAFORM_VERSION }}", terraform_wrapper: false });
    expect(String(adoPipeline.variables.TERRAFORM_VERSION)).toBe(version);
    const install = adoStepNamed("pipelines/tools-steps.yml", "Install Terraform");
    expect(install.bash).toMatch(/SHA256SUMS/);
    expect(install.bash).toMatch(/sha256sum -c/);
  });

  test("Azure DevOps tasks are pinned to a major version", () => {
    const tasks = files
      .filter((f) => f.kind === "azure-devops")
      .flatMap((f) =>
        stepsOf(f.doc)
          .map(({ step }) => step.task)
          .filter((t) => t !== undefined),
      );
    expect(tasks.length).toBeGreaterThanOrEqual(4);
    for (const task of tasks) expect(task).toMatch(/^[A-Za-z]+@\d+$/);
  });

  test("Dependabot keeps the action pins and the npm packages fresh, after a cooldown", () => {
    const dependabot = parse(readFileSync(join(ROOT, ".github", "dependabot.yml"), "utf8")) as Obj;
    expect(dependabot.version).toBe(2);
    const ecosystems = (dependabot.updates as Obj[]).map((u) => `${u["package-ecosystem"]} ${u.directory}`).sort();
    expect(ecosystems).toEqual(["github-actions /", "npm /"]);
    for (const update of dependabot.updates as Obj[]) expect(update.cooldown["default-days"]).toBeGreaterThanOrEqual(7);
  });
});

describe("sign-in", () => {
  test("Azure sign-in is OIDC: ARM_USE_OIDC and the ids, never a client secret", () => {
    for (const f of files) expect(f.text).not.toMatch(/client-secret|ARM_CLIENT_SECRET|AZURE_CREDENTIALS|creds:/i);
    const common = {
      ARM_USE_OIDC: "true",
      ARM_TENANT_ID: "${{ vars.AZURE_TENANT_ID }}",
      ARM_SUBSCRIPTION_ID: "${{ vars.AZURE_SUBSCRIPTION_ID }}",
      ARM_RESOURCE_PROVIDER_REGISTRATIONS: "none",
      CHECKPOINT_DISABLE: "1",
    };
    expect(planJob.env).toMatchObject({ ...common, ARM_CLIENT_ID: "${{ vars.AZURE_PLAN_CLIENT_ID }}" });
    expect(deployJob.env).toMatchObject({ ...common, ARM_CLIENT_ID: "${{ vars.AZURE_DEPLOY_CLIENT_ID }}" });
    const logins = (deployJob.steps as Obj[]).filter((s) => String(s.uses).startsWith("azure/login@"));
    expect(logins).toHaveLength(2);
    for (const login of logins)
      expect(login.with).toEqual({
        "client-id": "${{ vars.AZURE_DEPLOY_CLIENT_ID }}",
        "tenant-id": "${{ vars.AZURE_TENANT_ID }}",
        "subscription-id": "${{ vars.AZURE_SUBSCRIPTION_ID }}",
      });
    // The second sign-in, for closing the firewall after a long deploy, runs whatever happened.
    expect(logins[1].if).toBe("always() && steps.open.outcome != 'skipped'");
    expect((deployJob.steps as Obj[]).indexOf(logins[1])).toBe(
      indexOf(deployJob, "Close the Key Vault firewall again") - 1,
    );
    expect(workflow.permissions).toEqual({ contents: "read" });
    const cli = adoSteps("pipelines/terraform-task-steps.yml").find((s) => s.task === "AzureCLI@2")!;
    expect(cli.inputs.addSpnToEnvironment).toBe(true);
    expect(cli.inputs.inlineScript).toMatch(
      /ARM_USE_OIDC=true ARM_CLIENT_ID="\$servicePrincipalId" ARM_TENANT_ID="\$tenantId"/,
    );
    // A refreshing token: $idToken lasts 10 minutes, shorter than a deploy can take.
    expect(cli.inputs.inlineScript).toMatch(
      /ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID="\$\{AZURESUBSCRIPTION_SERVICE_CONNECTION_ID/,
    );
    expect(cli.inputs.inlineScript).not.toMatch(/ARM_OIDC_TOKEN|idToken/);
    expect(cli.env).toMatchObject({
      SYSTEM_ACCESSTOKEN: "$(System.AccessToken)",
      SYSTEM_OIDCREQUESTURI: "$(System.OidcRequestUri)",
    });
    expect(adoPipeline.variables).toMatchObject({
      ARM_RESOURCE_PROVIDER_REGISTRATIONS: "none",
      CHECKPOINT_DISABLE: "1",
    });
    // Every job that runs cdktf or Terraform: the test job (npm test synthesizes) and the drift check too.
    expect(workflow.env.CHECKPOINT_DISABLE).toBe("1");
    expect((file(".github/workflows/drift.yml").doc as Obj).jobs.check.env).toMatchObject({
      ...common,
      ARM_CLIENT_ID: "${{ vars.AZURE_PLAN_CLIENT_ID }}",
    });
  });
});

describe("Key Vault firewall", () => {
  test("the deploy runner is allowed for the run only: in the applied stack and on the live vault, and always removed", () => {
    const patch = indexOf(deployJob, "Allow the runner through the firewalls");
    const open = indexOf(deployJob, "Open the Key Vault firewall");
    const close = indexOf(deployJob, "Close the Key Vault firewall again");
    const steps = deployJob.steps as Obj[];
    expect(steps[patch].run).toMatch(
      /npm run --silent pipeline:runner-firewall -- "\$STACK_DIR\/cdk.tf.json" --allow-ip "\$RUNNER_IP"/,
    );
    expect(steps[open].run).toMatch(/az keyvault network-rule add --name "\$vault" --ip-address "\$RUNNER_IP\/32"/);
    expect(steps[close].run).toMatch(/az keyvault network-rule remove --name "\$vault" --ip-address "\$RUNNER_IP\/32"/);
    expect(steps[close].if).toMatch(/^always\(\)/);
    for (const terraformStep of [indexOf(deployJob, "terraform plan"), indexOf(deployJob, "terraform apply (")]) {
      expect(patch).toBeLessThan(open);
      expect(open).toBeLessThan(terraformStep);
      expect(terraformStep).toBeLessThan(close);
    }
    const ado = adoSteps("pipelines/deploy-steps.yml");
    expect(adoStepNamed("pipelines/deploy-steps.yml", "terraform apply").parameters.script).toMatch(
      /pipeline:runner-firewall[\s\S]*trap close EXIT[\s\S]*az keyvault network-rule add[\s\S]*terraform apply/,
    );
    expect(ado[ado.length - 1].parameters).toMatchObject({
      displayName: "Close the Key Vault and storage firewalls again",
      condition: "and(always(), ne(variables['RUNNER_IP'], ''))",
    });
  });

  test("the relay's storage firewall is opened to the deploy runner the same way, and always closed", () => {
    const steps = deployJob.steps as Obj[];
    const open = indexOf(deployJob, "Open the relay storage firewall");
    const close = indexOf(deployJob, "Close the relay storage firewall again");
    expect(steps[open].run).toMatch(
      /pipeline:storage-accounts -- "\$ENVIRONMENT"[\s\S]*az storage account network-rule add --account-name "\$account" --ip-address "\$RUNNER_IP"/,
    );
    expect(steps[close].run).toMatch(
      /az storage account network-rule remove --account-name "\$account" --ip-address "\$RUNNER_IP"/,
    );
    expect(steps[close].if).toBe("always() && steps.open-storage.outcome != 'skipped'");
    for (const terraformStep of [indexOf(deployJob, "terraform plan"), indexOf(deployJob, "terraform apply (")]) {
      expect(open).toBeLessThan(terraformStep);
      expect(terraformStep).toBeLessThan(close);
    }
    const apply = adoStepNamed("pipelines/deploy-steps.yml", "terraform apply").parameters.script as string;
    expect(apply).toMatch(
      /accounts=\$\(npm run --silent pipeline:storage-accounts[\s\S]*close\(\) \{[\s\S]*az storage account network-rule remove[\s\S]*trap close EXIT[\s\S]*az storage account network-rule add --account-name "\$account" --ip-address "\$ip"[\s\S]*terraform apply/,
    );
    const ado = adoSteps("pipelines/deploy-steps.yml");
    expect(ado[ado.length - 1].parameters.script).toMatch(
      /pipeline:storage-accounts[\s\S]*az storage account network-rule remove --account-name "\$account" --ip-address "\$\(RUNNER_IP\)"/,
    );
  });

  test("the read-only jobs never touch a firewall", () => {
    for (const path of [
      ".github/workflows/cdktf-plan.yml",
      ".github/workflows/drift.yml",
      "pipelines/plan-steps.yml",
      "pipelines/drift-steps.yml",
    ]) {
      expect(file(path).text).not.toMatch(/network-rule|runner-firewall|azure\/login/);
    }
  });

  test("no rule ever allows every address", () => {
    for (const f of files) expect(f.text).not.toMatch(/0\.0\.0\.0|default-action Allow|--default-action/i);
  });
});

// The pipeline's jobs set ARM_SUBSCRIPTION_ID, so derived names are literal at synth.
const SUBSCRIPTION = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";

/** Synthesizes the real app (cdktf.json's command) on a copy of config/ plus extra environments. */
function synthApp(
  extra: string[],
  configs: Record<string, Obj> = {},
): { stacks: string[]; stack: (name: string) => Obj; outdir: string } {
  const dir = makeTempDir("dmflow-app-");
  mkdirSync(join(dir, "config"));
  for (const f of readdirSync(join(ROOT, "config"))) copyFileSync(join(ROOT, "config", f), join(dir, "config", f));
  for (const name of extra) copyFileSync(join(ROOT, "config", "example.json"), join(dir, "config", `${name}.json`));
  for (const [name, config] of Object.entries(configs))
    writeFileSync(join(dir, "config", `${name}.json`), JSON.stringify(config));
  const outdir = join(dir, "cdktf.out");
  execFileSync(process.execPath, [join(ROOT, "scripts", "app.js")], {
    cwd: ROOT,
    env: {
      ...process.env,
      DMFLOW_CONFIG_DIR: join(dir, "config"),
      CDKTF_OUTDIR: outdir,
      ARM_SUBSCRIPTION_ID: SUBSCRIPTION,
    },
    stdio: "pipe",
  });
  return {
    stacks: readdirSync(join(outdir, "stacks")).sort(),
    stack: (name) => JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as Obj,
    outdir,
  };
}

let synthesized: ReturnType<typeof synthApp> | undefined;
/**
 * One synth (one app process) for the tests below: config/ plus a new prod.json (a copy of
 * example.json) and decide.json, the example with the relay's decisions on (credentials from
 * variables, their default), so every optional secret and role is in some stack.
 */
function appStacks(): ReturnType<typeof synthApp> {
  if (!synthesized) {
    const example = JSON.parse(readFileSync(join(ROOT, "config", "example.json"), "utf8")) as Obj;
    const decide = {
      ...example,
      relay: {
        ...example.relay,
        decisions: { ...example.relay?.decisions, enabled: true, credentialsSource: "variables" },
      },
    };
    synthesized = synthApp(["prod"], { decide });
  }
  return synthesized;
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

  /** The GitHub deploy steps and the Azure DevOps deploy task: the only places secrets are mapped. */
  const terraformWithSecrets = [
    "terraform plan (the approved changes",
    "terraform apply (the plan",
    "terraform apply -refresh-only",
  ].map((name) => stepOf(deployJob, name));
  const adoDeploy = () => adoStepNamed("pipelines/deploy-steps.yml", "terraform apply");

  test("each variable-sourced route's URL reaches Terraform as TF_VAR_flow_request_url_<route> from a secret, only in the deploy's Terraform steps", () => {
    const names = variableNames();
    for (const step of terraformWithSecrets) {
      for (const name of names) expect(step.env[`TF_VAR_${name}`]).toBe(`\${{ secrets.${name.toUpperCase()} }}`);
    }
    const withTfVars = files
      .flatMap((f) => stepsOf(f.doc).map(({ step }) => ({ f: f.path, step: step as Obj })))
      .filter(({ step }) => Object.keys(envOf(step)).some((k) => k.startsWith("TF_VAR_")));
    expect(withTfVars.map(({ f, step }) => `${f}: ${step.name ?? step.parameters?.displayName}`)).toEqual([
      ".github/workflows/cdktf-deploy.yml: terraform plan (the approved changes, with this environment's secrets)",
      ".github/workflows/cdktf-deploy.yml: terraform apply (the plan checked above)",
      ".github/workflows/cdktf-deploy.yml: terraform apply -refresh-only (accept drift into the state)",
      ".github/workflows/e2e.yml: terraform apply (first deploy)",
      ".github/workflows/e2e.yml: The second plan changes nothing",
      ".github/workflows/e2e.yml: Rotate the client secret; the vault gets it, and the plan after it is empty",
      "pipelines/deploy-steps.yml: terraform apply ${{ parameters.environment }}",
      "pipelines/e2e.yml: deploy, deploy-code, verify, second plan, rotate",
    ]);
    expect(Object.keys(deployJob.env).filter((k) => k.startsWith("TF_VAR_"))).toEqual([]);
    for (const name of names) expect(envOf(adoDeploy())[`TF_VAR_${name}`]).toBe(`$(${name.toUpperCase()})`);
  });

  test("every sensitive variable the synthesized stacks need is passed to the deploy by both pipelines, from the secret of the same name", () => {
    // With one more environment with every optional secret on: the relay's decisions credentials.
    const { stacks, stack } = appStacks();
    expect(stacks).toContain("decide");
    const needed = new Set<string>();
    for (const name of stacks) {
      for (const [variable, spec] of Object.entries((stack(name).variable ?? {}) as Record<string, Obj>))
        if (spec.sensitive && !("default" in spec)) needed.add(variable);
    }
    expect([...needed]).toEqual(expect.arrayContaining(["flow_request_url_create_user", "directory_manager_password"]));
    for (const variable of needed) {
      for (const step of terraformWithSecrets)
        expect(step.env[`TF_VAR_${variable}`]).toBe(`\${{ secrets.${variable.toUpperCase()} }}`);
      expect(envOf(adoDeploy())[`TF_VAR_${variable}`]).toBe(`$(${variable.toUpperCase()})`);
    }
  });

  test("the pipeline may assign every role the synthesized stacks assign (the bootstrap's condition lists them)", () => {
    // With the relay's decisions on in one environment (decide.json).
    const { stacks, stack } = appStacks();
    expect(stacks).toContain("decide");
    const roles = new Set<string>();
    for (const name of stacks) {
      for (const assignment of Object.values(
        (stack(name).resource?.azurerm_role_assignment ?? {}) as Record<string, Obj>,
      )) {
        expect(assignment.role_definition_name).toEqual(expect.any(String));
        roles.add(assignment.role_definition_name);
      }
    }
    expect(roles.size).toBeGreaterThan(3);
    expect([...roles].filter((r) => !(r in DEPLOY_ASSIGNABLE_ROLES))).toEqual([]);
  });

  test("no script prints, writes or reads a TF_VAR value", () => {
    for (const f of files) {
      for (const { step } of stepsOf(f.doc))
        expect(scriptOf(step) ?? "").not.toMatch(/TF_VAR_|set -x|printenv|\benv\s*$/m);
    }
  });
});

describe("environments follow config/*.json", () => {
  const withExtraConfigs = (extra: string[]) => {
    const dir = makeTempDir("dmflow-config-");
    for (const f of readdirSync(join(ROOT, "config"))) copyFileSync(join(ROOT, "config", f), join(dir, f));
    for (const name of extra) copyFileSync(join(ROOT, "config", "example.json"), join(dir, `${name}.json`));
    return dir;
  };

  test("a new config/prod.json joins the matrix (last) and the app's stacks, with no workflow edit", () => {
    const dir = withExtraConfigs(["prod", "dev"]);
    const listed = JSON.parse(
      execFileSync(process.execPath, [join(ROOT, "scripts", "pipeline", "environments.js")], {
        env: { ...process.env, DMFLOW_CONFIG_DIR: dir },
      }).toString(),
    );
    expect(listed[listed.length - 1]).toBe("prod");
    expect(listed).toContain("dev");
    // Every config the app synthesizes, except the sample (config/example.json), which is never deployed.
    expect([...listed].sort()).toEqual(
      loadEnvironments(dir)
        .map((e) => e.name)
        .filter((name) => name !== "example")
        .sort(),
    );
    for (const job of ["plan", "deploy"])
      expect(workflow.jobs[job].strategy.matrix.environment).toBe(
        "${{ fromJSON(needs.environments.outputs.environments) }}",
      );
    expect(workflow.jobs.environments.steps.at(-1).run).toBe(
      'echo "environments=$(npm run --silent pipeline:environments)" >> "$GITHUB_OUTPUT"',
    );
    const names = loadEnvironments(join(ROOT, "config")).map((e) => e.name);
    for (const f of files.filter((x) => x.kind === "github"))
      for (const name of names) expect(f.text).not.toMatch(new RegExp(`\\b${name}\\b`));
  });

  test("the app synthesizes the new prod stack, and the pipeline finds its Key Vault", () => {
    // config/ (example.json), the new prod.json and decide.json (above).
    const { stacks, outdir } = appStacks();
    expect(stacks).toEqual(["decide", "example", "prod"]);
    const vaults = execFileSync(process.execPath, [join(ROOT, "scripts", "pipeline", "key-vaults.js"), "prod", outdir])
      .toString()
      .trim();
    expect(vaults).toBe(`dmflow-prod-kv-${uniqueSuffixOf(SUBSCRIPTION, "prod/directory-manager-flow")}`);
  });

  test("production sorts last; a bad file name is refused with the rule", () => {
    const dir = withExtraConfigs(["prod", "staging", "dev"]);
    expect(listEnvironments(dir).slice(-1)).toEqual(["prod"]);
    writeFileSync(join(dir, "Bad_Name.json"), "{}");
    expect(() => listEnvironments(dir)).toThrow(
      /Bad_Name\.json: a config file name gives the environment name; expected 1-20 lower-case letters/,
    );
  });

  test("Azure DevOps lists the same environments as config/*.json, in deploy order", () => {
    const parameter = (adoPipeline.parameters as Obj[]).find((p) => p.name === "environments")!;
    expect(parameter.default).toEqual(listEnvironments(join(ROOT, "config")));
  });
});
