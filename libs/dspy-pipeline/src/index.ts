/**
 * Public API of @cited/dspy-pipeline. Keep it small and explicit: named exports only,
 * pinned by `public-api.spec.ts`.
 */

// Core: configuration, errors, the pipeline and retriever contracts.
export { PACKAGE_VERSION } from './lib/package-version';
export { DspyPipelineError } from './lib/errors/dspy-pipeline-error';
export type {
  DspyPipelineErrorCode,
  DspyPipelineErrorOptions,
} from './lib/errors/dspy-pipeline-error';
export type { EnvSource } from './lib/config/env-reader';
export { llmConfigFromEnv, llmConfigSchema, llmProviderSchema } from './lib/config/llm-config';
export type { LlmConfig, LlmProvider } from './lib/config/llm-config';
export { retrievalConfigFromEnv, retrievalEnvConfigSchema } from './lib/config/retrieval-config';
export type { RetrievalEnvConfig } from './lib/config/retrieval-config';
export {
  programSourceConfigFromEnv,
  programSourceConfigSchema,
} from './lib/config/program-source-config';
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
} from './lib/model/answer-result';
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
} from './lib/model/answer-result';
export { passageSchema } from './lib/retrieval/passage';
export type { Passage, RetrieveOptions, Retriever } from './lib/retrieval/passage';

// Ingestion, retrieval, extractive pipeline, metrics, bundled sample.
export { chunkSchema, sourceDocumentSchema } from './lib/ingest/source-document';
export type { Chunk, SourceDocument } from './lib/ingest/source-document';
export { chunkDocuments } from './lib/ingest/chunk-documents';
export type { ChunkOptions } from './lib/ingest/chunk-documents';
export {
  DOCUMENT_EXTENSIONS,
  parseJsonlDocuments,
  parseTextDocument,
  readDocuments,
} from './lib/ingest/read-documents';
export { EmbeddedIndex } from './lib/retrieval/embedded-index';
export type {
  EmbeddedIndexBuildOptions,
  EmbeddedIndexLoadOptions,
} from './lib/retrieval/embedded-index';
export { INDEX_FORMAT_VERSION, indexManifestSchema } from './lib/retrieval/index-store';
export type { IndexManifest } from './lib/retrieval/index-store';
export { matchIndexEmbedding } from './lib/retrieval/index-embedding-match';
export type { IndexEmbeddingMatch } from './lib/retrieval/index-embedding-match';
export {
  hasStoredIndex,
  openStoredIndex,
  readStoredChunks,
  storedIndexGeneration,
} from './lib/retrieval/stored-index';
export type { OpenedIndex } from './lib/retrieval/stored-index';
export { axEmbedder, openAiCompatibleEmbedder } from './lib/retrieval/embedder';
export type { AxEmbedService, Embedder, OpenAiEmbedderOptions } from './lib/retrieval/embedder';
export { RRF_K, fuseByReciprocalRank } from './lib/retrieval/rrf-fusion';
export { retrieveOptionsSchema } from './lib/retrieval/retrieve-options';
export { QdrantRetriever } from './lib/retrieval/qdrant-retriever';
export type { QdrantRetrieverOptions } from './lib/retrieval/qdrant-retriever';
export type { QdrantClientLike } from './lib/retrieval/qdrant-client-loader';
export { analyzeText } from './lib/retrieval/text-analyzer';
export {
  DEFAULT_MIN_RELEVANCE,
  DEFAULT_RETRIEVAL_WEIGHT,
  ExtractivePipeline,
  extractiveOptionsOf,
} from './lib/pipeline/extractive-pipeline';
export type { ExtractivePipelineOptions } from './lib/pipeline/extractive-pipeline';
export { splitSentences } from './lib/extractive/sentence-splitter';
export type { SentenceSpan } from './lib/extractive/sentence-splitter';
export {
  ABSTENTION_ANSWER,
  assessClaims,
  checkLexicalSupport,
  isAbstentionText,
  splitClaims,
} from './lib/verify/lexical-support';
export type { ClaimSupport, LexicalSupportOptions } from './lib/verify/lexical-support';
export {
  answerContainsGold,
  exactMatch,
  normalizeAnswer,
  tokenF1,
} from './lib/metrics/answer-metrics';
export {
  citationPrecision,
  citationRecall,
  percentile,
  recallAtK,
  reciprocalRank,
} from './lib/metrics/source-metrics';
export { METRIC_NAMES, computeMetrics, evalExampleSchema } from './lib/metrics/compute-metrics';
export type { EvalExample, EvalMetrics, MetricName } from './lib/metrics/compute-metrics';
export { evaluateRows } from './lib/metrics/evaluate-examples';
export type { EvaluateRowsOptions } from './lib/metrics/evaluate-examples';
export {
  BUNDLED_CORPUS_DIR,
  BUNDLED_DATASET_FILE,
  goldAnswersOf,
  goldSourceIdsOf,
  loadBundledCorpus,
  loadBundledDataset,
  readQaDataset,
  resolveBundledAssetsDir,
} from './lib/corpus/bundled-assets';
export type { BundledCorpusOptions } from './lib/corpus/bundled-assets';

