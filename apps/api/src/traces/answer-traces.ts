import type { Logger } from 'pino';
import {
  answerTrace,
  createAnswerRecorder,
  type AnswerRecorder,
  type AnswerResult,
  type PipelineKind,
  type QaPipeline,
} from '@cited/dspy-pipeline';
import {
  MlflowClient,
  TraceExporter,
  mlflowTraceId,
  newTraceId,
  type MlflowConfig,
  type TraceDropReason,
} from '@cited/mlflow-client';
import type { ApiMetrics } from '../observability/api-metrics';
import type { QaEngine } from '../pipelines/qa-engine';
import type { ServingProgram } from '../programs/serving-program';
import type { RequestState } from '../request/request-state';
import type { TraceConfig } from './trace-config';
import type { TraceScrubbers } from './trace-scrubbers';

/** What one sampled request has done so far, for its trace. */
interface Recording {
  traceId: string;
  question?: string;
  startedAtMs?: number;
  endedAtMs?: number;
  recorder?: AnswerRecorder;
  result?: AnswerResult;
  error?: { code: string; message: string };
}

/** What {@link AnswerTraces} works with. */
export interface AnswerTracesOptions {
  config: TraceConfig;
  mlflow: MlflowConfig;
  scrubbers: TraceScrubbers;
  engine: QaEngine;
  metrics: ApiMetrics;
  logger: Logger;
  /** Test seam for sampling; default `Math.random`. */
  random?: () => number;
}

/** How long shutdown waits for queued traces. */
const SHUTDOWN_FLUSH_MS = 3_000;
/** At most one warning about failed exports per this many ms. */
const WARN_EVERY_MS = 60_000;

function codeOf(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string')
    return error.code;
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
    return 'aborted';
  return 'internal';
}

/**
 * MLflow traces of the API's answers (`CITED_TRACE_*`). A sampled request gets a pipeline of
 * its own that records its steps; when the response has been sent, its trace (scrubbed) is
 * queued and exported in the background to the trace experiment. Export never blocks or fails
 * a response: a full queue or an unreachable MLflow drops traces and counts them in `/metrics`.
 */
export class AnswerTraces {
  readonly enabled: boolean;
  private readonly recordings = new WeakMap<RequestState, Recording | null>();
  private readonly client: MlflowClient;
  private readonly exporter: TraceExporter;
  private experimentId: Promise<string> | undefined;
  private lastWarning = 0;
  private readonly random: () => number;
  private readonly countDropped: (traces: number, spans: number, reason: TraceDropReason) => void;

  constructor(private readonly options: AnswerTracesOptions) {
    const { config, metrics } = options;
    this.enabled = config.sample > 0;
    this.random = options.random ?? Math.random;
    // Traces must never hold the API up: few retries, short timeouts.
    this.client = new MlflowClient({
      ...options.mlflow,
      maxRetries: Math.min(options.mlflow.maxRetries, 1),
      requestTimeoutMs: Math.min(options.mlflow.requestTimeoutMs, 10_000),
    });
    this.countDropped = (traces, spans, reason) => {
      const dropped = metrics.traceDrops(reason);
      dropped.traces.inc(traces);
      dropped.spans.inc(spans);
    };
    this.exporter = new TraceExporter(this.client.traces, {
      target: async () => ({ experimentId: await this.experiment() }),
      maxQueue: config.queue,
      onExported: (n) => metrics.tracesExported.inc(n),
      onDropped: (traces, spans, reason) => this.countDropped(traces, spans, reason),
      onError: (error) => this.warn(error),
    });
  }

  /** The id of the trace experiment (created when missing; asked again after a failure). */
  experiment(): Promise<string> {
    this.experimentId ??= this.client.experiments
      .getOrCreate(this.options.config.experiment)
      .catch((error: unknown) => {
        this.experimentId = undefined;
        throw error;
      });
    return this.experimentId;
  }

  /** The client traces are written with (feedback uses it too). */
  get mlflow(): MlflowClient {
    return this.client;
  }

  /** Whether a trace is still waiting in the queue (feedback flushes it first). */
  pending(traceId: string): boolean {
    return this.exporter.has(traceId.replace(/^tr-/, ''));
  }

  /** Sends the queued traces now. */
  flush(): Promise<void> {
    return this.exporter.flush();
  }

