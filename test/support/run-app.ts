import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const APP = join(__dirname, "..", "..", "scripts", "app.js");

export interface AppRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Stack folders written under cdktf.out/stacks (empty when nothing was synthesized). */
  written: string[];
  /** Whether the run left a cdktf.out folder at all (it did not exist before). */
  outdirLeft: boolean;
}

/**
 * Runs the cdktf app (cdktf.json's command) in a fresh process on a temporary config dir, which is
 * removed afterwards.
 */
export async function runApp(files: Record<string, string>, env: Record<string, string> = {}): Promise<AppRun> {
  const dir = mkdtempSync(join(tmpdir(), "dmflow-app-"));
  const configDir = join(dir, "config");
  const outDir = join(dir, "cdktf.out");
  mkdirSync(configDir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(configDir, name), text);
  const written = () => (existsSync(join(outDir, "stacks")) ? readdirSync(join(outDir, "stacks")) : []);
  try {
    const { stdout } = await run(process.execPath, [APP], {
      cwd: dir,
      env: { ...process.env, DMFLOW_CONFIG_DIR: configDir, CDKTF_OUTDIR: outDir, ...env },
    });
    return { code: 0, stdout, stderr: "", written: written(), outdirLeft: existsSync(outDir) };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return {
      code: err.code,
      stdout: err.stdout,
      stderr: err.stderr,
      written: written(),
      outdirLeft: existsSync(outDir),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
