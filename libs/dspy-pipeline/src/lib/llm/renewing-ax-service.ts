import {
  axGlobals,
  type AxAIService,
  type AxAIServiceOptions,
  type AxChatRequest,
  type AxEmbedRequest,
  type AxModelUsage,
  type AxSpeechRequest,
  type AxTranscriptionRequest,
} from '@ax-llm/ax';

/** Chat and embed calls served by one Ax service instance before a fresh one takes over. */
export const AX_SERVICE_RENEW_EVERY = 100;

/**
 * An Ax service (the public `AxAIService` interface) that forwards every call to one made by
 * `create()`, with two costs of Ax 24 kept off the request path:
 *
 * - An Ax service keeps the latency of its last 1,000 calls and sorts a copy of that list
 *   twice after every call (p95, p99 for `getMetrics()`). Once the list is full that is about
 *   0.45 ms of CPU per call, the largest single cost of a baseline answer under load
 *   (docs/benchmarks.md, `## api`). A fresh service from `create()` takes over every
 *   {@link AX_SERVICE_RENEW_EVERY} calls, so the list stays short; calls in flight finish on the
 *   instance they started on. Options given to {@link setOptions} carry over.
 * - `AxGen.forward` asks the service for its options about 22 times per call, and Ax rebuilds
 *   the object each time (≈ 1.1 ms of CPU per call). The options are remembered until
 *   `setOptions` is called, the instance is renewed or one of the `axGlobals` changes
 *   (`getOptions()` folds some of them in).
 *
 * `getMetrics()` covers the calls since the last renewal. Nothing Cited reads depends on the
 * instance: requests, replies and errors are the inner service's own.
 */
export class RenewingAxService implements AxAIService {
  private current: AxAIService;
  private calls = 0;
  private extraOptions: Readonly<AxAIServiceOptions> | undefined;
  private options: Readonly<AxAIServiceOptions> | undefined;
  private globalsSeen: unknown[] = [];

  /**
   * @param create makes an equivalent service (same provider, model and options) on each call.
   * @param renewEvery chat and embed calls per instance.
   */
  constructor(
    private readonly create: () => AxAIService,
    private readonly renewEvery: number = AX_SERVICE_RENEW_EVERY,
  ) {
    if (!Number.isInteger(renewEvery) || renewEvery < 1)
      throw new RangeError(`renewEvery must be a positive integer, got ${renewEvery}`);
    this.current = create();
  }

  /** The instance for the next chat or embed call, renewed every `renewEvery` calls. */
  private next(): AxAIService {
    this.calls++;
    if (this.calls > this.renewEvery) {
      this.calls = 1;
      this.current = this.create();
      if (this.extraOptions !== undefined) this.current.setOptions(this.extraOptions);
      this.options = undefined;
    }
    return this.current;
  }

  chat(
    req: Readonly<AxChatRequest<unknown>>,
    options?: Readonly<AxAIServiceOptions>,
  ): ReturnType<AxAIService['chat']> {
    return this.next().chat(req, options);
  }

  embed(
    req: Readonly<AxEmbedRequest<unknown>>,
    options?: Readonly<AxAIServiceOptions>,
  ): ReturnType<AxAIService['embed']> {
    return this.next().embed(req, options);
  }

  validateChatRequest(
    req: Readonly<AxChatRequest<unknown>>,
    options?: Readonly<AxAIServiceOptions>,
  ): void {
    this.current.validateChatRequest?.(req, options);
  }

  transcribe(
    req: Readonly<AxTranscriptionRequest<unknown>>,
    options?: Readonly<AxAIServiceOptions>,
  ): ReturnType<AxAIService['transcribe']> {
    return this.current.transcribe(req, options);
  }

  speak(
    req: Readonly<AxSpeechRequest<unknown>>,
    options?: Readonly<AxAIServiceOptions>,
  ): ReturnType<AxAIService['speak']> {
    return this.current.speak(req, options);
  }

  getOptions(): Readonly<AxAIServiceOptions> {
    if (this.options === undefined || this.globalsChanged()) {
      this.globalsSeen = Object.values(axGlobals);
      this.options = this.current.getOptions();
    }
    return this.options;
  }

  setOptions(options: Readonly<AxAIServiceOptions>): void {
    this.extraOptions = { ...this.extraOptions, ...options };
    this.current.setOptions(options);
    this.options = undefined;
  }

  getId(): string {
    return this.current.getId();
  }

  getName(): string {
    return this.current.getName();
  }

  getFeatures(model?: unknown): ReturnType<AxAIService['getFeatures']> {
    return this.current.getFeatures(model);
  }

  getModelList(): ReturnType<AxAIService['getModelList']> {
    return this.current.getModelList();
  }

  getMetrics(): ReturnType<AxAIService['getMetrics']> {
    return this.current.getMetrics();
  }

  getLogger(): ReturnType<AxAIService['getLogger']> {
    return this.current.getLogger();
  }

  getLastUsedChatModel(): unknown {
    return this.current.getLastUsedChatModel();
  }

  getLastUsedEmbedModel(): unknown {
    return this.current.getLastUsedEmbedModel();
  }

  getLastUsedModelConfig(): ReturnType<AxAIService['getLastUsedModelConfig']> {
    return this.current.getLastUsedModelConfig();
  }

  getEstimatedCost(modelUsage?: AxModelUsage): number {
    return this.current.getEstimatedCost(modelUsage);
  }

  private globalsChanged(): boolean {
    const now = Object.values(axGlobals);
    if (now.length !== this.globalsSeen.length) return true;
    for (let i = 0; i < now.length; i++) if (now[i] !== this.globalsSeen[i]) return true;
    return false;
  }
}
