import type { TracesApi, TraceTarget } from './traces-api';
import type { TraceRecord } from './trace-record';

/** Why traces were dropped: the queue was full, or the server did not take their batch. */
export type TraceDropReason = 'queue_full' | 'export_failed';

/** Options of {@link TraceExporter}. */
export interface TraceExporterOptions {
  /** Where traces go; resolved before the first export (e.g. an experiment created on demand). */
  target: () => Promise<TraceTarget>;
  /** Most traces waiting; beyond it new traces are dropped (default 2048). */
  maxQueue?: number;
  /** Traces per request (default 50). */
  batchSize?: number;
  /** A partial batch waits at most this long (default 1000 ms). */
  flushIntervalMs?: number;
  /** Counts exported traces and spans. */
  onExported?: (traces: number, spans: number) => void;
  /** Counts dropped traces and spans. */
  onDropped?: (traces: number, spans: number, reason: TraceDropReason) => void;
  /** Reports a failed export (the batch is dropped); never gets trace contents. */
  onError?: (error: unknown) => void;
}

/**
 * Sends traces in the background for a server process: a bounded queue, one request in flight,
 * batches of up to `batchSize` traces (at once when a batch is full, else every
 * `flushIntervalMs`). Adding never waits and never throws: a full queue or a failed request
 * drops traces and counts them, so exporting cannot slow down or break what is traced.
 */
export class TraceExporter {
  private readonly queue: TraceRecord[] = [];
  private readonly queued = new Set<string>();
  private readonly maxQueue: number;
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly api: TracesApi,
    private readonly options: TraceExporterOptions,
  ) {
    this.maxQueue = options.maxQueue ?? 2048;
    this.batchSize = Math.max(1, options.batchSize ?? 50);
  }

  /** True when the queue is full: a trace built now would be dropped (check before building). */
  get full(): boolean {
    return this.closed || this.queue.length >= this.maxQueue;
  }

  /** Whether a trace is waiting to be sent (queued or in the request in flight). */
  has(traceId: string): boolean {
    return this.queued.has(traceId);
  }

  /**
   * Queues a trace built by typed code (it is not validated again here: that would cost every
   * traced request). Returns false when it was dropped (queue full or exporter closed).
   */
  enqueue(trace: TraceRecord): boolean {
    if (this.closed || this.queue.length >= this.maxQueue) {
      this.options.onDropped?.(1, trace.spans.length, 'queue_full');
      return false;
    }
    this.queue.push(trace);
    this.queued.add(trace.traceId);
    if (this.queue.length >= this.batchSize) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), this.options.flushIntervalMs ?? 1000).unref();
    return true;
  }

  /** Sends everything queued now; resolves when the queue is empty (dropped or sent). */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight !== undefined) {
      this.kick();
      await this.inFlight;
    }
  }

  /** Sends what is queued and stops; later traces are dropped. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight !== undefined || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.batchSize);
    this.inFlight = this.send(batch).finally(() => {
      for (const t of batch) this.queued.delete(t.traceId);
      this.inFlight = undefined;
      if (this.queue.length >= this.batchSize) this.kick();
      else if (this.queue.length > 0)
        this.timer ??= setTimeout(() => this.kick(), this.options.flushIntervalMs ?? 1000).unref();
    });
  }

  private async send(batch: TraceRecord[]): Promise<void> {
    const spans = batch.reduce((n, t) => n + t.spans.length, 0);
    try {
      await this.api.logValidated(await this.options.target(), batch);
      this.options.onExported?.(batch.length, spans);
    } catch (error) {
      this.options.onDropped?.(batch.length, spans, 'export_failed');
      this.options.onError?.(error);
    }
  }
}
