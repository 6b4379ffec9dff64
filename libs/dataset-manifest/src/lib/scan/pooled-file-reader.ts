import { open, type FileHandle } from 'node:fs/promises';

/** A chunk of the file, a view into a pooled buffer: call `release` once nothing uses it. */
export interface PooledChunk {
  chunk: Buffer;
  release: () => void;
}

/**
 * Reads a file sequentially into a fixed pool of buffers, one read ahead. Reusing buffers keeps
 * memory constant: with a fresh Buffer per read, dead chunks pile up as external memory until V8
 * decides to collect them (tens of MB on a fast stream).
 */
export class PooledFileReader {
  private readonly free: Buffer[] = [];
  private readonly waiting: Array<(buf: Buffer) => void> = [];
  private position = 0;
  private eof = false;
  private ahead: Promise<PooledChunk | null> | null = null;

  private constructor(
    private readonly fh: FileHandle,
    chunkSize: number,
    poolSize: number,
  ) {
    for (let i = 0; i < poolSize; i++) this.free.push(Buffer.allocUnsafeSlow(chunkSize));
  }

  /** Opens `path` for pooled reading. */
  static async open(path: string, chunkSize = 1 << 20, poolSize = 8): Promise<PooledFileReader> {
    return new PooledFileReader(await open(path, 'r'), chunkSize, poolSize);
  }

  /** The next chunk, or null at the end of the file. Waits while every buffer is in use. */
  async next(): Promise<PooledChunk | null> {
    const current = this.ahead ?? this.readOne();
    this.ahead = null;
    const result = await current;
    if (result !== null && !this.eof) this.ahead = this.readOne();
    return result;
  }

  /** Closes the file (after any read in flight). */
  async close(): Promise<void> {
    const pending = this.ahead;
    this.ahead = null;
    if (pending) await pending.then((r) => r?.release()).catch(() => undefined);
    await this.fh.close();
  }

  private async readOne(): Promise<PooledChunk | null> {
    const buf = await this.acquire();
    const { bytesRead } = await this.fh.read(buf, 0, buf.length, this.position);
    if (bytesRead === 0) {
      this.eof = true;
      this.releaseBuffer(buf);
      return null;
    }
    this.position += bytesRead;
    let released = false;
    return {
      chunk: buf.subarray(0, bytesRead),
      release: () => {
        if (released) return;
        released = true;
        this.releaseBuffer(buf);
      },
    };
  }

  private acquire(): Promise<Buffer> {
    const buf = this.free.pop();
    if (buf) return Promise.resolve(buf);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private releaseBuffer(buf: Buffer): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter(buf);
    else this.free.push(buf);
  }
}
