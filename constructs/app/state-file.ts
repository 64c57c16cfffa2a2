import { isAbsolute, relative, resolve } from "node:path";

/**
 * The local backend's state file of one environment, as an absolute path: `backend.path` resolved
 * from the folder cdktf runs in (the project root), or `terraform.<environment>.tfstate` there, as
 * cdktf's own default. Never inside the output folder: `cdktf synth` deletes the stack folders it
 * did not synthesize, so `DMFLOW_ENVIRONMENTS=dev cdktf synth` would delete prod's state with them.
 */
export function localStatePath(
  environment: string,
  configured: string | undefined,
  outdir: string,
  cwd = process.cwd(),
): string {
  const path = resolve(cwd, configured ?? `terraform.${environment}.tfstate`);
  const inside = relative(resolve(cwd, outdir), path);
  if (!inside.startsWith("..") && !isAbsolute(inside)) {
    throw new Error(
      `field "backend.path": got ${JSON.stringify(configured)}, inside the cdktf output folder (${outdir}); expected a state file outside it, e.g. "state/${environment}.tfstate": cdktf synth deletes the output folders of stacks it does not synthesize`,
    );
  }
  return path;
}
