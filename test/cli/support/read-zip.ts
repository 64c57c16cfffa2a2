/**
 * Reads a zip through its central directory (PKWARE APPNOTE 6.3.10), as an importer does, and
 * checks each entry's local header, size and CRC-32 against it: a test fails on a broken archive.
 */
// Node's own CRC-32, not the writer's: the check does not share the code it checks.
import { crc32, inflateRawSync } from "node:zlib";

export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
  readonly dosDate: number;
  readonly dosTime: number;
}

export function readZip(zip: Buffer): ZipEntry[] {
  const end = zip.length - 22;
  if (zip.readUInt32LE(end) !== 0x06054b50) throw new Error("no end-of-central-directory record (or a comment)");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`central entry ${i}: bad signature`);
    const [method, dosTime, dosDate] = [
      zip.readUInt16LE(at + 10),
      zip.readUInt16LE(at + 12),
      zip.readUInt16LE(at + 14),
    ];
    const [crc, packedSize, size] = [zip.readUInt32LE(at + 16), zip.readUInt32LE(at + 20), zip.readUInt32LE(at + 24)];
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`${name}: bad local header`);
    // Bit 3: CRC and sizes follow the data (a data descriptor, as streaming writers such as archiver
    // write them), and the local header holds zeros; otherwise they must equal the central entry's.
    const described = (zip.readUInt16LE(local + 6) & 0x8) !== 0;
    if (!described && zip.readUInt32LE(local + 14) !== crc) throw new Error(`${name}: local and central CRC differ`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const packed = zip.subarray(start, start + packedSize);
    if (described) {
      const descriptor = start + packedSize + (zip.readUInt32LE(start + packedSize) === 0x08074b50 ? 4 : 0);
      if (zip.readUInt32LE(descriptor) !== crc) throw new Error(`${name}: data descriptor and central CRC differ`);
    }
    const data = method === 8 ? inflateRawSync(packed) : Buffer.from(packed);
    if (data.length !== size || crc32(data) !== crc) throw new Error(`${name}: size or CRC-32 does not match`);
    entries.push({ name, data, dosDate, dosTime });
    at += 46 + nameLength + skip;
  }
  return entries;
}
