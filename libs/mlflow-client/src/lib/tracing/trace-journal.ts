import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, open, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { MlflowClientError } from '../errors/mlflow-client-error';

/** A batch of journal lines read back, and where the next batch starts. */
export interface JournalBatch {
  lines: string[];
  /** Byte offset just past the batch. */
  end: number;
}

/**
 * An append-only JSON-lines file of traces waiting to be sent: what keeps a run's memory flat
 * however many traces it logs and however slow the server is. Lines are appended in order;
 * {@link read} returns whole lines from a byte offset. The file lives in the spool folder (0600)
 * because what is not sent in the end becomes part of the run's spool entry.
 */
export class TraceJournal {
  private fh: FileHandle | undefined;
  private opening: Promise<FileHandle> | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** Appended lines not yet handed to a write. */
  private pending: Buffer[] = [];
  private failure: unknown;
  /** Bytes known to be in the file (appends that completed). */
  private written = 0;
  /** Lines appended (completed or not). */
  lines = 0;
  readonly file: string;

  constructor(private readonly dir: string) {
    this.file = join(dir, `.traces-${randomUUID()}.jsonl`);
  }

  /** Bytes appended so far (after {@link settled}). */
  get size(): number {
    return this.written;
  }

  /**
   * Appends one line (no newline in it); the write happens in order, in the background. Lines
   * appended while a write is under way go out together in the next one: a busy event loop
   * then waits for one write, not for one per line, before the lines can be read back.
   */
  append(line: string): void {
    this.lines++;
    this.pending.push(Buffer.from(`${line}\n`, 'utf8'));
    this.writing = this.writing.then(() => this.writePending());
  }

  private async writePending(): Promise<void> {
    if (this.failure !== undefined || this.pending.length === 0) return;
    const data = Buffer.concat(this.pending);
    this.pending = [];
    try {
      const fh = await this.handle();
      await fh.write(data, 0, data.length);
      this.written += data.length;
    } catch (error) {
      this.failure = error;
    }
  }

  /** Waits for every append so far; throws `spool_error` when the file cannot be written. */
  async settled(): Promise<void> {
    await this.writing;
    if (this.failure !== undefined)
      throw new MlflowClientError('spool_error', `cannot write the trace journal ${this.file}.`, {
        cause: this.failure,
        fix: 'Check that the spool folder is writable (CITED_SPOOL_DIR / spoolDir).',
      });
  }

  /**
   * Reads whole lines from `start`: up to `maxLines` lines and about `maxBytes` bytes (always
   * at least one line, however long), never past what has been written.
   */
  async read(start: number, maxLines: number, maxBytes: number): Promise<JournalBatch> {
    await this.settled();
    const lines: string[] = [];
    let end = start;
    let pos = start;
    let carry = Buffer.alloc(0);
    while (pos < this.written) {
      const want = Math.min(this.written - pos, 256 * 1024);
      const buf = Buffer.alloc(want);
      const { bytesRead } = await (await this.handle()).read(buf, 0, want, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      const data =
        carry.length > 0
          ? Buffer.concat([carry, buf.subarray(0, bytesRead)])
          : buf.subarray(0, bytesRead);
      let from = 0;
      // Bytes, not text: a chunk boundary may split a multi-byte character.
      for (let nl = data.indexOf(10, from); nl !== -1; nl = data.indexOf(10, from)) {
        lines.push(data.toString('utf8', from, nl));
        end += nl - from + 1;
        from = nl + 1;
        if (lines.length >= maxLines || end - start >= maxBytes) return { lines, end };
      }
      carry = data.subarray(from);
    }
    return { lines, end };
  }

  /** Copies the lines from byte `start` to the end into `dest` (created 0600). */
  async copyFrom(start: number, dest: string): Promise<void> {
    await this.settled();
    if (start >= this.written) {
      await writeFile(dest, '', { mode: 0o600 });
      return;
    }
    await pipeline(
      createReadStream(this.file, { start, end: Math.max(start, this.written) - 1 }),
      createWriteStream(dest, { mode: 0o600 }),
    );
  }

  /** Closes the file and removes it. */
  async remove(): Promise<void> {
    await this.writing;
    await this.close();
    await rm(this.file, { force: true });
  }

  /** Closes the file (kept on disk). */
  async close(): Promise<void> {
    const fh = this.fh;
    this.fh = undefined;
    this.opening = undefined;
    await fh?.close();
  }

  private handle(): Promise<FileHandle> {
    if (this.fh) return Promise.resolve(this.fh);
    this.opening ??= (async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await chmod(this.dir, 0o700);
      const fh = await open(this.file, 'a+', 0o600);
      this.fh = fh;
      return fh;
    })();
    return this.opening;
  }
}
