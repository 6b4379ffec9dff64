/**
 * Public API of @cited/dspy-pipeline. Keep it small and explicit: named exports only,
 * pinned by `public-api.spec.ts`.
 */

// Core: configuration, errors, the pipeline and retriever contracts.
export { PACKAGE_VERSION } from './lib/package-version';
export { DspyPipelineError } from './lib/errors/dspy-pipeline-error';
export type { DspyPipelineErrorCode, DspyPipelineErrorOptions } from './lib/errors/dspy-pipeline-error';
export type { EnvSource } from './lib/config/env-reader';
export { llmConfigFromEnv, llmConfigSchema, llmProviderSchema } from './lib/config/llm-config';
export type { LlmConfig, LlmProvider } from './lib/config/llm-config';
export { retrievalConfigFromEnv, retrievalEnvConfigSchema } from './lib/config/retrieval-config';
export type { RetrievalEnvConfig } from './lib/config/retrieval-config';
export { programSourceConfigFromEnv, programSourceConfigSchema } from './lib/config/program-source-config';
export type { ProgramSourceConfig } from './lib/config/program-source-config';
export {
  DEFAULT_TENANT,
  answerOptionsSchema,
  answerResultSchema,
  answerTimingsSchema,
  citationSchema,
  pipelineKindSchema,
  tokenUsageSchema,
  traceEventSchema,
  verdictSchema,
  verificationSchema,
} from './lib/pipeline/answer-result';
export type {
  AnswerOptions,
  AnswerResult,
  AnswerTimings,
  Citation,
  PipelineKind,
  QaPipeline,
  TokenUsage,
  TraceEvent,
  Verdict,
  Verification,
} from './lib/pipeline/answer-result';
export { passageSchema } from './lib/retrieval/passage';
export type { Passage, RetrieveOptions, Retriever } from './lib/retrieval/passage';

// Ingestion, retrieval, extractive pipeline, metrics, bundled sample (issue 6).

// Ax programs, baseline and dspy pipelines, optimization, program artifact (issue 7).
