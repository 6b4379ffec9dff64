import type {
  AxAIService,
  AxAIServiceOptions,
  AxChatRequest,
  AxChatResponse,
  AxEmbedRequest,
  AxModelUsage,
  AxSpeechRequest,
  AxTranscriptionRequest,
} from '@ax-llm/ax';
import type { LlmBudget } from './llm-budget';
import { requestCostUsd, type LlmModelPrice } from './llm-prices';
import { LLM_CACHE_FORMAT, LlmRequestCache } from './llm-request-cache';
import { currentUsageLedgers, type LlmUsageLedger, type LlmUsageTotals } from './llm-usage-ledger';
import { currentObservation } from './served-model-scope';

/** Options of {@link MeteredAxService}. */
export interface MeteredAxServiceOptions {
  /** What identifies the model's replies besides the request: model, temperature, seed, … */
  identity: {
    provider: string;
    model: string;
    temperature: number;
    maxTokens: number;
    seed: number | undefined;
  };
  /** The request cache; none: every request goes to the provider. */
  cache?: LlmRequestCache;
  /** The model's price; none: costs are unknown (never 0). */
  price?: LlmModelPrice;
  budget?: LlmBudget;
  /** Counts every request of this service (besides the ledgers of the async context). */
  ledger: LlmUsageLedger;
}

/**
 * An Ax service (Ax's public `AxAIService` interface) in front of another one that caches
 * chat replies by the exact request, counts requests, tokens and dollars, and enforces a
 * budget. Ax has no request-cache hook, so Cited hands Ax this wrapper instead of patching
 * Ax. A hit returns the stored reply with its original token counts and costs 0 (its price
 * is counted as saved). Only whole, successful replies are stored: an error, a streamed
 * reply or a reply without results is never cached. Identical requests in flight at the same
 * time are sent once. The budget is taken before a request is sent; a hit needs none.
 */
export class MeteredAxService implements AxAIService {
  private readonly inflight = new Map<string, Promise<AxChatResponse>>();

  constructor(
    private readonly inner: AxAIService,
    private readonly options: MeteredAxServiceOptions,
  ) {}

  async chat(
    req: Readonly<AxChatRequest<unknown>>,
    options?: Readonly<AxAIServiceOptions>,
  ): ReturnType<AxAIService['chat']> {
    const cache = options?.stream === true ? undefined : this.options.cache;
    if (!cache) {
      this.options.budget?.take();
      const res = await this.inner.chat(req, options);
      this.record('call', res instanceof ReadableStream ? undefined : res);
      return res;
    }
    const key = LlmRequestCache.keyOf({
      format: LLM_CACHE_FORMAT,
      ...this.options.identity,
      // The request as sent: prompt, model config, functions (their code is not part of JSON).
      request: JSON.parse(JSON.stringify(req)) as unknown,
    });
    const shared = this.inflight.get(key);
    if (shared) {
      const res = await shared.catch(() => undefined);
      if (res) {
        this.record('hit', res);
        return structuredClone(res);
      }
    }
    const stored = await cache.get(key);
    if (stored) {
      this.record('hit', stored.response);
      return stored.response;
    }
    this.options.budget?.take();
    const pending = (async (): Promise<AxChatResponse> => {
      const res = await this.inner.chat(req, options);
      if (res instanceof ReadableStream) throw new StreamedReply(res);
      return res;
    })();
    this.inflight.set(key, pending);
    try {
      const res = await pending;
      this.record('miss', res);
      if (cacheable(res)) {
        await cache
          .put({
            format: LLM_CACHE_FORMAT,
            key,
            model: this.options.identity.model,
            createdAt: new Date().toISOString(),
            response: JSON.parse(JSON.stringify(res)) as AxChatResponse,
          })
          // A full disk or a read-only folder costs the saving, not the reply.
          .catch(() => undefined);
      }
      return res;
    } catch (error) {
      if (error instanceof StreamedReply) {
        this.record('miss', undefined);
        return error.stream;
      }
      throw error;
    } finally {
      this.inflight.delete(key);
    }
  }

