import { createHash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import type { LineRef } from './stratified-sampler';

/**
 * Copies the selected lines, byte for byte (minus `\r` and a leading BOM), from the dataset into
 * `tempPath`, one per line. Returns the SHA-256 of what was written.
 */
export async function writeSampleLines(
  file: string,
  lines: readonly LineRef[],
  tempPath: string,
): Promise<string> {
  const hash = createHash('sha256');
  const input = await open(file, 'r');
  try {
    const output = await open(tempPath, 'w');
    try {
      for (const ref of lines) {
        const buf = Buffer.allocUnsafe(ref.length + 1);
        const { bytesRead } = await input.read(buf, 0, ref.length, ref.offset);
        let start = 0;
        let end = bytesRead;
        if (end > 0 && buf[end - 1] === 13) end -= 1;
        if (ref.offset === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
        buf[end] = 10;
        const line = buf.subarray(start, end + 1);
        hash.update(line);
        await output.write(line);
      }
    } finally {
      await output.close();
    }
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  } finally {
    await input.close();
  }
  return hash.digest('hex');
}
