/**
 * The relay's zip on this machine (dist/relay.zip by default, built by `npm run build:relay`) and
 * its sha256, the fingerprint `dmflow deploy-code` writes into the deployment's message and
 * `dmflow verify` compares: the same bytes mean the same code.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "../cli-error";

export interface RelayPackage {
  readonly path: string;
  readonly bytes: Buffer;
  readonly sha256: string;
}

export const defaultPackagePath = (cwd: string): string => join(cwd, "dist", "relay.zip");

export function readRelayPackage(path: string): RelayPackage {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CliError(
      `--package ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}); build it with npm run build:relay, or give the zip's path`,
    );
  }
  // Every zip starts with a local file header, "PK\x03\x04" (PKWARE APPNOTE 4.3.7).
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50)
    throw new CliError(`--package ${path}: is not a zip file; give the relay package built by npm run build:relay`);
  return { path, bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** The deployment message dmflow writes; the run id tells this push's record from older ones. */
export const deploymentMessage = (sha256: string, runId: string): string =>
  `dmflow deploy-code sha256:${sha256} run:${runId}`;

/** The package hash a deployment message records, if dmflow wrote it. */
export function recordedHash(message: string | null | undefined): string | undefined {
  return /sha256:([0-9a-f]{64})/.exec(message ?? "")?.[1];
}
