import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Caches a metric's bound children by label values (given in `labelNames` order), so the hot
 * path does not call `labels()` (label mapping, a validation and new closures) per observation;
 * prom-client still validates and hashes the labels inside each observation. Label values are
 * bounded enums; the cache is capped anyway.
 */
export function boundLabels<B>(bind: (...values: string[]) => B): (...values: string[]) => B {
  const cache = new Map<string, B>();
  return (...values) => {
    const key = values.join('\u0000');
    let bound = cache.get(key);
    if (bound === undefined) {
      if (cache.size >= 1000) cache.clear();
      bound = bind(...values);
      cache.set(key, bound);
    }
    return bound;
  };
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Prometheus metrics of one API instance, on its own registry (several instances can live in
 * one process, e.g. in tests). Label values are bounded enums: never tenant ids or text.
 */
export class ApiMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'cited_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly answerDuration = new Histogram({
    name: 'cited_answer_duration_seconds',
    help: 'POST /v1/answer latency by pipeline and outcome (answered, abstained, degraded, error)',
    labelNames: ['pipeline', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly llmDuration = new Histogram({
    name: 'cited_llm_duration_seconds',
    help: 'Time spent in LLM calls per answer, by pipeline',
    labelNames: ['pipeline'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly retrievalDuration = new Histogram({
    name: 'cited_retrieval_duration_seconds',
    help: 'Retrieval latency per answer, by pipeline',
    labelNames: ['pipeline'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly verdicts = new Counter({
    name: 'cited_verifier_verdicts_total',
    help: 'Verifier verdicts by pipeline',
    labelNames: ['pipeline', 'verdict'] as const,
    registers: [this.registry],
  });

  readonly fallbacks = new Counter({
    name: 'cited_fallbacks_total',
    help: 'Answers served by the fallback pipeline, by wanted pipeline, served pipeline and reason',
    labelNames: ['from', 'to', 'reason'] as const,
    registers: [this.registry],
  });

  readonly programReloads = new Counter({
    name: 'cited_program_reloads_total',
    help: 'Program load attempts by source and result (loaded, refused, error)',
    labelNames: ['source', 'result'] as const,
    registers: [this.registry],
  });

  readonly rollbacks = new Counter({
    name: 'cited_rollbacks_total',
    help: 'Automated rollbacks of the dspy pipeline to the fallback',
    registers: [this.registry],
  });

  readonly rollbackActive = new Gauge({
    name: 'cited_rollback_active',
    help: '1 while the dspy pipeline is rolled back to the fallback',
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'cited_rate_limited_total',
    help: 'Requests refused by the per-tenant rate limit',
    registers: [this.registry],
  });

  readonly flagReloads = new Counter({
    name: 'cited_flag_reloads_total',
    help: 'Feature flag file reloads by result (loaded, invalid)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly tracesExported = new Counter({
    name: 'cited_mlflow_traces_exported_total',
    help: 'Answer traces accepted by MLflow',
    registers: [this.registry],
  });

  /** Sampled requests shed at the door since the last scrape (see {@link countTraceShed}). */
  private tracesShed = 0;

  readonly tracesDropped = new Counter({
    name: 'cited_mlflow_traces_dropped_total',
    help: 'Answer traces dropped: queue_full (CITED_TRACE_QUEUE) or export_failed (MLflow away)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
    collect: () => this.addShedTraces(),
  });

  readonly spansDropped = new Counter({
    name: 'cited_mlflow_spans_dropped_total',
    help: 'Spans of dropped answer traces, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly llmCircuitState = new Gauge({
    name: 'cited_llm_circuit_state',
    help: 'Circuit breaker of the LLM endpoint (label: its provider): 0 closed, 1 half-open (probing), 2 open',
    labelNames: ['endpoint'] as const,
    registers: [this.registry],
  });

  readonly llmCircuitTransitions = new Counter({
    name: 'cited_llm_circuit_transitions_total',
    help: 'Circuit breaker transitions of the LLM endpoint, by state left and state entered',
    labelNames: ['endpoint', 'from', 'to'] as const,
    registers: [this.registry],
  });

  readonly llmInvalidReplies = new Counter({
    name: 'cited_llm_invalid_replies_total',
    help: 'LLM replies a pipeline could not use (not the JSON or fields it asked for), by pipeline',
    labelNames: ['pipeline'] as const,
    registers: [this.registry],
  });

  readonly authFailures = new Counter({
    name: 'cited_auth_failures_total',
    help: 'Requests with a missing or invalid API key, by outcome (refused 401, limited 429)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  /** Bound children (label values in `labelNames` order) for the per-request observations. */
  readonly http = boundLabels((method, route, status) =>
    this.httpDuration.labels(method as string, route as string, status as string),
  );
  readonly answer = boundLabels((pipeline, outcome) =>
    this.answerDuration.labels(pipeline as string, outcome as string),
  );
  readonly retrieval = boundLabels((pipeline) => this.retrievalDuration.labels(pipeline as string));
  readonly llm = boundLabels((pipeline) => this.llmDuration.labels(pipeline as string));
  readonly verdict = boundLabels((pipeline, verdict) =>
    this.verdicts.labels(pipeline as string, verdict as string),
  );
  /** Dropped traces and their spans by reason (a batch MLflow refused, a built trace shed). */
  readonly traceDrops = boundLabels((reason) => ({
    traces: this.tracesDropped.labels(reason as string),
    spans: this.spansDropped.labels(reason as string),
  }));

  /**
   * Counts a sampled request shed before it was recorded (queue full), as one dropped trace
   * with no spans. Under a load MLflow cannot take almost every sampled request is shed: a
   * plain increment here, added to `cited_mlflow_traces_dropped_total{reason="queue_full"}`
   * when the metrics are read, instead of prom-client's label hashing on every request.
   */
  countTraceShed(): void {
    this.tracesShed++;
  }

  private addShedTraces(): void {
    if (this.tracesShed === 0) return;
    this.tracesDropped.inc({ reason: 'queue_full' }, this.tracesShed);
    this.tracesShed = 0;
  }

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'cited_' });
  }
}
