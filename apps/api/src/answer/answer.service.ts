import type { Logger } from 'pino';
import {
  DspyPipelineError,
  type AnswerResult,
  type PipelineKind,
  type TraceEvent,
} from '@cited/dspy-pipeline';
import type { ApiServerConfig } from '../config/api-config';
import { ApiError } from '../errors/api-error';
import type { PipelineFlags } from '../flags/pipeline-flags';
import type { LlmHealth } from '../health/llm-health';
import type { ApiMetrics } from '../observability/api-metrics';
import type { CircuitTicket, LlmCircuitBreaker } from '../pipelines/llm-circuit-breaker';
import type { RollbackMonitor } from '../pipelines/rollback-monitor';
import type { AnswerTraces } from '../traces/answer-traces';
import type { ProgramManager, ServingProgram } from '../programs/program-manager';
import type { RequestAbort } from '../request/client-abort';
import type { RequestState } from '../request/request-state';
import type { AnswerRequest, AnswerResponse } from './answer.schemas';

type DegradedReason = NonNullable<AnswerResponse['degradedReason']>;

/** Fallback chain after a failure of `kind`. */
const AFTER: Record<PipelineKind, PipelineKind[]> = {
  dspy: ['baseline', 'extractive'],
  baseline: ['extractive'],
  extractive: [],
};

