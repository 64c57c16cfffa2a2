import { execFile } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { readSecurityReports } from "../../scripts/check/security-report/report";

// The checks of a first deploy: two environments from the example config, synthesized by
// cdktf.json's app command (what the CLI runs), then one partial synth through the cdktf CLI itself
// (the CLI, not the app, prunes stack folders), which must write the very same stack. One CLI run:
// the CLI costs about 5 s of CPU on top of the app's 1.5 s (docs/benchmarks.md#tests).
const run = promisify(execFile);
const ROOT = join(__dirname, "..", "..");
const APP = join(ROOT, "scripts", "app.js");
const CDKTF = join(ROOT, "node_modules", ".bin", "cdktf");
const SUBSCRIPTION = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";

/** A project folder with dev.json and prod.json (copies of config/example.json) and a cdktf.json that runs this repo's app. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "dmflow-project-"));
  mkdirSync(join(dir, "config"));
  for (const env of ["dev", "prod"])
    copyFileSync(join(ROOT, "config", "example.json"), join(dir, "config", `${env}.json`));
  writeFileSync(
    join(dir, "cdktf.json"),
    JSON.stringify({
      language: "typescript",
      app: `node ${APP}`,
      sendCrashReports: "false",
    }),
  );
  return dir;
}

/**
 * The environment of a synth, as a user's shell gives it: no outdir, selection or config folder
 * inherited, so the app reads config/ in its working directory (`dir`), as the README's command does.
 */
function synthEnv(): NodeJS.ProcessEnv {
  const {
    CDKTF_OUTDIR: _outdir,
    DMFLOW_ENVIRONMENTS: _selected,
    DMFLOW_CONFIG_DIR: _configDir,
    ...inherited
  } = process.env;
  return { ...inherited, CHECKPOINT_DISABLE: "1", ARM_SUBSCRIPTION_ID: SUBSCRIPTION };
}

/** cdktf.json's app command in `dir`, writing `dir`/cdktf.out as `cdktf synth` has it do; its output. */
async function appSynth(dir: string): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [APP], { cwd: dir, env: { ...synthEnv(), CDKTF_OUTDIR: join(dir, "cdktf.out") } });
}

/** `cdktf synth` (the CLI, which prunes stack folders) in `dir` for the selected environments, as a user runs it. */
async function cdktfSynth(dir: string, environments: string): Promise<void> {
  await run(CDKTF, ["synth"], { cwd: dir, env: { ...synthEnv(), DMFLOW_ENVIRONMENTS: environments } });
}

const stackText = (dir: string, env: string) =>
  readFileSync(join(dir, "cdktf.out", "stacks", env, "cdk.tf.json"), "utf8");

describe("two environments (dev.json and prod.json copied from example.json), then the cdktf CLI", () => {
  jest.setTimeout(180_000);
  const dir = project();
  let texts: Record<string, string>;
  let stacks: Record<string, any>;
  let output: { stdout: string; stderr: string };

  beforeAll(async () => {
    output = await appSynth(dir);
    texts = { dev: stackText(dir, "dev"), prod: stackText(dir, "prod") };
    stacks = { dev: JSON.parse(texts.dev), prod: JSON.parse(texts.prod) };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("synthesize with no preflight or security finding; the only suppressions are the reasoned ones", () => {
    const reports = readSecurityReports(join(dir, "cdktf.out"));
    expect(reports.map((r) => [r.stack, r.record?.findings])).toEqual([
      ["dev", []],
      ["prod", []],
    ]);
    const deploySuppressions = reports.flatMap((r) =>
      r.record!.suppressed.filter((f) => f.ruleId.startsWith("DMF-DEPLOY-")).map((f) => f.ruleId),
    );
    // None: the relay's VNet integration lets its Key Vault references reach the vault.
    expect(deploySuppressions).toEqual([]);
  });

  test("the app prints one summary line: rules checked on both stacks, none failing, accepted with reasons", () => {
    expect(output).toEqual({
      stdout: expect.stringMatching(
        /^Security rules: \d+ checked on dev, prod; 0 failing; [1-9]\d* findings accepted with written reasons \(npm run security:report lists them\)\.\n$/,
      ),
      stderr: "",
    });
  });

  test("no two stacks share an app display name, vault, storage account or function app name", () => {
    const sites = (r: { type?: string }) => String(r.type).startsWith("Microsoft.Web/sites@");
    for (const [type, attribute, only] of [
      ["azuread_application", "display_name"],
      ["azurerm_key_vault", "name"],
      ["azurerm_storage_account", "name"],
      ["azapi_resource", "name", sites],
    ] as const) {
      const names = ["dev", "prod"].flatMap((env) =>
        Object.values<any>(stacks[env].resource[type])
          .filter((r) => !only || only(r))
          .map((r) => String(r[attribute]).toLowerCase()),
      );
      expect({ type, names: names.length, distinct: new Set(names).size }).toEqual({ type, names: 2, distinct: 2 });
    }
  });

  test("no Key Vault secret that comes from a variable uses value; each is written with value_wo from an ephemeral variable", () => {
    for (const env of ["dev", "prod"]) {
      for (const secret of Object.values<any>(stacks[env].resource.azurerm_key_vault_secret)) {
        expect(secret.value).toBeUndefined();
        const variable = /\$\{var\.([a-z0-9_]+)\}/.exec(String(secret.value_wo))?.[1];
        if (variable) expect(stacks[env].variable[variable]).toMatchObject({ sensitive: true, ephemeral: true });
      }
    }
  });

  test("DMFLOW_ENVIRONMENTS=dev cdktf synth after a full synth writes the same dev stack and leaves the other environments' state where it was", async () => {
    const prodState = stacks.prod.terraform.backend.local.path as string;
    expect(prodState).toBe(join(dir, "terraform.prod.tfstate"));
    // What an apply of prod left behind, and a state file where a relative path used to put it.
    writeFileSync(prodState, '{"version": 4, "serial": 7}');
    const oldPlace = join(dir, "cdktf.out", "stacks", "prod", "terraform.prod.tfstate");
    writeFileSync(oldPlace, '{"version": 4}');
    await cdktfSynth(dir, "dev");
    expect(readFileSync(prodState, "utf8")).toBe('{"version": 4, "serial": 7}');
    // Only dev was synthesized, so cdktf synth deleted prod's stack folder, and a state file inside it with it.
    expect(readdirSync(join(dir, "cdktf.out", "stacks"))).toEqual(["dev"]);
    expect(existsSync(dirname(oldPlace))).toBe(false);
    // The CLI wrote, byte for byte, the stack the app command wrote alone (the one checked above).
    expect(stackText(dir, "dev")).toBe(texts.dev);
  });
});
