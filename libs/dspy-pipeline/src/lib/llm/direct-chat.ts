import { randomUUID } from 'node:crypto';
import {
  AxAIServiceAbortedError,
  axGlobals,
  axValidateChatRequestMessage,
  type AxAIService,
  type AxAIServiceOptions,
  type AxChatRequest,
  type AxChatResponse,
  type AxModelConfig,
  type AxTokenUsage,
} from '@ax-llm/ax';
import { httpStatusError } from './llm-fetch';
import { currentObservation } from './served-model-scope';

/** A whole (non-streamed) chat call with Ax's request and response mapping. */
export type DirectChat = (
  req: Readonly<AxChatRequest>,
  options: Readonly<AxAIServiceOptions>,
) => Promise<AxChatResponse>;

// The parts of an Ax 24 provider service (`AxBaseAI`) this path uses. Ax keeps them as
// ordinary (TypeScript-private) members; `direct-chat.spec.ts` fails if one goes away.
interface ApiConfig {
  name?: string;
  url?: string;
  method?: string;
  put?: boolean;
  localCall?: unknown;
  headers?: Record<string, string>;
}
interface ProviderImpl {
  createChatReq(
    req: unknown,
    options: unknown,
  ): [ApiConfig, unknown] | Promise<[ApiConfig, unknown]>;
  createChatResp(resp: unknown, req: unknown): AxChatResponse;
  validateChatReq?(req: unknown): void;
  getTokenUsage(): AxTokenUsage | undefined;
}
interface BaseAi {
  name: string;
  apiURL: string;
  fetch?: typeof fetch;
  aiImpl: ProviderImpl;
  chatCredentialOperation?: string;
  lastUsedChatModel?: unknown;
  lastUsedModelConfig?: unknown;
  modelUsage?: unknown;
  getOptions(): Readonly<AxAIServiceOptions>;
  getFeatures(model?: string): { functions: boolean; functionEmulation?: boolean };
  resolveChatModelConfig(
    req: Readonly<AxChatRequest>,
    options: Readonly<AxAIServiceOptions>,
  ): { model: string; modelConfig: AxModelConfig; selectedModelInfo?: { isExpensive?: boolean } };
  buildHeaders(
    headers: Record<string, string> | undefined,
    request: { operation: string; method: string; url: string },
  ): Promise<Record<string, string>>;
}

// Per-call options that only steer what this path reproduces (or that only Ax's debug
// logging, tracing and metrics read, all of which make the call go through Ax instead).
const HANDLED_OPTIONS = new Set([
  'stream',
  'debug',
  'debugHideSystemPrompt',
  'stepIndex',
  'functionCallMode',
  'abortSignal',
  'thinkingTokenBudget',
  'showThoughts',
  'useExpensiveModel',
  'includeRequestBodyInErrors',
]);

// Ax 24's `axIsGPT6Astra` (not exported): models `ai()` routes to the OpenAI Responses API.
const RESPONSES_API_MODEL = /^gpt-6-astra($|-)/;

const REQUEST_ID_HEADERS = [
  'x-request-id',
  'request-id',
  'x-requestid',
  'x-ms-request-id',
  'x-goog-request-id',
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-typesafe-request-id',
];
const SESSION_ID_HEADERS = ['openai-session-id', 'anthropic-session-id', 'x-session-id'];

/**
 * For a service made by `ai()` over an HTTP provider, a `chat` for whole (non-streamed)
 * calls that builds the request and reads the reply with the provider's own Ax mapping
 * (`createChatReq` / `createChatResp`: same URL, headers, body and `AxChatResponse`,
 * compared in `direct-chat.spec.ts`) but skips what `AxBaseAI.chat()` wraps around them on
 * every call: option merging, its in-process latency and size metrics (a second
 * `JSON.stringify` of the request), URL parsing and a second abort controller and timer in
 * `apiCall`. Measured in bench/pipeline as about 0.3 ms of the 0.65 ms Ax spent per call.
 *
 * Made only for services whose `fetch` is this package's LLM fetch (retries, timeouts and
 * failures are handled there), and not for models `ai()` sends to another client (OpenAI's
 * Responses API for GPT-6 Astra). A call goes through Ax's own `chat()` whenever Ax would do
 * more: streaming, functions, a model key, tracing, OpenTelemetry metrics, usage callbacks,
 * rate limiters, debug or verbose logging, context caching, Ax retries, or any option not
 * listed above. Ax's `getMetrics()` does not count direct calls.
 */
