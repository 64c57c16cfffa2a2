import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Terraform itself, offline: no provider is downloaded, so only what needs none (console, validate
// of variables and built-in resources). Tests that use it are skipped where Terraform is missing.
const ENV = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

/** True when a Terraform binary is on PATH (this machine has 1.11; CI may not). */
export function hasTerraform(): boolean {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore", env: ENV });
    return true;
  } catch {
    return false;
  }
}

/** Evaluates one Terraform expression with `terraform console` in an empty folder (no provider, offline). */
export function terraformEval(expression: string): string {
  const dir = mkdtempSync(join(tmpdir(), "dmflow-tf-"));
  try {
    return execFileSync("terraform", ["console"], {
      cwd: dir,
      input: `${expression}\n`,
      encoding: "utf8",
      env: ENV,
    }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `terraform validate` of a configuration made of `blocks`; its output when it fails. */
export function terraformValidate(blocks: Record<string, unknown>): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "dmflow-validate-"));
  try {
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(blocks));
    execFileSync("terraform", ["init", "-backend=false", "-input=false", "-no-color"], {
      cwd: dir,
      env: ENV,
      stdio: "pipe",
    });
    execFileSync("terraform", ["validate", "-no-color"], { cwd: dir, env: ENV, stdio: "pipe" });
    return { ok: true, output: "" };
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: Buffer; stderr?: Buffer };
    return { ok: false, output: `${stdout ?? ""}${stderr ?? ""}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
