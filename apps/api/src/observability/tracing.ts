import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  defaultTextMapGetter,
  trace,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { TraceEvent } from '@cited/dspy-pipeline';
import type { ApiServerConfig } from '../config/api-config';
import type { RequestState } from '../request/request-state';

/** Version reported as the tracer's and the service's (matches the OpenAPI document). */
const API_VERSION = '0.1.0';

/** What the HTTP layer knows when a traced request starts. */
export interface TracedRequestStart {
  method: string;
  route: string;
  requestId: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Tracing of one API instance. Disabled (the default): no SDK is created and
 * {@link startRequest} returns null, so the request path does no tracing work at all.
 *
 * Spans carry ids, names, counts, latencies and verdicts; never question or answer text.
 */
export interface ApiTracing {
  readonly enabled: boolean;
  /** Server span of a request, child of an incoming W3C `traceparent` when there is one. */
  startRequest(start: TracedRequestStart): Span | null;
  /** Adds the answer span and its module spans (from the pipeline trace), then ends `span`. */
  finishRequest(span: Span, requestId: string, statusCode: number, state: RequestState): void;
  /** Flushes pending spans and stops the SDK; Nest calls it when the app has shut down. */
  onApplicationShutdown(): Promise<void>;
}

/** Tracing that does nothing; no OpenTelemetry SDK is started. */
export const DISABLED_TRACING: ApiTracing = {
  enabled: false,
  startRequest: () => null,
  finishRequest: () => undefined,
  onApplicationShutdown: async () => undefined,
};

/** Options of {@link startTracing}. */
export interface StartTracingOptions {
  /** Replaces the OTLP exporter (tests: `InMemorySpanExporter`); spans are exported at once. */
  exporter?: SpanExporter;
}

/** Attributes without undefined values (OTel drops them anyway; this keeps intent explicit). */
function attrs(input: Record<string, Attributes[string]>): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(input)) if (v !== undefined) out[k] = v;
  return out;
}

function moduleSpanName(event: TraceEvent): string {
  if (event.module === 'retriever') return 'cited.retrieval';
  return event.model !== undefined ? `cited.llm ${event.module}` : `cited.${event.module}`;
}

/** Attributes of one pipeline trace event: ids, models, tokens, verdict; no text. */
export function traceEventAttributes(event: TraceEvent, requestId: string): Attributes {
  return attrs({
    'cited.request_id': requestId,
    'cited.module': event.module,
    'cited.latency_ms': event.latencyMs,
    'cited.passage_ids': event.passageIds,
    'cited.prompt_hash': event.promptHash,
    'gen_ai.request.model': event.model,
    'gen_ai.response.model': event.servedModel,
    'gen_ai.usage.input_tokens': event.tokens?.promptTokens,
    'gen_ai.usage.output_tokens': event.tokens?.completionTokens,
    'cited.verdict': event.verdict,
    // The message may quote provider output; only the fact of an error is recorded.
    'cited.error': event.error !== undefined ? true : undefined,
  });
}

class OtelTracing implements ApiTracing {
  readonly enabled = true;
  private readonly tracer: Tracer;
  private readonly propagator = new W3CTraceContextPropagator();

  constructor(private readonly provider: NodeTracerProvider) {
    this.tracer = provider.getTracer('@cited/api', API_VERSION);
  }

  startRequest(start: TracedRequestStart): Span {
    const parent = this.propagator.extract(ROOT_CONTEXT, start.headers, defaultTextMapGetter);
    return this.tracer.startSpan(
      `${start.method} ${start.route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': start.method,
          'http.route': start.route,
          'cited.request_id': start.requestId,
        },
      },
      parent,
    );
  }

  finishRequest(span: Span, requestId: string, statusCode: number, st: RequestState): void {
    const common = attrs({
      'cited.tenant_id': st.tenantId,
      'cited.pipeline': st.pipeline,
      'cited.pipeline.wanted': st.wantedPipeline,
      'cited.degraded': st.degraded,
      'cited.fallback_reason': st.fallbackReason,
      'cited.program.id': st.programId,
      'cited.program.version': st.programVersion,
      'cited.models': st.models,
      'cited.verdict': st.verdict,
      'cited.cited_source_ids': st.citedSourceIds,
    });
    span.setAttributes({
      ...common,
      'http.response.status_code': statusCode,
      ...attrs({ 'cited.error_code': st.errorCode }),
    });
    for (const failed of st.failedPipelines ?? [])
      span.addEvent('pipeline_failed', attrs({ 'cited.pipeline': failed }));
    if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });

    const startedAt = st.pipelineStartedAt;
    const endedAt = st.pipelineEndedAt;
    if (startedAt !== undefined && endedAt !== undefined && st.trace !== undefined) {
      const parent = trace.setSpan(ROOT_CONTEXT, span);
      const answer = this.tracer.startSpan(
        'cited.answer',
        {
          kind: SpanKind.INTERNAL,
          startTime: startedAt,
          attributes: {
            ...common,
            'cited.request_id': requestId,
            ...attrs({
              'cited.retrieval_ms': st.timings?.retrievalMs,
              'cited.llm_ms': st.timings?.llmMs,
            }),
          },
        },
        parent,
      );
      const inAnswer = trace.setSpan(ROOT_CONTEXT, answer);
      // Events carry latencies, not start times: lay them out in pipeline order.
      let cursor = startedAt;
      for (const event of st.trace) {
        const child = this.tracer.startSpan(
          moduleSpanName(event),
          {
            kind: event.model !== undefined ? SpanKind.CLIENT : SpanKind.INTERNAL,
            startTime: cursor,
            attributes: traceEventAttributes(event, requestId),
          },
          inAnswer,
        );
        if (event.error !== undefined) child.setStatus({ code: SpanStatusCode.ERROR });
        cursor += event.latencyMs;
        child.end(cursor);
      }
      answer.end(Math.max(endedAt, cursor));
    }
    span.end();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}

/**
 * Starts OpenTelemetry tracing when `CITED_OTEL_ENABLED` is on: spans go to
 * `OTEL_EXPORTER_OTLP_ENDPOINT`/v1/traces (OTLP/HTTP, batched) as `OTEL_SERVICE_NAME`.
 * The provider is not registered globally, so several instances can share a process.
 */
export function startTracing(
  server: Pick<ApiServerConfig, 'otelEnabled' | 'otelEndpoint' | 'otelServiceName'>,
  options: StartTracingOptions = {},
): ApiTracing {
  if (!server.otelEnabled) return DISABLED_TRACING;
  const processor =
    options.exporter !== undefined
      ? new SimpleSpanProcessor(options.exporter)
      : new BatchSpanProcessor(
          new OTLPTraceExporter({ url: `${server.otelEndpoint.replace(/\/+$/, '')}/v1/traces` }),
        );
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': server.otelServiceName,
      'service.version': API_VERSION,
    }),
    spanProcessors: [processor],
  });
  return new OtelTracing(provider);
}
