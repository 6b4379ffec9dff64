import { z } from 'zod';
import { numberEnv, parseEnvConfig, readEnv, type EnvSource } from './env-reader';

/** LLM providers Cited can talk to (through Ax). */
export const llmProviderSchema = z.enum([
  'openai',
  'anthropic',
  'google-gemini',
  'ollama',
  'openai-compatible',
]);

/** A provider name. */
export type LlmProvider = z.infer<typeof llmProviderSchema>;

/** LLM settings as data. `null` from {@link llmConfigFromEnv} means "no LLM: extractive only". */
export const llmConfigSchema = z
  .object({
    provider: llmProviderSchema,
    model: z.string().min(1),
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    apiKey: z.string().min(1).optional(),
    temperature: z.number().min(0).max(2).default(0),
    seed: z.number().int().min(0).optional(),
    maxTokens: z.number().int().positive().default(1024),
    timeoutMs: z.number().int().positive().default(30_000),
    retries: z.number().int().min(0).max(10).default(2),
    concurrency: z.number().int().positive().max(256).default(8),
    teacherModel: z.string().min(1).optional(),
  })
  .refine((c) => c.provider !== 'openai-compatible' || c.baseUrl !== undefined, {
    message: 'is required for the openai-compatible provider',
    path: ['baseUrl'],
  })
  .refine(
    (c) => c.provider === 'ollama' || c.provider === 'openai-compatible' || c.apiKey !== undefined,
    {
      message: 'is required for this provider',
      path: ['apiKey'],
    },
  );

/** Validated LLM settings. */
export type LlmConfig = z.infer<typeof llmConfigSchema>;

const NAMES: Record<string, string> = {
  provider: 'CITED_LLM_PROVIDER',
  model: 'CITED_LLM_MODEL',
  baseUrl: 'CITED_LLM_BASE_URL',
  apiKey: 'CITED_LLM_API_KEY',
  temperature: 'CITED_LLM_TEMPERATURE',
  seed: 'CITED_LLM_SEED',
  timeoutMs: 'CITED_LLM_TIMEOUT_MS',
  concurrency: 'CITED_LLM_CONCURRENCY',
  teacherModel: 'CITED_LLM_TEACHER_MODEL',
};

/**
 * Reads the `CITED_LLM_*` variables. Unset `CITED_LLM_PROVIDER` returns `null`: no LLM is
 * configured and only the extractive pipeline is available.
 * @throws DspyPipelineError `invalid_config` naming the variable at fault.
 */
export function llmConfigFromEnv(env: EnvSource): LlmConfig | null {
  const provider = readEnv(env, 'CITED_LLM_PROVIDER');
  if (provider === undefined) return null;
  return parseEnvConfig(
    llmConfigSchema,
    {
      provider,
      model: readEnv(env, 'CITED_LLM_MODEL'),
      baseUrl: readEnv(env, 'CITED_LLM_BASE_URL'),
      apiKey: readEnv(env, 'CITED_LLM_API_KEY'),
      temperature: numberEnv(env, 'CITED_LLM_TEMPERATURE'),
      seed: numberEnv(env, 'CITED_LLM_SEED'),
      timeoutMs: numberEnv(env, 'CITED_LLM_TIMEOUT_MS'),
      concurrency: numberEnv(env, 'CITED_LLM_CONCURRENCY'),
      teacherModel: readEnv(env, 'CITED_LLM_TEACHER_MODEL'),
    },
    NAMES,
  );
}
