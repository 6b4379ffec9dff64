/** Where a progress bar draws: stderr in the CLI, a PassThrough in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * A progress bar on stderr. On a terminal it redraws one line (at most every 100 ms); when
 * stderr is a file or a pipe it prints a plain line at every 10% so logs stay readable.
 */
export class ProgressBar {
  private done = 0;
  private lastDraw = 0;
  private lastDecile = -1;
  private lastCount = -1;
  private readonly started = performance.now();
  private finished = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    private readonly total: number,
  ) {}

  /** Counts `n` more items as done. */
  tick(n = 1): void {
    this.done += n;
    this.draw(false);
  }

  /** Draws the final state and ends the line. */
  finish(suffix = ''): void {
    if (this.finished) return;
    this.finished = true;
    this.draw(true, suffix);
  }

  private draw(final: boolean, suffix = ''): void {
    const total = Math.max(this.total, 1);
    const ratio = Math.min(this.done / total, 1);
    const elapsed = (performance.now() - this.started) / 1000;
    const text = `${this.label} ${this.done}/${this.total} (${Math.round(ratio * 100)}%) ${elapsed.toFixed(1)}s${suffix ? ` ${suffix}` : ''}`;
    if (this.stream.isTTY) {
      const now = performance.now();
      if (!final && now - this.lastDraw < 100) return;
      this.lastDraw = now;
      const width = 24;
      const filled = Math.round(ratio * width);
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
      this.stream.write(`\r${bar} ${text}\u001b[K${final ? '\n' : ''}`);
      return;
    }
    const decile = Math.floor(ratio * 10);
    if (!final && decile === this.lastDecile) return;
    if (final && !suffix && decile === this.lastDecile && this.lastCount === this.done) return;
    this.lastDecile = decile;
    this.lastCount = this.done;
    this.stream.write(`${text}\n`);
  }
}
