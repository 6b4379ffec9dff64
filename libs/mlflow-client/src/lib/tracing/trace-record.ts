import { z } from 'zod';

/** An OpenTelemetry trace id: 32 lowercase hex digits (MLflow's id is `tr-` + this). */
export const otelTraceIdSchema = z
  .string()
  .regex(/^[0-9a-f]{32}$/, 'must be 32 lowercase hex digits');

/** An OpenTelemetry span id: 16 lowercase hex digits. */
export const otelSpanIdSchema = z
  .string()
  .regex(/^[0-9a-f]{16}$/, 'must be 16 lowercase hex digits');

/**
 * MLflow's span types (`mlflow.spanType`): the UI picks its icon and its view from it (a
 * RETRIEVER span's outputs as documents, a CHAT_MODEL span's inputs and outputs as messages).
 */
export const spanTypeSchema = z.enum([
  'CHAIN',
  'RETRIEVER',
  'LLM',
  'CHAT_MODEL',
  'PARSER',
  'TOOL',
  'AGENT',
  'EMBEDDING',
  'RERANKER',
  'GUARDRAIL',
  'EVALUATOR',
  'UNKNOWN',
]);
/** An MLflow span type. */
export type SpanType = z.infer<typeof spanTypeSchema>;

/** Status of a span or a trace: `ERROR` marks a failed step or a failed example. */
export const traceStatusSchema = z.enum(['OK', 'ERROR']);
/** Status of a span or a trace. */
export type TraceStatus = z.infer<typeof traceStatusSchema>;

/** A JSON value: what span inputs, outputs and assessment values may hold. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON value (validated as such: no functions, no undefined, finite numbers). */
export const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number().refine(Number.isFinite, 'must be a finite number'),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

/** Token usage of an LLM span (`mlflow.chat.tokenUsage`; MLflow sums it per trace). */
export const tokenUsageRecordSchema = z.object({
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  totalTokens: z.number().int().min(0),
});
/** Token usage of an LLM span. */
export type TokenUsageRecord = z.infer<typeof tokenUsageRecordSchema>;

/** Times are epoch milliseconds (fractions allowed: sub-millisecond steps keep their order). */
const epochMs = z.number().min(0).refine(Number.isFinite, 'must be a finite number');

/** One step of a trace. The root span (no parent) must come first. */
export const spanRecordSchema = z.object({
  spanId: otelSpanIdSchema,
  parentSpanId: otelSpanIdSchema.optional(),
  name: z.string().min(1).max(250),
  spanType: spanTypeSchema,
  startTimeMs: epochMs,
  endTimeMs: epochMs,
  status: traceStatusSchema.default('OK'),
  /** Shown with the status; callers put an error code here, never unscrubbed text. */
  statusMessage: z.string().max(1000).optional(),
  /** `mlflow.spanInputs`. */
  inputs: jsonValueSchema.optional(),
  /** `mlflow.spanOutputs` (a RETRIEVER span: a list of `{page_content, metadata, id}`). */
  outputs: jsonValueSchema.optional(),
  tokenUsage: tokenUsageRecordSchema.optional(),
  /** Model name of an LLM span (`mlflow.llm.model`). */
  model: z.string().max(250).optional(),
  /** Further span attributes (ids, counts, verdicts). */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});
/** One step of a trace. */
export type SpanRecord = z.infer<typeof spanRecordSchema>;

/** Who produced an assessment: a code metric, a person, or an LLM judge. */
export const assessmentSourceSchema = z.object({
  type: z.enum(['CODE', 'HUMAN', 'LLM_JUDGE']),
  /** E.g. `cited.eval-runner`, a dataset name or a tenant. */
  id: z.string().min(1).max(250),
});
/** Who produced an assessment. */
export type AssessmentSource = z.infer<typeof assessmentSourceSchema>;

const assessmentBase = {
  /**
   * Set it to make re-sending the same assessment harmless (a replayed trace keeps one copy);
   * absent: derived from the trace id, name and source.
   */
  assessmentId: z
    .string()
    .regex(/^a-[0-9a-f]{32}$/, 'must be "a-" and 32 lowercase hex digits')
    .optional(),
  name: z.string().min(1).max(250),
  value: jsonValueSchema,
  source: assessmentSourceSchema,
};

/**
 * A score or judgement of a trace (`feedback`) or what it should have produced
 * (`expectation`): MLflow's evaluation views show them beside the trace.
 */
export const assessmentRecordSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('feedback'),
    ...assessmentBase,
    rationale: z.string().max(10_000).optional(),
  }),
  z.object({ kind: z.literal('expectation'), ...assessmentBase }),
]);
/** A feedback or an expectation. */
export type AssessmentRecord = z.infer<typeof assessmentRecordSchema>;

/**
 * One trace as Cited writes it: spans (root first), tags, metadata and assessments. Everything
 * in it is sent as it is: scrub personal data before building one.
 */
export const traceRecordSchema = z
  .object({
    traceId: otelTraceIdSchema,
    /** Tags (`cited.pipeline`, `cited.tenant`, …); shown and searchable in the UI. */
    tags: z.record(z.string().min(1).max(250), z.string().max(8000)).default({}),
    /** Trace metadata (immutable once written). */
    metadata: z.record(z.string().min(1).max(250), z.string().max(8000)).default({}),
    spans: z.array(spanRecordSchema).min(1).max(10_000),
    assessments: z.array(assessmentRecordSchema).default([]),
  })
  .superRefine((t, ctx) => {
    const [root, ...rest] = t.spans;
    if (root?.parentSpanId !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['spans', 0],
        message: 'the first span must be the root (no parentSpanId)',
      });
    const ids = new Set(t.spans.map((s) => s.spanId));
    if (ids.size !== t.spans.length)
      ctx.addIssue({ code: 'custom', path: ['spans'], message: 'span ids must be unique' });
    rest.forEach((s, i) => {
      if (s.parentSpanId === undefined || !ids.has(s.parentSpanId))
        ctx.addIssue({
          code: 'custom',
          path: ['spans', i + 1, 'parentSpanId'],
          message: 'must name another span of the trace',
        });
    });
  });
/** One trace. */
export type TraceRecord = z.infer<typeof traceRecordSchema>;
/** One trace, as callers build it (defaults not yet applied). */
export type TraceRecordInput = z.input<typeof traceRecordSchema>;

/** MLflow's id of a trace: `tr-` + the OpenTelemetry trace id. */
export function mlflowTraceId(traceId: string): string {
  return `tr-${traceId}`;
}