  /**
   * The pipeline a request runs: the serving one, or, when the request is sampled, one built
   * for it that records what it does. Sampling is decided once per request; every attempt
   * (fallbacks included) of a sampled request is recorded, the last one makes the trace.
   */
  pipelineFor(serving: ServingProgram, kind: PipelineKind, state: RequestState): QaPipeline {
    if (!this.enabled) return serving.pipeline;
    let rec = this.recordings.get(state);
    if (rec === undefined) {
      rec = this.random() < this.options.config.sample ? this.startRecording() : null;
      this.recordings.set(state, rec);
    }
    if (rec === null) return serving.pipeline;
    const recording = rec;
    const recorder = createAnswerRecorder();
    const inner = this.options.engine.createPipeline(kind, serving.program, recorder);
    return {
      kind: inner.kind,
      async answer(question, opts) {
        Object.assign(recording, { question, recorder, startedAtMs: Date.now() });
        recording.result = undefined;
        recording.error = undefined;
        try {
          recording.result = await inner.answer(question, opts);
          return recording.result;
        } catch (error) {
          recording.error = {
            code: codeOf(error),
            message: error instanceof Error ? error.message : String(error),
          };
          throw error;
        } finally {
          recording.endedAtMs = Date.now();
        }
      },
    };
  }

  /**
   * A new recording, or null when the queue is already full: its trace would be dropped, so the
   * request is neither recorded nor given an `X-Trace-Id`, and the trace is counted as dropped
   * (its spans are not known yet: none are counted). Under a load MLflow cannot take, a sampled
   * request then costs next to nothing more than an unsampled one.
   */
  private startRecording(): Recording | null {
    if (!this.exporter.full) return { traceId: newTraceId() };
    this.options.metrics.countTraceShed();
    return null;
  }

  /** The `X-Trace-Id` of a request: set once its pipeline has run (`tr-…`). */
  traceIdOf(state: RequestState): string | undefined {
    const rec = this.recordings.get(state);
    return rec?.startedAtMs === undefined ? undefined : mlflowTraceId(rec.traceId);
  }

  /** Builds the request's trace (after its response was sent) and queues it. */
  finish(state: RequestState, requestId: string, statusCode: number): void {
    const rec = this.recordings.get(state);
    this.recordings.delete(state);
    if (!rec || rec.question === undefined || rec.startedAtMs === undefined) return;
    if (this.exporter.full) {
      // Dropped before it is built: under a load MLflow cannot take, tracing costs next to nothing.
      const steps = rec.result?.trace.length ?? rec.recorder?.events.length ?? 0;
      this.countDropped(1, steps + 1, 'queue_full');
      return;
    }
    const { scrubbers } = this.options;
    const failed = rec.result === undefined || statusCode >= 500;
    const tags: Record<string, string> = {
      'cited.kind': 'api',
      'cited.http_status': String(statusCode),
    };
    const add = (key: string, value: string | number | boolean | undefined) => {
      if (value !== undefined) tags[key] = String(value);
    };
    add('cited.request_id', scrubbers.text(requestId));
    add('cited.tenant', state.tenantId);
    add('cited.pipeline', state.pipeline);
    add('cited.pipeline.wanted', state.wantedPipeline);
    add('cited.program.id', state.programId);
    add('cited.program.version', state.programVersion);
    add('cited.degraded', state.degraded);
    add('cited.fallback_reason', state.fallbackReason);
    if (state.failedPipelines?.length)
      add('cited.failed_pipelines', state.failedPipelines.join(','));
    const error = failed
      ? (rec.error ?? { code: state.errorCode ?? `http_${statusCode}`, message: '' })
      : undefined;
    if (error !== undefined) add('cited.error_code', error.code);
    const trace = answerTrace({
      traceId: rec.traceId,
      question: rec.question,
      startedAtMs: rec.startedAtMs,
      ...(rec.endedAtMs === undefined ? {} : { endedAtMs: rec.endedAtMs }),
      ...(rec.result === undefined ? {} : { result: rec.result }),
      ...(error === undefined ? {} : { error }),
      ...(rec.recorder === undefined ? {} : { recorded: rec.recorder }),
      tags,
      scrub: scrubbers.text,
      scrubPassage: scrubbers.passage,
    });
    // Built by typed code: the exporter does not validate it again (that would cost every request).
    this.exporter.enqueue(trace);
  }

  /** Sends what is queued (within a few seconds) and stops exporting. */
  async onApplicationShutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.exporter.close(),
      new Promise<void>((r) => (timer = setTimeout(r, SHUTDOWN_FLUSH_MS).unref())),
    ]);
    clearTimeout(timer);
    this.client.close();
  }

  private warn(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.options.logger.warn(
      { event: 'mlflow_traces_dropped', error },
      'MLflow traces could not be exported and were dropped (cited_mlflow_traces_dropped_total counts them)',
    );
  }
}