export function createDirectChat(service: AxAIService): DirectChat | undefined {
  const wrapper = service as { ai?: unknown; responsesAI?: unknown; defaultModel?: unknown };
  // `ai()` sends GPT-6 Astra models of the openai provider to its Responses API client.
  if (
    wrapper.responsesAI !== undefined &&
    typeof wrapper.defaultModel === 'string' &&
    RESPONSES_API_MODEL.test(wrapper.defaultModel)
  ) {
    return undefined;
  }
  const inner = wrapper.ai;
  const base = (typeof inner === 'object' && inner !== null ? inner : service) as unknown as BaseAi;
  if (
    typeof base.aiImpl?.createChatReq !== 'function' ||
    typeof base.aiImpl.createChatResp !== 'function' ||
    typeof base.resolveChatModelConfig !== 'function' ||
    typeof base.buildHeaders !== 'function' ||
    typeof base.apiURL !== 'string'
  ) {
    return undefined;
  }
  const urls = new Map<string, string>();
  return async (req, options) => {
    if (!handles(base, req, options)) return (await service.chat(req, options)) as AxChatResponse;
    const { model, modelConfig, selectedModelInfo } = base.resolveChatModelConfig(req, options);
    const features = base.getFeatures(model);
    if (
      (selectedModelInfo?.isExpensive && options.useExpensiveModel !== 'yes') ||
      (!features.functions && features.functionEmulation !== false)
    ) {
      return (await service.chat(req, options)) as AxChatResponse;
    }
    for (const item of req.chatPrompt) axValidateChatRequestMessage(item);
    const full = { ...req, model, functions: undefined, modelConfig };
    base.lastUsedChatModel = model;
    base.lastUsedModelConfig = modelConfig;
    base.aiImpl.validateChatReq?.(full);
    const [api, body] = await base.aiImpl.createChatReq(full, options);
    if (api.localCall) return (await service.chat(req, options)) as AxChatResponse;
    const url = apiUrl(urls, api.url ?? base.apiURL, api.name);
    const method = api.method ?? (api.put ? 'PUT' : 'POST');
    const headers = {
      'Content-Type': 'application/json',
      'X-Request-ID': randomUUID(),
      'X-Retry-Count': '0',
      ...(await base.buildHeaders(api.headers, {
        operation: base.chatCredentialOperation === 'responses' ? 'responses' : 'chat',
        method,
        url,
      })),
    };
    const signal = options.abortSignal;
    // A caller's abort surfaces as Ax's own error class, as it does through `chat()`.
    const aborted = (): Error =>
      new AxAIServiceAbortedError(url, signal?.reason as string | undefined, undefined, {}, false);
    if (signal?.aborted) throw aborted();
    let res: Response;
    try {
      res = await (base.fetch ?? fetch)(url, {
        method,
        headers,
        ...(method === 'GET' ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      throw signal?.aborted ? aborted() : err;
    }
    if (res.status >= 400) {
      await res.text().catch(() => '');
      throw currentObservation()?.failure ?? httpStatusError(url, res.status);
    }
    const out = base.aiImpl.createChatResp(await res.json(), full);
    applyCorrelation(out, res.headers, base.name);
    if (!out.modelUsage) {
      const tokens = base.aiImpl.getTokenUsage();
      if (tokens) out.modelUsage = { ai: base.name, model, tokens };
    }
    if (out.modelUsage) base.modelUsage = out.modelUsage;
    return out;
  };
}

function handles(
  base: BaseAi,
  req: Readonly<AxChatRequest>,
  options: Readonly<AxAIServiceOptions>,
): boolean {
  if (options.stream !== false || options.debug || req.model !== undefined) return false;
  if ((req.functions?.length ?? 0) > 0 || req.functionCall !== undefined) return false;
  if (options.functionCallMode !== undefined && options.functionCallMode !== 'auto') return false;
  for (const key of Object.keys(options)) {
    if (!HANDLED_OPTIONS.has(key) && options[key as keyof AxAIServiceOptions] !== undefined)
      return false;
  }
  const o = base.getOptions();
  return !(
    o.debug ||
    o.verbose ||
    o.rateLimiter ||
    o.tracer ||
    o.meter ||
    o.corsProxy ||
    o.contextCache ||
    o.serviceTier ||
    o.beta ||
    o.abortSignal ||
    (o.retry?.maxRetries ?? 1) !== 0 ||
    axGlobals.onUsage
  );
}

/** Ax's `apiCall` URL: the API name appended to the base URL's path, slashes collapsed. */
function apiUrl(cache: Map<string, string>, baseUrl: string, name: string | undefined): string {
  const key = `${baseUrl}\n${name ?? ''}`;
  let href = cache.get(key);
  if (href === undefined) {
    const u = new URL(baseUrl);
    const path = `${[u.pathname, name].filter(Boolean).join('/').replace(/\/+/g, '/')}${u.search}`;
    href = new URL(path, u).href;
    cache.set(key, href);
  }
  return href;
}

/** Ax's response correlation: the provider's request and session ids from the headers. */
function applyCorrelation(
  res: AxChatResponse,
  headers: { get(name: string): string | null },
  provider: string,
): void {
  const first = (names: readonly string[]): string | undefined => {
    for (const n of names) {
      const v = headers.get(n);
      if (v) return v;
    }
    return undefined;
  };
  const requestId = first(REQUEST_ID_HEADERS);
  const sessionId = first(SESSION_ID_HEADERS);
  res.sessionId = undefined;
  if (requestId && !res.remoteRequestId) res.remoteRequestId = requestId;
  if (sessionId) res.remoteSessionId ??= sessionId;
  const ids = {
    ...(requestId ? { requestId } : {}),
    ...(sessionId ? { sessionId } : {}),
  };
  const next = requestId || sessionId ? { [provider]: ids } : undefined;
  if (!res.providerMetadata && !next) {
    res.providerMetadata = undefined;
    return;
  }
  const merged: NonNullable<AxChatResponse['providerMetadata']> = {};
  for (const source of [res.providerMetadata, next]) {
    for (const [p, meta] of Object.entries(source ?? {})) merged[p] = { ...merged[p], ...meta };
  }
  res.providerMetadata = merged;
}
