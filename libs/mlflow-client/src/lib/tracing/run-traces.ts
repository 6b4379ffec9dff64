import { MlflowClientError } from '../errors/mlflow-client-error';
import type { TracesApi, TraceTarget } from './traces-api';
import { TraceJournal } from './trace-journal';
import { traceRecordSchema, type TraceRecord, type TraceRecordInput } from './trace-record';

/** Traces per write (one OTLP request, and at most this many StartTraceV3 requests). */
const BATCH_TRACES = 50;
/** Journal bytes per write: keeps an OTLP request body at a few megabytes. */
const BATCH_BYTES = 2 * 1024 * 1024;
/**
 * StartTraceV3 requests in flight. The evaluation keeps this process's event loop busy, so a
 * reply may wait a while before the next request goes out; with a few queued at the server,
 * its one worker does not sit idle meanwhile and more traces are in before the run ends.
 */
const START_CONCURRENCY = 4;

/** What is left of a run's traces when it ends: the spool entry takes it. */
export interface PendingTraces {
  journal: TraceJournal;
  /** Byte offset of the first unsent trace in the journal. */
  from: number;
  count: number;
}

/** How a run's trace log reports. */
export interface RunTracesOptions {
  spoolDir: string;
  /** Errors that are not outages (a rejected batch is dropped and reported here). */
  onRejected: (error: unknown, traces: number) => void;
  /** Whether an error means "the server is away" (keep the traces) rather than "bad request". */
  isOutage: (error: unknown) => boolean;
}

/**
 * The traces of one run. Each logged trace is appended to a journal file at once and sent in
 * the background, a batch at a time, as soon as the run exists on the server: the evaluation
 * never waits for MLflow, and memory stays flat however many traces are waiting. When the
 * server goes away the traces stay in the journal; whatever is unsent at the end goes into the
 * run's spool entry.
 */
export class RunTraces {
  private journal: TraceJournal | undefined;
  private target: TraceTarget | undefined;
  private sentBytes = 0;
  private sentLines = 0;
  private pump: Promise<void> | undefined;
  private offline = false;

  constructor(
    private readonly api: TracesApi,
    private readonly options: RunTracesOptions,
  ) {}

  /** Traces logged and not yet accepted by the server. */
  get pending(): number {
    return (this.journal?.lines ?? 0) - this.sentLines;
  }

  /** Where traces go; unset (the server was away at the start): they wait for the spool. */
  setTarget(target: TraceTarget | undefined): void {
    this.target = target;
  }

  /**
   * Validates and records one trace; sent in the background.
   * @throws MlflowClientError `invalid_argument` naming the first problem.
   */
  add(trace: TraceRecordInput): void {
    const parsed = traceRecordSchema.safeParse(trace);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new MlflowClientError(
        'invalid_argument',
        `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}.`,
        { where: 'trace' },
      );
    }
    this.journal ??= new TraceJournal(this.options.spoolDir);
    this.journal.append(JSON.stringify(parsed.data satisfies TraceRecord));
    this.kick();
  }

  /**
   * Sends everything logged so far (trying again after an outage). Resolves when all traces
   * are accepted or the server is away (they stay pending); rejects only when the journal
   * cannot be written.
   */
  async drain(): Promise<void> {
    if (this.journal === undefined) return;
    this.offline = false;
    for (;;) {
      this.kick();
      const current = this.pump;
      if (current === undefined) break;
      await current;
    }
    await this.journal.settled();
  }

  /**
   * Ends the log: the unsent traces (for the spool entry), or undefined when every trace was
   * accepted (the journal is removed then). Call {@link release} once the entry is written.
   */
  async finish(): Promise<PendingTraces | undefined> {
    await this.pump;
    if (this.journal === undefined) return undefined;
    await this.journal.settled();
    if (this.pending === 0) {
      await this.release();
      return undefined;
    }
    return { journal: this.journal, from: this.sentBytes, count: this.pending };
  }

  /** Removes the journal. */
  async release(): Promise<void> {
    await this.journal?.remove();
  }

  private kick(): void {
    if (this.pump !== undefined || this.offline || this.target === undefined) return;
    const journal = this.journal;
    if (journal === undefined || this.sentLines >= journal.lines) return;
    this.pump = this.sendAll(journal, this.target).finally(() => {
      this.pump = undefined;
    });
  }

  /**
   * Sends the journal from `sentBytes` on. Pipelined: the StartTraceV3 requests of a batch go
   * out while the spans of the batch before it are still being exported, so the server has the
   * next work queued instead of waiting for this process (busy evaluating) to read, parse and
   * send the next batch. A batch counts as sent once its spans are in; batches finish in order.
   */
  private async sendAll(journal: TraceJournal, target: TraceTarget): Promise<void> {
    let readFrom = this.sentBytes;
    let exporting: { done: Promise<void>; end: number; count: number } | undefined;
    /** Waits for the spans in flight; false when the server went away meanwhile. */
    const settle = async (): Promise<boolean> => {
      const e = exporting;
      exporting = undefined;
      if (e === undefined) return true;
      try {
        await e.done;
      } catch (error) {
        if (this.options.isOutage(error)) {
          this.offline = true;
          return false;
        }
        this.options.onRejected(error, e.count);
      }
      this.sentBytes = e.end;
      this.sentLines += e.count;
      return true;
    };
    for (;;) {
      try {
        await journal.settled();
      } catch {
        await settle();
        return;
      }
      const batch = await journal.read(readFrom, BATCH_TRACES, BATCH_BYTES);
      if (batch.lines.length === 0) {
        await settle();
        return;
      }
      const traces = batch.lines.map((l) => JSON.parse(l) as TraceRecord);
      let started = true;
      try {
        await this.api.startValidated(target, traces, { concurrency: START_CONCURRENCY });
      } catch (error) {
        started = false;
        if (!(await settle())) return;
        if (this.options.isOutage(error)) {
          this.offline = true;
          return;
        }
        // A batch the server refused is dropped (reported), not retried for ever.
        this.options.onRejected(error, traces.length);
        this.sentBytes = batch.end;
        this.sentLines += batch.lines.length;
      }
      if (started) {
        if (!(await settle())) return;
        const done = this.api.spansValidated(target, traces);
        // Awaited by settle(); until then a rejection is not unhandled.
        done.catch(() => undefined);
        exporting = { done, end: batch.end, count: batch.lines.length };
      }
      readFrom = batch.end;
    }
  }
}
