import { ai, type AxAIService } from '@ax-llm/ax';
import type { LlmConfig, LlmProvider } from '../config/llm-config';
import { createLlmFetch, type LlmFetch } from './llm-fetch';
import { memoizeServiceOptions } from './options-memo';
import { capAxLatencySamples } from './ax-latency-samples';
import { createDirectChat, type DirectChat } from './direct-chat';

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
  /** Counters of the HTTP wrapper; undefined for in-process test doubles. */
  readonly http: LlmFetch | undefined;
  /**
   * Whole (non-streamed) chat calls with the provider's Ax request and reply mapping but
   * without `AxBaseAI.chat()`'s per-call wrapping (see `createDirectChat`); undefined for
   * test doubles. Calls Ax's `chat()` itself whenever Ax would do more.
   */
  readonly directChat?: DirectChat;
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
 * Builds the Ax AI service for an {@link LlmConfig}: the seed goes into every chat request,
 * the served model is recorded, and retries, timeout and concurrency follow the config
 * (Ax's own retries are turned off so that exactly `retries` extra attempts happen).
 * The API key stays inside the service; nothing here logs or returns it.
 */
export function createLlmService(
  config: LlmConfig,
  options: CreateLlmServiceOptions = {},
): LlmService {
  let served: string | undefined;
  const baseUrl = config.baseUrl?.replace(/\/+$/, '');
  const http = createLlmFetch({
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
  const axOptions = {
    fetch: http.fetch,
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
  const service = memoizeServiceOptions(buildAi(config, baseUrl, axOptions, modelConfig));
  capAxLatencySamples(service);
  const directChat = createDirectChat(service);
  return {
    ai: service,
    provider: config.provider,
    model: config.model,
    temperature: config.temperature,
    seed: config.seed,
    maxTokens: config.maxTokens,
    stream: options.stream ?? false,
    servedModel: () => served,
    http,
    ...(directChat ? { directChat } : {}),
  };
}

type AxOpts = {
  fetch: typeof fetch;
  retry: { maxRetries: number };
  timeout: number;
  stream: boolean;
  includeRequestBodyInErrors: boolean;
};
type ModelCfg = { model: string; temperature: number; maxTokens: number };

type AiArgs = Parameters<typeof ai>[0];

function buildAi(
  config: LlmConfig,
  baseUrl: string | undefined,
  options: AxOpts,
  modelConfig: ModelCfg,
): AxAIService {
  // Ax types model names as enums of known models; any served model name is valid here.
  const make = (args: Record<string, unknown>): AxAIService =>
    ai(args as unknown as AiArgs) as unknown as AxAIService;
  switch (config.provider) {
    case 'openai':
    case 'anthropic':
    case 'google-gemini':
      return make({
        name: config.provider,
        apiKey: config.apiKey ?? '',
        ...(baseUrl && config.provider !== 'anthropic' ? { apiURL: baseUrl } : {}),
        config: modelConfig,
        options,
      });
    case 'ollama':
    case 'openai-compatible':
      // Both speak the OpenAI chat-completions protocol; keyless local servers get a placeholder.
      return make({
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
    http: undefined,
  };
}
