/**
 * The end-to-end pipeline's decisions, offline: the throw-away config the real config loader accepts,
 * the second-plan check on recorded plan JSON (test/fixtures/terraform-plan-json/README.md), the
 * rotation target in the synthesized stack's state list, and the order of the steps in both files.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvironments } from "../../constructs/app/config-loader";
import { synthEnvironment } from "../support/synth";
import { file, ROOT, stepsOf } from "./pipeline-files";
/* eslint-disable @typescript-eslint/no-require-imports */
const { e2eConfig, rotationTarget, secondPlanChanges } = require("../../scripts/pipeline/e2e.js") as {
  e2eConfig: (
    example: Obj,
    o: { name: string; ip: string; owner: string; location?: string; statePath: string },
  ) => Obj;
  rotationTarget: (list: string) => string;
  secondPlanChanges: (plan: Obj) => string[];
};
/* eslint-enable @typescript-eslint/no-require-imports */

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const OWNER = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d";
const fixture = (name: string) =>
  JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "terraform-plan-json", name), "utf8")) as Obj;
const script = join(ROOT, "scripts", "pipeline", "e2e.js");

describe("pipeline:e2e config", () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "dmflow-e2e-"));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test("a throw-away environment the config loader accepts: the runner in the vault, the sandbox identity the owner, local state", () => {
    const args = ["config", "--name", "e2e-123456", "--allow-ip", "203.0.113.7", "--owner", OWNER];
    const result = spawnSync(
      process.execPath,
      [script, ...args, "--out", join(out, "config"), "--location", "swedencentral"],
      {
        encoding: "utf8",
      },
    );
    expect(result.status).toBe(0);
    const [env] = loadEnvironments(join(out, "config"));
    expect(env.name).toBe("e2e-123456");
    expect(env.config).toMatchObject({
      location: "swedencentral",
      keyVault: { allowedIpRanges: ["203.0.113.7/32"] },
      directoryManagerApp: { ownerObjectIds: [OWNER], adminConsent: false },
      backend: { type: "local", path: join(out, "e2e-123456.tfstate") },
    });
    expect((env.config as Obj).departments ?? {}).toEqual({});
    // A GitHub run id has 10-11 digits: the derived names still fit (the stack synthesizes).
    const example = JSON.parse(readFileSync(join(ROOT, "config", "example.json"), "utf8"));
    const config = e2eConfig(example, {
      name: "e2e-12345678901",
      ip: "203.0.113.7",
      owner: OWNER,
      statePath: "/tmp/s",
    });
    expect(Object.keys(synthEnvironment(config as never, "e2e-12345678901").json.resource ?? {})).toContain(
      "azapi_resource",
    );
  });

  test("refuses a name that is not a throw-away one, an owner that is not an object id, a private address", () => {
    const example = { location: "westeurope" };
    const base = { name: "e2e-1", ip: "203.0.113.7", owner: OWNER, statePath: "/tmp/s" };
    expect(() => e2eConfig(example, { ...base, name: "prod" })).toThrow(/--name prod: expected "e2e-"/);
    expect(() => e2eConfig(example, { ...base, owner: "me" })).toThrow(
      /--owner me: expected the sandbox identity's object id/,
    );
    expect(() => e2eConfig(example, { ...base, ip: "10.0.0.4" })).toThrow(/a private address/);
  });
});

describe("pipeline:e2e second-plan", () => {
  test("no-op and read pass; anything else is named, and the command exits 1", () => {
    expect(secondPlanChanges(fixture("second-plan-empty.json"))).toEqual([]);
    expect(secondPlanChanges(fixture("second-plan-changes.json"))).toEqual([
      "update azapi_resource.directory-manager-flow_relay_app_A847725F",
      "delete+create azurerm_key_vault_secret.directory-manager-flow_key-vault_client-secret_C0C6249A",
    ]);
    const run = (name: string) =>
      spawnSync(process.execPath, [script, "second-plan"], {
        input: readFileSync(join(ROOT, "test", "fixtures", "terraform-plan-json", name)),
        encoding: "utf8",
      });
    expect(run("second-plan-empty.json")).toMatchObject({ status: 0, stdout: "the second plan changes nothing\n" });
    expect(run("second-plan-changes.json")).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/^the second plan is not empty \(2\):\n {2}update azapi_resource\./),
    });
  });
});

describe("pipeline:e2e rotation-target", () => {
  test("finds the client secret's rotation timer in the synthesized stack, and only one", () => {
    const example = JSON.parse(readFileSync(join(ROOT, "config", "example.json"), "utf8"));
    const stack = synthEnvironment(example, "dev").json as Obj;
    const list = Object.entries(stack.resource as Obj)
      .flatMap(([type, byName]) => Object.keys(byName as Obj).map((name) => `${type}.${name}`))
      .join("\n");
    expect(rotationTarget(list)).toMatch(
      /^time_rotating\.directory-manager-flow_directory-manager-app_client-secret-rotation_\w+$/,
    );
    expect(() => rotationTarget("azurerm_key_vault.kv")).toThrow(/found 0/);
  });
});

describe("the e2e pipelines", () => {
  test("GitHub: apply, open SCM, deploy-code, verify, second plan, rotate, then destroy whatever happened", () => {
    const steps = ((file(".github/workflows/e2e.yml").doc as Obj).jobs.e2e.steps as Obj[]).map((s) =>
      String(s.name ?? s.run ?? s.uses),
    );
    const order = [
      "terraform apply (first deploy)",
      "Open the relay's SCM site",
      "dmflow deploy-code",
      "dmflow verify",
      "The second plan changes nothing",
      "Rotate the client secret",
      "Destroy the throw-away environment",
    ].map((name) => steps.findIndex((s) => s.startsWith(name)));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const destroy = ((file(".github/workflows/e2e.yml").doc as Obj).jobs.e2e.steps as Obj[]).at(-1)!;
    expect(destroy.if).toBe("always() && steps.apply.outcome != 'skipped'");
    expect(destroy.run).toMatch(/terraform destroy -auto-approve/);
  });

  test("Azure DevOps: the same sequence in one script, and a destroy step that always runs", () => {
    const steps = stepsOf(file("pipelines/e2e.yml").doc).map(({ step }) => step as Obj);
    const main = String(
      steps.find((s) => s.parameters?.displayName?.startsWith("deploy, deploy-code"))?.parameters.script,
    );
    expect(main).toMatch(
      /terraform -chdir="\$stack" apply[\s\S]*access-restriction add[\s\S]*dmflow -- deploy-code[\s\S]*dmflow:verify[\s\S]*plan -detailed-exitcode[\s\S]*pipeline:e2e -- second-plan[\s\S]*pipeline:e2e -- rotation-target[\s\S]*-replace="\$target"[\s\S]*pipeline:e2e -- second-plan/,
    );
    const destroy = steps.at(-1)!;
    expect(destroy.parameters.condition).toBe("and(always(), eq(variables['E2E_APPLIED'], 'true'))");
    expect(destroy.parameters.script).toMatch(/terraform -chdir="\$stack" destroy -auto-approve/);
  });
});
