/**
 * Public API of @cited/dspy-pipeline. Keep it small and explicit: named exports only,
 * pinned by `public-api.spec.ts`.
 */
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
