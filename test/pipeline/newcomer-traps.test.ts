/**
 * What a new user runs into first: an empty ARM_SUBSCRIPTION_ID (no Azure CLI login) is named as
 * such, not blamed on the config file; the bootstrap never takes its example silently; the sample
 * config/example.json is never a pipeline environment.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bootstrapConfigFile, BootstrapConfigFileError } from "../../bootstrap/config-file";
import { subscriptionVariableProblem } from "../../scripts/app/subscription-variable";
import { ROOT } from "./pipeline-files";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { listEnvironments } = require("../../scripts/pipeline/environments.js") as {
  listEnvironments: (dir: string) => string[];
};

const temp: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temp.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

describe("ARM_SUBSCRIPTION_ID", () => {
  test("unset or a GUID is fine; empty or not a GUID says so, with how to set it", () => {
    expect(subscriptionVariableProblem({})).toBeUndefined();
    expect(
      subscriptionVariableProblem({ ARM_SUBSCRIPTION_ID: "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b" }),
    ).toBeUndefined();
    expect(subscriptionVariableProblem({ ARM_SUBSCRIPTION_ID: "" })).toMatch(
      /^ARM_SUBSCRIPTION_ID is set but empty \(did az account show fail, with no Azure CLI or no login\?\); sign in with az login, then export ARM_SUBSCRIPTION_ID=\$\(az account show --query id -o tsv\)/,
    );
    expect(subscriptionVariableProblem({ ARM_SUBSCRIPTION_ID: "my-sub" })).toMatch(
      /^ARM_SUBSCRIPTION_ID: got "my-sub"; expected a subscription id \(GUID\)/,
    );
  });

  test("the app stops on an empty one before reading any config file", () => {
    const result = spawnSync(process.execPath, [join(ROOT, "scripts", "app.js")], {
      cwd: ROOT,
      env: { ...process.env, ARM_SUBSCRIPTION_ID: "", CHECKPOINT_DISABLE: "1", CDKTF_OUTDIR: tempDir("dmflow-out-") },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/ARM_SUBSCRIPTION_ID is set but empty/);
    expect(result.stderr).not.toMatch(/config\/example\.json|subscriptionId must be/);
  });
});

describe("the bootstrap's config file", () => {
  test("bootstrap.json when present; the example only when named", () => {
    const dir = tempDir("dmflow-bootstrap-");
    copyFileSync(join(ROOT, "bootstrap", "bootstrap.example.json"), join(dir, "bootstrap.example.json"));
    expect(() => bootstrapConfigFile(dir, {})).toThrow(BootstrapConfigFileError);
    expect(() => bootstrapConfigFile(dir, {})).toThrow(
      /bootstrap\.json does not exist: copy bootstrap\.example\.json to bootstrap\.json[\s\S]*the example trusts a repository you do not control\. To synthesize the example as it is \(a dry run\), set DMFLOW_BOOTSTRAP_CONFIG=bootstrap\.example\.json$/,
    );
    expect(bootstrapConfigFile(dir, { DMFLOW_BOOTSTRAP_CONFIG: "bootstrap.example.json" })).toBe(
      join(dir, "bootstrap.example.json"),
    );
    writeFileSync(join(dir, "bootstrap.json"), "{}");
    expect(bootstrapConfigFile(dir, {})).toBe(join(dir, "bootstrap.json"));
  });

  test("the bootstrap app, run in a folder without bootstrap.json, stops with that message", () => {
    const dir = tempDir("dmflow-bootstrap-");
    copyFileSync(join(ROOT, "bootstrap", "bootstrap.example.json"), join(dir, "bootstrap.example.json"));
    const result = spawnSync(process.execPath, [join(ROOT, "bootstrap", "app.js")], {
      cwd: dir,
      env: {
        ...process.env,
        DMFLOW_BOOTSTRAP_CONFIG: "",
        CHECKPOINT_DISABLE: "1",
        CDKTF_OUTDIR: tempDir("dmflow-out-"),
      },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/bootstrap\.json does not exist: copy bootstrap\.example\.json/);
  });
});

describe("the sample config is not a pipeline environment", () => {
  test("the bootstrap gives it no identity: with only the sample, it says to copy it first", () => {
    const config = tempDir("dmflow-config-");
    copyFileSync(join(ROOT, "config", "example.json"), join(config, "example.json"));
    const result = spawnSync(process.execPath, [join(ROOT, "bootstrap", "app.js")], {
      cwd: join(ROOT, "bootstrap"),
      env: {
        ...process.env,
        DMFLOW_BOOTSTRAP_CONFIG: join(ROOT, "bootstrap", "bootstrap.example.json"),
        DMFLOW_CONFIG_DIR: config,
        CHECKPOINT_DISABLE: "1",
        CDKTF_OUTDIR: tempDir("dmflow-out-"),
      },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /only example\.json, the sample, which gets no pipeline identity: copy it to config\/<name>\.json/,
    );
  });

  test("config/ as shipped (only example.json): no environment, and the script says why", () => {
    expect(listEnvironments(join(ROOT, "config"))).toEqual([]);
    const result = spawnSync(process.execPath, [join(ROOT, "scripts", "pipeline", "environments.js")], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(result.stdout).toBe("[]\n");
    expect(result.stderr).toMatch(
      /only example\.json, the sample, which is never deployed: copy it to config\/<name>\.json/,
    );
  });

  test("a copy under another name is deployed, the sample beside it is not", () => {
    const dir = tempDir("dmflow-config-");
    copyFileSync(join(ROOT, "config", "example.json"), join(dir, "example.json"));
    copyFileSync(join(ROOT, "config", "example.json"), join(dir, "dev.json"));
    const listed = execFileSync(process.execPath, [join(ROOT, "scripts", "pipeline", "environments.js")], {
      env: { ...process.env, DMFLOW_CONFIG_DIR: dir },
      encoding: "utf8",
    });
    expect(JSON.parse(listed)).toEqual(["dev"]);
  });
});
