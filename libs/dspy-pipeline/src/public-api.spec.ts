import * as api from './index';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Grouped so that each part of the library pins its own names.
const CORE = [
  'DEFAULT_TENANT',
  'DspyPipelineError',
  'PACKAGE_VERSION',
  'answerOptionsSchema',
  'answerResultSchema',
  'answerTimingsSchema',
  'citationSchema',
  'llmConfigFromEnv',
  'llmConfigSchema',
  'llmProviderSchema',
  'passageSchema',
  'pipelineKindSchema',
  'programSourceConfigFromEnv',
  'programSourceConfigSchema',
  'retrievalConfigFromEnv',
  'retrievalEnvConfigSchema',
  'tokenUsageSchema',
  'traceEventSchema',
  'verdictSchema',
  'verificationSchema',
];

/** Ingestion, retrieval, extractive pipeline, metrics, bundled sample. */
const RETRIEVAL_AND_EXTRACTIVE: string[] = [
  'ABSTENTION_ANSWER',
  'BUNDLED_CORPUS_DIR',
  'BUNDLED_DATASET_FILE',
  'DEFAULT_MIN_RELEVANCE',
  'DEFAULT_RETRIEVAL_WEIGHT',
  'DOCUMENT_EXTENSIONS',
  'EmbeddedIndex',
  'ExtractivePipeline',
  'INDEX_FORMAT_VERSION',
  'METRIC_NAMES',
  'QdrantRetriever',
  'RRF_K',
  'analyzeText',
  'answerContainsGold',
  'assessClaims',
  'axEmbedder',
  'checkLexicalSupport',
  'chunkDocuments',
  'chunkSchema',
  'citationPrecision',
  'citationRecall',
  'computeMetrics',
  'evalExampleSchema',
  'evaluateRows',
  'exactMatch',
  'extractiveOptionsOf',
  'fuseByReciprocalRank',
  'goldAnswersOf',
  'goldSourceIdsOf',
  'hasStoredIndex',
  'indexManifestSchema',
  'isAbstentionText',
  'loadBundledCorpus',
  'loadBundledDataset',
  'matchIndexEmbedding',
  'normalizeAnswer',
  'openStoredIndex',
  'openAiCompatibleEmbedder',
  'parseJsonlDocuments',
  'parseTextDocument',
  'percentile',
  'readDocuments',
  'readQaDataset',
  'readStoredChunks',
  'recallAtK',
  'reciprocalRank',
  'resolveBundledAssetsDir',
  'retrieveOptionsSchema',
  'sourceDocumentSchema',
  'splitClaims',
  'splitSentences',
  'storedIndexGeneration',
  'tokenF1',
];

/** Ax programs, baseline and dspy pipelines, optimization, program artifact. */
const PROGRAMS: string[] = [
  'formatPassages',
  'AX_VERSION',
  'BASELINE_SYSTEM_PROMPT',
  'DEFAULT_RETRIEVER',
  'DRY_RUN_QUESTION',
  'MAX_PROGRAM_BYTES',
  'PROGRAM_ARTIFACT_DIR',
  'PROGRAM_ARTIFACT_PATH',
  'PROGRAM_FILE',
  'PROGRAM_FORMAT',
  'PROGRAM_SCHEMA_VERSION',
  'REASONER_INSTRUCTION',
  'REASONER_SIGNATURE',
  'RETRYABLE_STATUSES',
  'VERIFIER_INSTRUCTION',
  'VERIFIER_SIGNATURE',
  'buildProgram',
  'checkCitations',
  'computeProgramId',
  'createBaselinePipeline',
  'createCollectingSink',
  'createDspyPipeline',
  'createLlmService',
  'defaultProgram',
  'defaultReasonerSpec',
  'defaultVerifierSpec',
  'demoSchema',
  'describeAxService',
  'dryRunProgram',
  'hashPrompt',
  'loadProgram',
  'moduleSpecSchema',
  'optimize',
  'parseProgram',
  'programExtractiveSchema',
  'programFileAt',
  'qaProgramSchema',
  'runProgramSource',
  'saveProgram',
  'serializeProgram',
  'signatureHash',
];

/** Program validation, shared by the API's loader and eval-runner's registry commands. */
const VALIDATION: string[] = [
  'PROGRAM_NAME_PATTERN',
  'PROGRAM_VERSION_TAGS',
  'programCheckNameSchema',
  'programCheckSchema',
  'programValidatedTagSchema',
  'validateProgramArtifact',
  'validatedTagOf',
];

/** LLM request cache, usage ledgers, prices and budgets (the CLI's metered services). */
const LLM_METERING: string[] = [
  'LLM_CACHE_DEFAULT_MAX_BYTES',
  'LlmBudget',
  'LlmRequestCache',
  'LlmUsageLedger',
  'clearLlmCache',
  'llmPriceTableSchema',
  'meterLlmService',
  'parseLlmPriceTable',
  'withUsageLedger',
];

/** MLflow traces of answers and evaluated examples. */
const TRACING: string[] = [
  'answerTrace',
  'createAnswerRecorder',
  'exampleAssessments',
  'exampleScores',
];

describe('@cited/dspy-pipeline public API', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        ...CORE,
        ...RETRIEVAL_AND_EXTRACTIVE,
        ...PROGRAMS,
        ...VALIDATION,
        ...LLM_METERING,
        ...TRACING,
      ].sort(),
    );
  });

  it('reports the version written in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(api.PACKAGE_VERSION).toBe(pkg.version);
  });
});
