/** Receives one complete line (without its `\n`) as a view into `buf`: no copy is made. */
export type LineHandler = (
  buf: Buffer,
  start: number,
  end: number,
  lineNo: number,
  offset: number,
) => void;

/** Receives a line longer than the limit; its bytes were skipped, never buffered. */
export type LongLineHandler = (lineNo: number, offset: number, length: number) => void;

/**
 * Splits a stream of Buffers into lines without decoding them. A line that fits in one chunk is
 * handed over as a view of that chunk; only lines crossing chunk boundaries are copied. A line over
 * `maxLineBytes` is skipped as it streams by, so memory stays bounded by the limit.
 */
export class LineSplitter {
  private carry: Buffer[] = [];
  private carryLen = 0;
  private skipping = false;
  private skippedLen = 0;
  private lineNo = 0;
  private lineStart = 0;
  private position = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: LineHandler,
    private readonly onTooLong: LongLineHandler,
  ) {}

  /** Number of lines completed so far. */
  get lines(): number {
    return this.lineNo;
  }

  /** Feeds the next chunk of the file. */
  push(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(10, pos);
      if (nl === -1) {
        this.keepPartial(chunk, pos);
        break;
      }
      this.lineNo += 1;
      const len = this.carryLen + (nl - pos);
      if (this.skipping || len > this.maxLineBytes) {
        this.onTooLong(this.lineNo, this.lineStart, this.skippedLen + len);
      } else if (this.carryLen > 0) {
        this.carry.push(chunk.subarray(pos, nl));
        const line = Buffer.concat(this.carry, len);
        // The view into `chunk` was consumed by concat above; nothing keeps it.
        this.onLine(line, 0, len, this.lineNo, this.lineStart);
      } else {
        this.onLine(chunk, pos, nl, this.lineNo, this.lineStart);
      }
      this.resetLine();
      pos = nl + 1;
      this.lineStart = this.position + pos;
    }
    this.position += chunk.length;
  }

  /** Flushes a last line that has no trailing newline. */
  end(): void {
    if (!this.skipping && this.carryLen === 0) return;
    this.lineNo += 1;
    if (this.skipping) this.onTooLong(this.lineNo, this.lineStart, this.skippedLen);
    else {
      const line = Buffer.concat(this.carry, this.carryLen);
      this.onLine(line, 0, line.length, this.lineNo, this.lineStart);
    }
    this.resetLine();
  }

  private keepPartial(chunk: Buffer, pos: number): void {
    const part = chunk.length - pos;
    if (this.skipping) {
      this.skippedLen += part;
      return;
    }
    if (this.carryLen + part > this.maxLineBytes) {
      this.skipping = true;
      this.skippedLen = this.carryLen + part;
      this.carry = [];
      this.carryLen = 0;
      return;
    }
    // Copied: the reader reuses chunk buffers once they have been handed over.
    this.carry.push(Buffer.from(chunk.subarray(pos)));
    this.carryLen += part;
  }

  private resetLine(): void {
    this.carry = [];
    this.carryLen = 0;
    this.skipping = false;
    this.skippedLen = 0;
  }
}