// Ax programs, baseline and dspy pipelines, optimization, program artifact.
export { createLlmService, describeAxService } from './lib/llm/llm-service';
export type { CreateLlmServiceOptions, LlmService } from './lib/llm/llm-service';
export { RETRYABLE_STATUSES } from './lib/llm/llm-fetch';
export {
  REASONER_INSTRUCTION,
  REASONER_SIGNATURE,
  defaultReasonerSpec,
} from './lib/programs/reasoner-program';
export { formatPassages } from './lib/programs/passage-format';
export {
  VERIFIER_INSTRUCTION,
  VERIFIER_SIGNATURE,
  defaultVerifierSpec,
} from './lib/programs/verifier-program';
export { demoSchema, moduleSpecSchema, signatureHash } from './lib/programs/module-spec';
export type { Demo, ModuleSpec } from './lib/programs/module-spec';
export { checkCitations } from './lib/verify/citation-checks';
export type { CitationCheckResult } from './lib/verify/citation-checks';
export { createBaselinePipeline } from './lib/pipeline/baseline-pipeline';
export type { BaselinePipelineOptions } from './lib/pipeline/baseline-pipeline';
export { BASELINE_SYSTEM_PROMPT } from './lib/programs/baseline-prompt';
export { createDspyPipeline } from './lib/pipeline/dspy-pipeline';
export type { DspyPipelineOptions } from './lib/pipeline/dspy-pipeline';
export { optimize } from './lib/optimize/optimize-program';
export type {
  OptimizeArgs,
  OptimizeExample,
  OptimizeMetric,
  OptimizeResult,
  OptimizeTrial,
} from './lib/optimize/optimize-types';
export {
  AX_VERSION,
  PROGRAM_FORMAT,
  PROGRAM_SCHEMA_VERSION,
  programExtractiveSchema,
  qaProgramSchema,
} from './lib/artifact/program-schema';
export type {
  ProgramExtractive,
  ProgramLlm,
  ProgramRetriever,
  QaProgram,
} from './lib/artifact/program-schema';
export { buildProgram, computeProgramId } from './lib/artifact/build-program';
export type { BuildProgramInput } from './lib/artifact/build-program';
export {
  MAX_PROGRAM_BYTES,
  loadProgram,
  parseProgram,
  saveProgram,
  serializeProgram,
} from './lib/artifact/program-store';
export type { LoadProgramOptions, SaveProgramOptions } from './lib/artifact/program-store';
export {
  PROGRAM_ARTIFACT_DIR,
  PROGRAM_ARTIFACT_PATH,
  PROGRAM_FILE,
  programFileAt,
  runProgramSource,
} from './lib/artifact/program-artifact-layout';
export { DEFAULT_RETRIEVER, defaultProgram } from './lib/artifact/default-program';
export { DRY_RUN_QUESTION, dryRunProgram } from './lib/artifact/dry-run';
export { PROGRAM_NAME_PATTERN } from './lib/artifact/program-checks';
export {
  PROGRAM_VERSION_TAGS,
  programValidatedTagSchema,
} from './lib/artifact/program-registry-tags';
export type { ProgramValidatedTag } from './lib/artifact/program-registry-tags';
export { programCheckNameSchema, programCheckSchema } from './lib/validation/program-check';
export type { ProgramCheck, ProgramCheckName } from './lib/validation/program-check';
export {
  validateProgramArtifact,
  validatedTagOf,
} from './lib/validation/validate-program-artifact';
export type {
  ProgramValidation,
  ValidateProgramOptions,
} from './lib/validation/validate-program-artifact';
export type { DryRunModule, DryRunReport } from './lib/artifact/dry-run';
export { createCollectingSink, hashPrompt } from './lib/trace/trace-sink';
export type { RawTraceRecord, RawTraceSink, TraceSink, TraceSinks } from './lib/trace/trace-sink';

// LLM request cache, usage ledgers, prices and budgets (the CLI's metered services).
export { LlmBudget } from './lib/llm/llm-budget';
export type { LlmBudgetStop } from './lib/llm/llm-budget';
export { llmPriceTableSchema, parseLlmPriceTable } from './lib/llm/llm-prices';
export type { LlmModelPrice, LlmPriceTable } from './lib/llm/llm-prices';
export {
  LLM_CACHE_DEFAULT_MAX_BYTES,
  LlmRequestCache,
  clearLlmCache,
} from './lib/llm/llm-request-cache';
export type { LlmCacheEntry, LlmRequestCacheOptions } from './lib/llm/llm-request-cache';
export { LlmUsageLedger, withUsageLedger } from './lib/llm/llm-usage-ledger';
export type { LlmUsageTotals } from './lib/llm/llm-usage-ledger';
export { meterLlmService } from './lib/llm/metered-llm-service';
export type { MeterLlmServiceOptions, MeteredLlmService } from './lib/llm/metered-llm-service';

// MLflow traces of answers and evaluated examples.
export { exampleScores } from './lib/metrics/example-scores';
export type { ExampleScores } from './lib/metrics/example-scores';
export { createAnswerRecorder } from './lib/tracing/answer-recorder';
export type { AnswerRecorder } from './lib/tracing/answer-recorder';
export { answerTrace } from './lib/tracing/answer-trace';
export type { AnswerTraceInput, TraceScrub } from './lib/tracing/answer-trace';
export { exampleAssessments } from './lib/tracing/example-assessments';
export type { ExampleAssessmentSources } from './lib/tracing/example-assessments';
