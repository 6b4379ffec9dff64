import type { SpanRecord, TraceRecord, TraceStatus } from './trace-record';

/**
 * Span attributes MLflow reads (`mlflow/tracing/constant.py`, `SpanAttributeKey`): what the UI
 * shows as a span's type, inputs, outputs and token usage, and the per-tag attributes its OTLP
 * ingestion turns into trace tags.
 */
export const MLFLOW_SPAN_ATTRIBUTES = {
  spanType: 'mlflow.spanType',
  inputs: 'mlflow.spanInputs',
  outputs: 'mlflow.spanOutputs',
  tokenUsage: 'mlflow.chat.tokenUsage',
  model: 'mlflow.llm.model',
  traceTagPrefix: 'mlflow.traceTag.',
} as const;

/** Path of MLflow's OTLP/HTTP trace ingestion (MLflow ≥ 3.6, SQL backend). */
export const OTLP_TRACES_PATH = '/v1/traces';
/** Header naming the experiment OTLP spans are stored in. */
export const OTLP_EXPERIMENT_HEADER = 'x-mlflow-experiment-id';
/** Header linking the traces whose root span is in the request to a run (≤ 100 per request). */
export const OTLP_RUN_HEADER = 'x-mlflow-run-id';

interface OtlpAttribute {
  key: string;
  value: { stringValue: string };
}

/** OTLP/JSON `Span` (ids as hex, times as decimal strings of nanoseconds). */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttribute[];
  status: { code: number; message?: string };
}

/** OTLP/JSON `ExportTraceServiceRequest`. */
export interface OtlpExportRequest {
  resourceSpans: {
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: { scope: { name: string; version: string }; spans: OtlpSpan[] }[];
  }[];
}

/** `SPAN_KIND_INTERNAL`: every step runs inside the process that records it. */
const KIND_INTERNAL = 1;
const STATUS_CODE: Record<TraceStatus, number> = { OK: 1, ERROR: 2 };

function nanos(ms: number): string {
  // Epoch ns exceed 2^53; rounding to whole microseconds first keeps the digits exact enough.
  return `${Math.round(ms * 1000)}000`;
}

/** One span attribute as OTLP carries it: its key and its string value. */
export type SpanAttribute = [key: string, stringValue: string];

/**
 * The attributes of a span as MLflow reads them. MLflow stores every attribute JSON-encoded
 * and decodes it when reading, as its own Python client sends them: a string question stays a
 * string, an object stays an object. Trace tags (on the root span, when `withTags`) are read
 * unencoded.
 */
export function spanAttributes(
  trace: TraceRecord,
  span: SpanRecord,
  withTags: boolean,
): SpanAttribute[] {
  const a = MLFLOW_SPAN_ATTRIBUTES;
  const out: SpanAttribute[] = [[a.spanType, JSON.stringify(span.spanType)]];
  if (span.inputs !== undefined) out.push([a.inputs, JSON.stringify(span.inputs)]);
  if (span.outputs !== undefined) out.push([a.outputs, JSON.stringify(span.outputs)]);
  if (span.tokenUsage !== undefined)
    out.push([
      a.tokenUsage,
      JSON.stringify({
        input_tokens: span.tokenUsage.inputTokens,
        output_tokens: span.tokenUsage.outputTokens,
        total_tokens: span.tokenUsage.totalTokens,
      }),
    ]);
  if (span.model !== undefined) out.push([a.model, JSON.stringify(span.model)]);
  for (const [key, value] of Object.entries(span.attributes))
    out.push([key, JSON.stringify(value)]);
  if (withTags)
    for (const [key, value] of Object.entries(trace.tags))
      out.push([`${a.traceTagPrefix}${key}`, value]);
  return out;
}

function spanOf(trace: TraceRecord, span: SpanRecord, withTags: boolean): OtlpSpan {
  const attributes = spanAttributes(trace, span, withTags).map(
    ([key, stringValue]): OtlpAttribute => ({ key, value: { stringValue } }),
  );
  return {
    traceId: trace.traceId,
    spanId: span.spanId,
    ...(span.parentSpanId === undefined ? {} : { parentSpanId: span.parentSpanId }),
    name: span.name,
    kind: KIND_INTERNAL,
    startTimeUnixNano: nanos(span.startTimeMs),
    endTimeUnixNano: nanos(Math.max(span.endTimeMs, span.startTimeMs)),
    attributes,
    status: {
      code: STATUS_CODE[span.status],
      ...(span.statusMessage === undefined ? {} : { message: span.statusMessage }),
    },
  };
}

/**
 * The OTLP/JSON export request of `traces` (MLflow accepts `application/json` as well as
 * protobuf): one resource, one scope, every span with MLflow's attributes. A trace's tags go on
 * its root span unless `tagsOnRoot` says they are sent another way (StartTraceV3): MLflow would
 * store them a second time, which costs its server about a fifth of its CPU per trace.
 */
export function encodeOtlpTraces(
  traces: readonly TraceRecord[],
  scope: { name: string; version: string },
  tagsOnRoot: (trace: TraceRecord) => boolean = () => true,
): OtlpExportRequest {
  const spans: OtlpSpan[] = [];
  for (const trace of traces) {
    const withTags = tagsOnRoot(trace);
    trace.spans.forEach((span, i) => spans.push(spanOf(trace, span, withTags && i === 0)));
  }
  return { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope, spans }] }] };
}
