import { z } from 'zod';

/** The tenant used when a caller names none. */
export const DEFAULT_TENANT = 'default';

/** Pipelines behind the one {@link QaPipeline} interface. */
export const pipelineKindSchema = z.enum(['extractive', 'baseline', 'dspy']);

/** One of the pipeline kinds. */
export type PipelineKind = z.infer<typeof pipelineKindSchema>;

/** A source the answer cites: a retrieved chunk. */
export const citationSchema = z.object({
  /** Chunk id, `<documentId>#<n>`. */
  id: z.string().min(1),
  documentId: z.string().min(1),
  title: z.string(),
  snippet: z.string(),
  score: z.number(),
});

/** A citation. */
export type Citation = z.infer<typeof citationSchema>;

/** The verifier's verdicts. */
export const verdictSchema = z.enum([
  'supported',
  'partially_supported',
  'unsupported',
  'abstained',
]);

/** A verdict. */
export type Verdict = z.infer<typeof verdictSchema>;

/** What the verifier concluded about an answer. */
export const verificationSchema = z.object({
  verdict: verdictSchema,
  unsupportedClaims: z.array(z.string()),
});

/** A verification result. */
export type Verification = z.infer<typeof verificationSchema>;

/** Token usage of one LLM call, when the provider reports it. */
export const tokenUsageSchema = z.object({
  promptTokens: z.number().int().min(0),
  completionTokens: z.number().int().min(0),
  totalTokens: z.number().int().min(0),
});

/** Token usage. */
export type TokenUsage = z.infer<typeof tokenUsageSchema>;

/**
 * One module call (retriever, reasoner, verifier, …). Carries no raw prompt or output:
 * those go only to a sink the caller scrubs.
 */
export const traceEventSchema = z.object({
  module: z.string().min(1),
  latencyMs: z.number().min(0),
  passageIds: z.array(z.string()),
  promptHash: z.string().optional(),
  model: z.string().optional(),
  servedModel: z.string().optional(),
  tokens: tokenUsageSchema.optional(),
  verdict: verdictSchema.optional(),
  error: z.string().optional(),
  /** Set when a request cache was asked: true iff every request of the call was a hit. */
  cacheHit: z.boolean().optional(),
  /** Dollars the call cost (0 for cache hits); only when the model has a price. */
  costUsd: z.number().min(0).optional(),
  /** Dollars its cache hits saved; only when the model has a price. */
  costSavedUsd: z.number().min(0).optional(),
});

/** A trace event. */
export type TraceEvent = z.infer<typeof traceEventSchema>;

/** Timings of one answer, in milliseconds. */
export const answerTimingsSchema = z.object({
  retrievalMs: z.number().min(0),
  llmMs: z.number().min(0),
  totalMs: z.number().min(0),
});

/** Answer timings. */
export type AnswerTimings = z.infer<typeof answerTimingsSchema>;

/** What every pipeline returns. */
export const answerResultSchema = z.object({
  answer: z.string(),
  abstained: z.boolean(),
  citations: z.array(citationSchema),
  verification: verificationSchema,
  timings: answerTimingsSchema,
  trace: z.array(traceEventSchema),
});

/** An answer with its sources, verdict, timings and trace. */
export type AnswerResult = z.infer<typeof answerResultSchema>;

/** Options of {@link QaPipeline.answer}. */
export const answerOptionsSchema = z.object({
  tenantId: z.string().min(1).default(DEFAULT_TENANT),
  topK: z.number().int().min(1).max(100).default(5),
});

/** Per-call options; `signal` aborts retrieval and LLM calls. */
export type AnswerOptions = z.input<typeof answerOptionsSchema> & { signal?: AbortSignal };

/** The one interface every pipeline implements (extractive, baseline, dspy). */
export interface QaPipeline {
  readonly kind: PipelineKind;
  answer(question: string, opts: AnswerOptions): Promise<AnswerResult>;
}
