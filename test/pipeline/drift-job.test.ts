/**
 * The drift check as the pipelines run it, offline: the GitHub step's and the Azure DevOps step's
 * own shell, with `terraform` replaced by a stand-in that lists the synthesized stack's resources as
 * its state and answers the plan with a recorded log and exit code
 * and its saved plan's JSON (test/fixtures/terraform-refresh-only/README.md cites both). Green on an
 * unchanged stack, also when Terraform's exit code says 2 for it; red on a real change; never a
 * target whose refresh reads a data plane.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthEnvironment } from "../support/synth";
import { file, ROOT, stepsOf } from "./pipeline-files";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const FIXTURES = join(ROOT, "test", "fixtures", "terraform-refresh-only");
const example = JSON.parse(readFileSync(join(ROOT, "config", "example.json"), "utf8"));
const stack = synthEnvironment(example, "dev").json as Obj;
const stateList = Object.entries(stack.resource as Obj)
  .flatMap(([type, byName]) => Object.keys(byName as Obj).map((name) => `${type}.${name}`))
  .join("\n");

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dmflow-drift-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  // terraform: `state list` prints the state, `plan` records its arguments and replays a log.
  writeFileSync(
    join(bin, "terraform"),
    `#!/usr/bin/env bash
case "$1" in
  init) exit 0 ;;
  state) cat "$FAKE_STATE" ;;
  plan) printf '%s\\n' "$@" > "$FAKE_ARGS"; cat "$FAKE_LOG"; exit "$FAKE_EXIT" ;;
  show) cat "$FAKE_PLAN_JSON" ;;
  *) echo "unexpected terraform $*" >&2; exit 9 ;;
esac
`,
  );
  // npm run --silent <script> -- <args>: package.json's `node …` script of that name, run directly.
  const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> })
    .scripts;
  const cases = Object.entries(scripts)
    .filter(([, command]) => /^node [\w./-]+$/.test(command))
    .map(([name, command]) => `  ${name}) exec node "${ROOT}/${command.slice(5)}" "$@" ;;`);
  writeFileSync(
    join(bin, "npm"),
    `#!/usr/bin/env bash
[ "$1" = run ] && shift; [ "$1" = --silent ] && shift
name=$1; shift; [ "\${1:-}" = -- ] && shift
case "$name" in
${cases.join("\n")}
  *) echo "npm script $name is not a node script" >&2; exit 9 ;;
esac
`,
  );
  chmodSync(join(bin, "terraform"), 0o755);
  chmodSync(join(bin, "npm"), 0o755);
  writeFileSync(join(dir, "state.txt"), stateList);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  readonly code: number | null;
  readonly output: string;
  readonly targets: string[];
  readonly args: string[];
  readonly files: (name: string) => string;
}

/** Runs a step's script in a fresh work tree with the stack at cdktf.out/stacks/dev. */
function runStep(
  script: string,
  log: string,
  exit: number,
  planJson = "clean-exit-2.plan.json",
  extraEnv: Record<string, string> = {},
): Run {
  const work = mkdtempSync(join(dir, "run-"));
  const stackDir = join(work, "cdktf.out", "stacks", "dev");
  const temp = join(work, "temp");
  mkdirSync(stackDir, { recursive: true });
  mkdirSync(temp);
  writeFileSync(join(stackDir, "cdk.tf.json"), JSON.stringify(stack));
  const env = {
    PATH: `${join(dir, "bin")}:${process.env.PATH}`,
    HOME: process.env.HOME ?? work,
    ENVIRONMENT: "dev",
    RUNNER_TEMP: temp,
    GITHUB_OUTPUT: join(temp, "output"),
    GITHUB_STEP_SUMMARY: join(temp, "summary"),
    FAKE_STATE: join(dir, "state.txt"),
    FAKE_ARGS: join(temp, "args"),
    FAKE_LOG: join(FIXTURES, log),
    FAKE_EXIT: String(exit),
    FAKE_PLAN_JSON: join(FIXTURES, planJson),
    ...extraEnv,
  };
  // No stdin, as a runner's step has none. (Node's stdin pipe is a socket, and bash given a socket
  // as stdin takes itself for a remote shell and reads ~/.bashrc, in every fake tool it starts too:
  // on this machine that ran pyenv's setup, most of a second per step.)
  const result = spawnSync("bash", ["-eo", "pipefail", "-c", script.replaceAll("$(Agent.TempDirectory)", temp)], {
    cwd: extraEnv.FROM_ROOT ? work : stackDir,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const read = (name: string) => {
    try {
      return readFileSync(join(temp, name), "utf8");
    } catch {
      return "";
    }
  };
  const args = read("args").split("\n").filter(Boolean);
  return {
    code: result.status,
    output: `${result.stdout}${result.stderr}`,
    args,
    targets: args.filter((a) => a.startsWith("-target=")).map((a) => a.slice("-target=".length)),
    files: read,
  };
}

const githubStep = () => {
  const job = (file(".github/workflows/drift.yml").doc as Obj).jobs.check as Obj;
  return String((job.steps as Obj[]).find((s) => s.id === "drift")!.run);
};
const adoStep = () => {
  const step = stepsOf(file("pipelines/drift-steps.yml").doc)
    .map(({ step }) => step as Obj)
    .find((s) => String(s.parameters?.displayName ?? "").startsWith("terraform plan -refresh-only"))!;
  return String(step.parameters.script);
};

describe("GitHub Actions drift step", () => {
  let clean: Run;
  beforeAll(() => {
    clean = runStep(githubStep(), "clean.txt", 0);
  });

  test("green on an unchanged stack: status clean, exit 0, a 'No changes' report", () => {
    const run = clean;
    expect(run.code).toBe(0);
    expect(run.files("output")).toContain("status=clean");
    expect(run.files("summary")).toMatch(
      /^### `dev`: No changes\. Your infrastructure still matches the configuration\./m,
    );
    expect(run.args).toEqual(expect.arrayContaining(["-refresh-only", "-detailed-exitcode", "-lock=false"]));
  });

  test("green when Terraform says 2 but the saved plan has no resource_drift (hashicorp/terraform#36403)", () => {
    const run = runStep(githubStep(), "clean.txt", 2, "clean-exit-2.plan.json");
    expect(run.code).toBe(0);
    expect(run.files("output")).toContain("status=clean");
    // The plan is saved, so its JSON can decide.
    expect(run.args.some((a) => /^-out=.*\/drift\.tfplan$/.test(a))).toBe(true);
  });

  test("red on a real change: status drift (the report job opens the issue), the change named", () => {
    const run = runStep(githubStep(), "drift.txt", 2, "drift.plan.json");
    expect(run.code).toBe(0);
    expect(run.files("output")).toContain("status=drift");
    expect(run.files("summary")).toMatch(/^### `dev`: Objects have changed outside of Terraform$/m);
    expect(run.files("summary")).toMatch(
      /^- 🔀 changed outside Terraform `azurerm_key_vault\.directory-manager-flow_key-vault_6FCF86E7`$/m,
    );
  });

  test("a check that fails (not drift) fails the job", () => {
    const run = runStep(githubStep(), "clean.txt", 1);
    expect(run.code).toBe(1);
    expect(run.files("output")).toContain("status=failed");
  });

  test("no target pulls in a resource read through a data plane, and each left out is named with why", () => {
    const run = clean;
    expect(run.targets).toContain("azurerm_key_vault.directory-manager-flow_key-vault_6FCF86E7");
    expect(run.targets.filter((t) => /key_vault_secret|storage_blob|queue_properties/.test(t))).toEqual([]);
    // A role assignment on a secret would refresh the secret through -target: left out, with the reason.
    expect(run.targets.some((t) => /relay-reads-flow-url/.test(t))).toBe(false);
    expect(run.output).toMatch(
      /not refreshed: azurerm_role_assignment\.directory-manager-flow_key-vault_relay-reads-flow-url-create-user_\w+ \(depends on azurerm_key_vault_secret\.[\w-]+, read through a data plane\)/,
    );
  });
});

describe("Azure DevOps drift step", () => {
  test("green on an unchanged stack, red (the run fails) on a real change", () => {
    const clean = runStep(adoStep(), "clean.txt", 2, "clean-exit-2.plan.json", { FROM_ROOT: "1" });
    expect(clean.code).toBe(0);
    expect(clean.output).toContain("dev: no drift");
    const drift = runStep(adoStep(), "drift.txt", 2, "drift.plan.json", { FROM_ROOT: "1" });
    expect(drift.code).toBe(1);
    expect(drift.output).toContain("##vso[task.logissue type=warning]drift in dev");
    expect(drift.files("drift-dev.md")).toMatch(/changed outside Terraform `azurerm_key_vault\./);
  });
});
