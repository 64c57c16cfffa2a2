import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** True when a Terraform binary is on PATH (this machine has 1.11; CI may not). */
export function hasTerraform(): boolean {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
    return true;
  } catch {
    return false;
  }
}

/** Evaluates one Terraform expression with `terraform console` in an empty folder (no provider, offline). */
export function terraformEval(expression: string): string {
  const dir = mkdtempSync(join(tmpdir(), "dmflow-tf-"));
  try {
    return execFileSync("terraform", ["console"], { cwd: dir, input: `${expression}\n`, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
