import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Random access to single lines of a file, by byte offset. Used on rare paths only (confirming a
 * duplicate id, naming its first line), so synchronous reads are fine.
 */
export class FileLineSource {
  private readonly fd: number;

  constructor(path: string) {
    this.fd = openSync(path, 'r');
  }

  /** The bytes of the line starting at `offset`, without its newline, at most `maxBytes` long. */
  readLineAt(offset: number, maxBytes: number): Buffer {
    const parts: Buffer[] = [];
    let total = 0;
    let pos = offset;
    while (total < maxBytes) {
      const buf = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes - total + 1));
      const n = readSync(this.fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      const nl = buf.subarray(0, n).indexOf(10);
      const end = nl === -1 ? n : nl;
      parts.push(buf.subarray(0, end));
      total += end;
      if (nl !== -1) break;
      pos += n;
    }
    return Buffer.concat(parts, total);
  }

  /** The 1-based number of the line starting at `offset` (counts the newlines before it). */
  lineNumberAt(offset: number): number {
    const buf = Buffer.allocUnsafe(1 << 20);
    let lines = 1;
    for (let pos = 0; pos < offset;) {
      const n = readSync(this.fd, buf, 0, Math.min(buf.length, offset - pos), pos);
      if (n === 0) break;
      for (let i = buf.indexOf(10, 0); i !== -1 && i < n; i = buf.indexOf(10, i + 1)) lines += 1;
      pos += n;
    }
    return lines;
  }

  /** Releases the file descriptor. */
  close(): void {
    closeSync(this.fd);
  }
}