function isUpstream(error: unknown): boolean {
  return (
    (DspyPipelineError.isInstance(error) &&
      (error.code === 'llm_timeout' ||
        error.code === 'llm_error' ||
        error.code === 'llm_invalid_reply')) ||
    (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
  );
}

/**
 * The distinct models (asked for and served) named by a trace, in order of first mention. A
 * plain loop: `flatMap` and a `Set` were half of `respond`'s own time, for traces that name
 * at most a few models (the extractive pipeline's names none).
 */
function modelsOf(trace: readonly TraceEvent[]): string[] {
  const models: string[] = [];
  for (const e of trace) {
    if (e.model !== undefined && !models.includes(e.model)) models.push(e.model);
    if (e.servedModel !== undefined && !models.includes(e.servedModel)) models.push(e.servedModel);
  }
  return models;
}

/** What {@link AnswerService} runs with. */
export interface AnswerServiceOptions {
  server: Pick<ApiServerConfig, 'allowPipelineOverride' | 'killSwitch' | 'defaultTopK' | 'logText'>;
  programs: ProgramManager;
  flags: PipelineFlags;
  rollback: RollbackMonitor;
  metrics: ApiMetrics;
  logger: Logger;
  llmHealth: LlmHealth;
  /** The circuit breaker of the LLM endpoint (baseline and dspy call it). */
  circuit: LlmCircuitBreaker;
  /** Retrieval can wait on I/O (Qdrant, an embedder): extractive answers take the signal too. */
  retrievalWaitsOnIo: boolean;
  /** MLflow traces: a sampled request runs a pipeline that records its steps. */
  traces?: AnswerTraces;
}

/**
 * Chooses the pipeline of a request (override → flag → kill switch → rollback → availability),
 * runs it, falls back on upstream failures, and records metrics and the request's log fields.
 */
export class AnswerService {
  private readonly server: AnswerServiceOptions['server'];
  private readonly programs: ProgramManager;
  private readonly flags: PipelineFlags;
  private readonly rollback: RollbackMonitor;
  private readonly metrics: ApiMetrics;
  private readonly logger: Logger;
  private readonly llmHealth: LlmHealth;
  private readonly circuit: LlmCircuitBreaker;
  private readonly retrievalWaitsOnIo: boolean;
  private readonly traces: AnswerTraces | undefined;

  constructor(options: AnswerServiceOptions) {
    this.server = options.server;
    this.programs = options.programs;
    this.flags = options.flags;
    this.rollback = options.rollback;
    this.metrics = options.metrics;
    this.logger = options.logger;
    this.llmHealth = options.llmHealth;
    this.circuit = options.circuit;
    this.retrievalWaitsOnIo = options.retrievalWaitsOnIo;
    this.traces = options.traces;
  }

  /**
   * Answers one validated request. `state` collects what the access log and the trace report;
   * `abort` cancels the pipeline's I/O when the client goes away.
   */
  async answer(
    body: AnswerRequest,
    requestId: string,
    state: RequestState,
    abort: RequestAbort,
  ): Promise<AnswerResponse> {
    const t0 = performance.now();
    const tenantId = state.tenantId ?? 'default';
    const primary = this.programs.current();
    const decision = await this.flags.decide(tenantId, requestId, primary.program.pipeline);
    let wanted = decision.pipeline;
    if (body.pipeline !== undefined) {
      if (this.server.allowPipelineOverride) wanted = body.pipeline;
      else this.logger.debug({ requestId, event: 'override_ignored' }, 'pipeline override ignored');
    }
    state.wantedPipeline = wanted;

    let kind = wanted;
    let degradedReason: DegradedReason | undefined;
    if (this.server.killSwitch || decision.killSwitch) {
      kind = this.programs.fallbackKind();
      degradedReason = 'kill_switch';
    } else if (wanted === 'dspy' && this.rollback.isTripped()) {
      kind = this.programs.fallbackKind();
      degradedReason = 'rollback';
    }
    let serving = this.programs.servingFor(kind);
    if (serving === null) {
      kind = this.programs.fallbackKind();
      degradedReason ??= 'unavailable';
      serving = this.programs.servingFor(kind);
    }
    if (serving === null) {
      throw new ApiError('pipeline_unavailable', 'No pipeline can answer right now; retry later.', {
        retryAfterSeconds: 10,
      });
    }
    if (degradedReason !== undefined && kind !== wanted) {
      this.metrics.fallbacks.inc({ from: wanted, to: kind, reason: degradedReason });
    }

    const topK = body.topK ?? this.server.defaultTopK ?? 5;
    const question = body.question;
    let result: AnswerResult;
    for (;;) {
      const ticket: CircuitTicket = kind === 'extractive' ? 'call' : this.circuit.admit();
      if (ticket === 'skip') {
        // The LLM endpoint's breaker is open: no call, and no wait, straight to the next
        // pipeline (the fallbacks that need the LLM skip it too).
        const next = this.nextServing(kind);
        if (next === null)
          throw new ApiError(
            'upstream_unavailable',
            'The language model is unavailable; retry later.',
            {
              retryAfterSeconds: 5,
            },
          );
        this.metrics.fallbacks.inc({ from: kind, to: next.kind, reason: 'upstream_error' });
        kind = next.kind;
        serving = next.serving;
        degradedReason = 'upstream_error';
        continue;
      }
      try {
        state.pipelineStartedAt = Date.now();
        // Only a pipeline that waits on I/O can be cancelled; the others run to the end in
        // one go, so they are not handed a signal (making one costs ≈ 5% of their CPU).
        const pipeline = this.traces?.pipelineFor(serving, kind, state) ?? serving.pipeline;
        result = await pipeline.answer(
          question,
          kind !== 'extractive' || this.retrievalWaitsOnIo
            ? { tenantId, topK, signal: abort.signal }
            : { tenantId, topK },
        );
        state.pipelineEndedAt = Date.now();
        // The dspy pipeline turns an `unsupported` verifier verdict into an abstention: the
        // verifier's own verdict is in the trace.
        if (kind === 'dspy')
          this.rollback.record(
            result.verification.verdict === 'unsupported' ||
              result.trace.some((e) => e.verdict === 'unsupported'),
          );
        if (kind !== 'extractive') {
          this.llmHealth.recordSuccess();
          this.circuit.success(ticket);
        }
        break;
      } catch (error) {
        const upstream = isUpstream(error) && !abort.aborted;
        if (kind === 'dspy' && !abort.aborted) this.rollback.record(true);
        if (kind !== 'extractive') {
          if (upstream) {
            this.llmHealth.recordFailure(error);
            this.circuit.failure(ticket);
          } else this.circuit.release(ticket);
          if (DspyPipelineError.isInstance(error) && error.code === 'llm_invalid_reply')
            this.metrics.llmInvalidReplies.inc({ pipeline: kind });
        }
        const next = upstream ? this.nextServing(kind) : null;
        this.metrics.answerDuration.observe(
          { pipeline: kind, outcome: 'error' },
          (performance.now() - t0) / 1000,
        );
        if (next === null) throw error;
        this.logger.warn(
          { requestId, event: 'pipeline_failed', pipeline: kind, fallback: next.kind, error },
          'pipeline failed upstream; answering with the fallback',
        );
        this.metrics.fallbacks.inc({ from: kind, to: next.kind, reason: 'upstream_error' });
        (state.failedPipelines ??= []).push(kind);
        kind = next.kind;
        serving = next.serving;
        degradedReason = 'upstream_error';
      }
    }
    const response = this.respond(
      result,
      kind,
      serving,
      degradedReason,
      requestId,
      state,
      t0,
      body.question,
    );
    // An override the server does not honour is said, never silently dropped.
    if (body.pipeline !== undefined)
      response.pipelineOverride = {
        requested: body.pipeline,
        honoured: this.server.allowPipelineOverride,
      };
    return response;
  }

  private nextServing(kind: PipelineKind): { kind: PipelineKind; serving: ServingProgram } | null {
    for (const k of AFTER[kind]) {
      const s = this.programs.servingFor(k);
      if (s !== null) return { kind: k, serving: s };
    }
    return null;
  }

  private respond(
    result: AnswerResult,
    kind: PipelineKind,
    serving: ServingProgram,
    degradedReason: DegradedReason | undefined,
    requestId: string,
    state: RequestState,
    t0: number,
    question: string,
  ): AnswerResponse {
    const totalMs = performance.now() - t0;
    const degraded = degradedReason !== undefined;
    const outcome = degraded ? 'degraded' : result.abstained ? 'abstained' : 'answered';
    this.metrics.answer(kind, outcome).observe(totalMs / 1000);
    this.metrics.retrieval(kind).observe(result.timings.retrievalMs / 1000);
    if (kind !== 'extractive') this.metrics.llm(kind).observe(result.timings.llmMs / 1000);
    this.metrics.verdict(kind, result.verification.verdict).inc();

    const models = modelsOf(result.trace);
    Object.assign(state, {
      pipeline: kind,
      degraded,
      fallbackReason: degradedReason,
      programId: serving.program.id,
      programVersion: serving.version ?? undefined,
      models: models.length > 0 ? models : serving.program.models,
      citedSourceIds: result.citations.map((c) => c.id),
      verdict: result.verification.verdict,
      timings: { ...result.timings, totalMs },
      trace: result.trace,
    } satisfies Partial<RequestState>);
    if (this.server.logText) {
      state.question = question;
      state.answer = result.answer;
    }
    const response: AnswerResponse = {
      answer: result.answer,
      abstained: result.abstained,
      citations: result.citations,
      verification: result.verification,
      pipeline: kind,
      program: {
        name: serving.program.name,
        id: serving.program.id,
        version: serving.version,
        source: serving.source,
      },
      degraded,
      requestId,
      timings: { retrievalMs: result.timings.retrievalMs, llmMs: result.timings.llmMs, totalMs },
    };
    if (degradedReason !== undefined) response.degradedReason = degradedReason;
    return response;
  }
}
