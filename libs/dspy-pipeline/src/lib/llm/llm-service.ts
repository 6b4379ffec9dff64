import {
  ai,
  type AxAIAnthropicModel,
  type AxAIGoogleGeminiModel,
  type AxAIOpenAIModel,
  type AxAIService,
} from '@ax-llm/ax';
import type { LlmConfig, LlmProvider } from '../config/llm-config';
import { createLlmFetch } from './llm-fetch';
import { RenewingAxService } from './renewing-ax-service';

/** An Ax AI service plus what Cited needs to know about it (for traces and artifacts). */
export interface LlmService {
  readonly ai: AxAIService;
  readonly provider: LlmProvider | 'test-double';
  /** The model requested. */
  readonly model: string;
  readonly temperature: number;
  readonly seed: number | undefined;
  readonly maxTokens: number;
  /** Whether module calls stream responses. */
  readonly stream: boolean;
  /** The model the provider last said it served; undefined until a response names one. */
  servedModel(): string | undefined;
}

/** Options of {@link createLlmService}. */
export interface CreateLlmServiceOptions {
  /** Underlying fetch (default: global). */
  baseFetch?: typeof fetch;
  /** First retry delay in ms (default 250). Tests lower it. */
  retryDelayMs?: number;
  /**
   * Stream chat responses. Default false: answers are returned whole, and Ax's streaming
   * parser costs several ms per call (measured in bench/pipeline).
   */
  stream?: boolean;
}

// Defaults per provider for a base URL; openai-compatible always has one (schema rule).
const DEFAULT_URLS: Partial<Record<LlmProvider, string>> = {
  ollama: 'http://127.0.0.1:11434/v1',
};
const ANTHROPIC_URL = 'https://api.anthropic.com/v1';

/**
 * Builds the Ax AI service for an {@link LlmConfig} with `ai()` and public options only,
 * behind a {@link RenewingAxService} (it keeps two per-call costs of Ax 24 off the path). What
 * Ax does not do goes through its `fetch` option (`createLlmFetch`): the seed goes into every
 * chat request, the served model is recorded, and retries, per-attempt timeout and
 * concurrency follow the config (Ax's own retries are turned off so that exactly `retries`
 * extra attempts happen). The API key stays inside the service; nothing here logs or
 * returns it.
 */
export function createLlmService(
  config: LlmConfig,
  options: CreateLlmServiceOptions = {},
): LlmService {
  let served: string | undefined;
  const baseUrl = config.baseUrl?.replace(/\/+$/, '');
  const fetch = createLlmFetch({
    seed: config.seed,
    retries: config.retries,
    timeoutMs: config.timeoutMs,
    concurrency: config.concurrency,
    ...(options.baseFetch ? { baseFetch: options.baseFetch } : {}),
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
    // Ax's Anthropic client ignores apiURL: redirect at the fetch level instead.
    ...(config.provider === 'anthropic' && baseUrl
      ? { rewriteBaseUrl: { from: ANTHROPIC_URL, to: baseUrl } }
      : {}),
    onServedModel: (m) => {
      served = m;
    },
  });
  const axOptions: AxOptions = {
    fetch,
    retry: { maxRetries: 0 },
    // Our wrapper enforces the per-attempt timeout; Ax's covers all attempts and backoffs.
    timeout: config.timeoutMs * (config.retries + 1) + 10_000 * (config.retries + 1),
    stream: options.stream ?? false,
    // Request bodies hold questions and documents: keep them out of error messages.
    includeRequestBodyInErrors: false,
  };
  const modelConfig = {
    model: config.model,
    temperature: config.temperature,
    maxTokens: config.maxTokens,
  };
  return {
    // Fresh Ax instances over the same fetch (one concurrency limit), see RenewingAxService.
    ai: new RenewingAxService(() => buildAi(config, baseUrl, axOptions, modelConfig)),
    provider: config.provider,
    model: config.model,
    temperature: config.temperature,
    seed: config.seed,
    maxTokens: config.maxTokens,
    stream: options.stream ?? false,
    servedModel: () => served,
  };
}

type AxOptions = {
  fetch: typeof fetch;
  retry: { maxRetries: number };
  timeout: number;
  stream: boolean;
  includeRequestBodyInErrors: boolean;
};
type ModelCfg = { model: string; temperature: number; maxTokens: number };

function buildAi(
  config: LlmConfig,
  baseUrl: string | undefined,
  options: AxOptions,
  modelConfig: ModelCfg,
): AxAIService {
  const apiKey = config.apiKey ?? '';
  // Ax types the model names of these providers as enums of the models it knows; a config
  // may name any model the provider serves (a newer snapshot, a fine-tune).
  switch (config.provider) {
    case 'openai':
      return ai({
        name: 'openai',
        apiKey,
        ...(baseUrl ? { apiURL: baseUrl } : {}),
        config: { ...modelConfig, model: modelConfig.model as AxAIOpenAIModel },
        options,
      });
    case 'anthropic':
      // Ax's Anthropic client has no apiURL: the LLM fetch redirects instead.
      return ai({
        name: 'anthropic',
        apiKey,
        config: { ...modelConfig, model: modelConfig.model as AxAIAnthropicModel },
        options,
      });
    case 'google-gemini':
      // Ax's Gemini client builds its own googleapis.com URLs and takes no apiURL.
      return ai({
        name: 'google-gemini',
        apiKey,
        config: { ...modelConfig, model: modelConfig.model as AxAIGoogleGeminiModel },
        options,
      });
    case 'ollama':
    case 'openai-compatible':
      // Both speak the OpenAI chat-completions protocol; keyless local servers get a placeholder.
      return ai({
        name: 'openai-compatible',
        apiKey: config.apiKey ?? 'no-key',
        apiURL: baseUrl ?? DEFAULT_URLS[config.provider] ?? '',
        config: modelConfig,
        options,
      });
  }
}

/**
 * Describes an already built Ax service (e.g. the scripted test double) as an
 * {@link LlmService}.
 */
export function describeAxService(
  service: AxAIService,
  info: { model: string; temperature?: number; seed?: number; maxTokens?: number },
): LlmService {
  return {
    ai: service,
    provider: 'test-double',
    model: info.model,
    temperature: info.temperature ?? 0,
    seed: info.seed,
    maxTokens: info.maxTokens ?? 1024,
    stream: false,
    servedModel: () => undefined,
  };
}
