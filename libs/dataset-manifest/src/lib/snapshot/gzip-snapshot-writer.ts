import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createGzip, type Gzip } from 'node:zlib';
import { DatasetManifestError } from '../errors/dataset-manifest-error';

/** How a snapshot attempt ended. */
export interface SnapshotOutcome {
  /** True when the whole file was compressed within the budget (the temp file is complete). */
  emitted: boolean;
  /** SHA-256 of the compressed bytes, when emitted. */
  sha256: string | null;
  /** Compressed size, when emitted. */
  compressedBytes: number;
  /** Input bytes fed to gzip before compression stopped (the file size when emitted). */
  inputBytes: number;
  /** Why compression stopped early, if it did. */
  stopped: 'over_budget' | 'aborted' | null;
}

/**
 * Gzips the dataset into a temporary file as its chunks stream by. zlib runs on libuv's thread
 * pool, so compression overlaps hashing and parsing on the main thread. As soon as the compressed
 * output exceeds the budget, compression stops and the partial file is deleted.
 */
export class GzipSnapshotWriter {
  private readonly gzip: Gzip;
  private readonly file: WriteStream;
  private readonly hash = createHash('sha256');
  private inputBytes = 0;
  private outputBytes = 0;
  private stopped: SnapshotOutcome['stopped'] = null;
  private failure: unknown = null;
  private readonly fileClosed: Promise<void>;
  private readonly pending = new Set<() => void>();

  constructor(
    readonly tempPath: string,
    private readonly budgetBytes: number,
  ) {
    this.gzip = createGzip({ level: 6, chunkSize: 64 * 1024 });
    this.file = createWriteStream(tempPath);
    this.fileClosed = new Promise((resolve) => this.file.once('close', () => resolve()));
    this.gzip.on('data', (chunk: Buffer) => this.onCompressed(chunk));
    this.gzip.on('error', (error) => this.fail(error));
    this.file.on('error', (error) => this.fail(error));
  }

  /** Whether chunks are still being compressed. */
  get active(): boolean {
    return this.stopped === null && this.failure === null;
  }

  /**
   * Queues one chunk for compression. The promise resolves once zlib is done with the chunk (or
   * compression stopped), so the caller may reuse its buffer; the caller's buffer pool bounds how
   * much input waits here.
   */
  write(chunk: Buffer): Promise<void> | undefined {
    if (!this.active) return undefined;
    this.inputBytes += chunk.length;
    return new Promise((resolve) => {
      this.pending.add(resolve);
      this.gzip.write(chunk, () => {
        this.pending.delete(resolve);
        resolve();
      });
    });
  }

  /** Stops compressing for nothing (the input turned out invalid). */
  abort(): void {
    this.stop('aborted');
  }

  /** Flushes and closes the snapshot; deletes the temp file unless it is complete. */
  async finish(): Promise<SnapshotOutcome> {
    if (this.active) {
      await new Promise<void>((resolve) => {
        this.gzip.once('end', resolve);
        this.gzip.once('close', resolve);
        this.gzip.end();
      });
      if (this.active) this.file.end();
    }
    await this.fileClosed;
    if (this.failure !== null) {
      await this.discard();
      throw new DatasetManifestError('io_error', 'writing the gzip snapshot failed', {
        where: this.tempPath,
        fix: 'Check free disk space and permissions of the output directory.',
        cause: this.failure,
      });
    }
    if (this.stopped !== null) {
      await this.discard();
      return {
        emitted: false,
        sha256: null,
        compressedBytes: 0,
        inputBytes: this.inputBytes,
        stopped: this.stopped,
      };
    }
    return {
      emitted: true,
      sha256: this.hash.digest('hex'),
      compressedBytes: this.outputBytes,
      inputBytes: this.inputBytes,
      stopped: null,
    };
  }

  /** Stops everything and removes the temp file. */
  async discard(): Promise<void> {
    if (this.active) this.stop('aborted');
    await this.fileClosed;
    await rm(this.tempPath, { force: true });
  }

  private onCompressed(chunk: Buffer): void {
    if (!this.active) return;
    this.outputBytes += chunk.length;
    if (this.outputBytes > this.budgetBytes) {
      this.stop('over_budget');
      return;
    }
    this.hash.update(chunk);
    if (!this.file.write(chunk)) {
      this.gzip.pause();
      this.file.once('drain', () => this.gzip.resume());
    }
  }

  private stop(reason: 'over_budget' | 'aborted'): void {
    if (!this.active) return;
    this.stopped = reason;
    this.shutDown();
  }

  private fail(error: unknown): void {
    if (!this.active) return;
    this.failure = error;
    this.shutDown();
  }

  private shutDown(): void {
    this.gzip.destroy();
    this.file.destroy();
    // Destroyed streams may never call back queued writes: hand the buffers back now (zlib's
    // output is discarded from here on, so it no longer matters what they hold).
    for (const resolve of this.pending) resolve();
    this.pending.clear();
  }
}
