/**
 * A solution's files as a zip, written with archiver (the zip library the relay's build uses):
 * entries in the order given, each with a fixed date (written as UTC, archiver's default) and mode,
 * so the same files give the same bytes and the example under docs/ can be regenerated and compared.
 */
import { createWriteStream, renameSync } from "node:fs";

/** The date every entry carries: the zip format's epoch. */
const FIXED_DATE = new Date("1980-01-01T00:00:00Z");

/** The part of archiver's API used here (the package ships no types). */
interface Archive {
  pipe(destination: NodeJS.WritableStream): void;
  append(data: Buffer, entry: { name: string; date: Date; mode: number }): void;
  on(event: "error", listener: (error: Error) => void): void;
  finalize(): Promise<void>;
}

/** Writes `files` as a zip to `path` (through a partial file, so a failed write leaves nothing). */
export function writeZip(
  path: string,
  files: readonly { readonly name: string; readonly data: Buffer }[],
): Promise<void> {
  // A require, not an import: loaded only when a solution is written, so other commands stay fast.
  const archiver = require("archiver") as (format: "zip", options: { zlib: { level: number } }) => Archive;
  return new Promise((resolve, reject) => {
    const partial = `${path}.partial`;
    const output = createWriteStream(partial);
    const zip = archiver("zip", { zlib: { level: 9 } });
    output.on("close", () => {
      renameSync(partial, path);
      resolve();
    });
    output.on("error", reject);
    zip.on("error", reject);
    zip.pipe(output);
    for (const file of files) zip.append(file.data, { name: file.name, date: FIXED_DATE, mode: 0o644 });
    void zip.finalize();
  });
}
