import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const APP = join(__dirname, "..", "..", "scripts", "app.js");

export interface AppRun {
  code: number;
  stderr: string;
  /** Stack folders written under cdktf.out/stacks (empty when nothing was synthesized). */
  written: string[];
}

/** Runs the cdktf app (cdktf.json's command) in a fresh process on a temporary config dir. */
export async function runApp(files: Record<string, string>, env: Record<string, string> = {}): Promise<AppRun> {
  const dir = mkdtempSync(join(tmpdir(), "dmflow-app-"));
  const configDir = join(dir, "config");
  const outDir = join(dir, "cdktf.out");
  mkdirSync(configDir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(configDir, name), text);
  const written = () => (existsSync(join(outDir, "stacks")) ? readdirSync(join(outDir, "stacks")) : []);
  try {
    await run(process.execPath, [APP], {
      cwd: dir,
      env: { ...process.env, DMFLOW_CONFIG_DIR: configDir, CDKTF_OUTDIR: outDir, ...env },
    });
    return { code: 0, stderr: "", written: written() };
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr, written: written() };
  }
}
