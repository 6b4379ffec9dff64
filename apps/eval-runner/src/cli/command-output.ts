import type { Writable } from 'node:stream';

/**
 * Where a command writes. With `--json` the single JSON result goes to stdout and all
 * human text to stderr; without it, human text goes to stdout.
 */
export class CommandOutput {
  private emitted = false;

  constructor(
    readonly json: boolean,
    private readonly stdout: Writable = process.stdout,
    private readonly stderr: Writable = process.stderr,
  ) {}

  /** Human-readable text (summary, tables). */
  human(text: string): void {
    (this.json ? this.stderr : this.stdout).write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Progress and warnings: always stderr, so stdout stays parseable. */
  note(text: string): void {
    this.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** The command's machine-readable result; written once, only with `--json`. */
  result(value: unknown): void {
    if (!this.json || this.emitted) return;
    this.emitted = true;
    this.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** The stream progress bars draw on (stderr; redraws in place only when it is a terminal). */
  get progressStream(): Writable & { isTTY?: boolean } {
    return this.stderr;
  }

  /** Whether {@link result} has been written. */
  get hasResult(): boolean {
    return this.emitted;
  }
}