  private record(kind: 'call' | 'hit' | 'miss', res: AxChatResponse | undefined): void {
    const tokens = res?.modelUsage?.tokens;
    const price = this.options.price;
    const cost =
      price && tokens
        ? requestCostUsd(price, {
            promptTokens: tokens.promptTokens ?? 0,
            completionTokens: tokens.completionTokens ?? 0,
            ...(tokens.cacheReadTokens !== undefined
              ? { cacheReadTokens: tokens.cacheReadTokens }
              : {}),
          })
        : undefined;
    const hit = kind === 'hit';
    const entry: Partial<LlmUsageTotals> = {
      calls: hit ? 0 : 1,
      cacheHits: hit ? 1 : 0,
      cacheMisses: kind === 'miss' ? 1 : 0,
      promptTokens: tokens?.promptTokens ?? 0,
      completionTokens: tokens?.completionTokens ?? 0,
      costUsd: hit ? 0 : (cost ?? 0),
      costSavedUsd: hit ? (cost ?? 0) : 0,
      unpricedRequests: cost === undefined ? 1 : 0,
    };
    if (!hit && cost !== undefined) this.options.budget?.spend(cost);
    this.options.ledger.add(entry);
    for (const l of currentUsageLedgers()) if (l !== this.options.ledger) l.add(entry);
    const obs = currentObservation();
    if (obs) {
      // Cache fields only when the cache was asked (not with --no-cache).
      if (kind !== 'call') {
        obs.requests = (obs.requests ?? 0) + 1;
        if (hit) obs.cacheHits = (obs.cacheHits ?? 0) + 1;
      }
      if (cost !== undefined) {
        obs.costUsd = (obs.costUsd ?? 0) + (hit ? 0 : cost);
        obs.costSavedUsd = (obs.costSavedUsd ?? 0) + (hit ? cost : 0);
      }
    }
  }

  embed(
    req: Readonly<AxEmbedRequest<unknown>>,
    options?: Readonly<AxAIServiceOptions>,
  ): ReturnType<AxAIService['embed']> {
    return this.inner.embed(req, options);
  }

  validateChatRequest(
    req: Readonly<AxChatRequest<unknown>>,
    options?: Readonly<AxAIServiceOptions>,
  ): void {
    this.inner.validateChatRequest?.(req, options);
  }

  transcribe(
    req: Readonly<AxTranscriptionRequest<unknown>>,
    options?: Readonly<AxAIServiceOptions>,
  ): ReturnType<AxAIService['transcribe']> {
    return this.inner.transcribe(req, options);
  }

  speak(
    req: Readonly<AxSpeechRequest<unknown>>,
    options?: Readonly<AxAIServiceOptions>,
  ): ReturnType<AxAIService['speak']> {
    return this.inner.speak(req, options);
  }

  getOptions(): Readonly<AxAIServiceOptions> {
    return this.inner.getOptions();
  }

  setOptions(options: Readonly<AxAIServiceOptions>): void {
    this.inner.setOptions(options);
  }

  getId(): string {
    return this.inner.getId();
  }

  getName(): string {
    return this.inner.getName();
  }

  getFeatures(model?: unknown): ReturnType<AxAIService['getFeatures']> {
    return this.inner.getFeatures(model);
  }

  getModelList(): ReturnType<AxAIService['getModelList']> {
    return this.inner.getModelList();
  }

  getMetrics(): ReturnType<AxAIService['getMetrics']> {
    return this.inner.getMetrics();
  }

  getLogger(): ReturnType<AxAIService['getLogger']> {
    return this.inner.getLogger();
  }

  getLastUsedChatModel(): unknown {
    return this.inner.getLastUsedChatModel();
  }

  getLastUsedEmbedModel(): unknown {
    return this.inner.getLastUsedEmbedModel();
  }

  getLastUsedModelConfig(): ReturnType<AxAIService['getLastUsedModelConfig']> {
    return this.inner.getLastUsedModelConfig();
  }

  getEstimatedCost(modelUsage?: AxModelUsage): number {
    return this.inner.getEstimatedCost(modelUsage);
  }
}

/** Carries a streamed reply past the in-flight map (streams are never shared or cached). */
class StreamedReply {
  constructor(readonly stream: ReadableStream<AxChatResponse>) {}
}

function cacheable(res: AxChatResponse): boolean {
  return (
    res.results.length > 0 &&
    res.results.every(
      (r) =>
        r.finishReason !== 'error' &&
        (typeof r.content === 'string' || (r.functionCalls?.length ?? 0) > 0),
    )
  );
}
