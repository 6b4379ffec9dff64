import { ConcurrencyLimiter } from './concurrency-limiter';
import { attemptsExhaustedError, httpStatusError } from './llm-error-mapping';
import { injectSeed } from './request-seed';
import { currentObservation, failObservation } from './served-model-scope';
import { captureServedModelFromStream, findServedModel } from './served-model-capture';

/** Statuses worth another attempt: timeouts, rate limits, overloaded or failing servers. */
export const RETRYABLE_STATUSES: readonly number[] = [408, 409, 425, 429, 500, 502, 503, 504, 529];

/** Options of {@link createLlmFetch}. */
export interface LlmFetchOptions {
  /** Sent as `seed` (chat completions) or `generationConfig.seed` (Gemini) unless the body has one. */
  seed?: number;
  /** Extra attempts after the first one. */
  retries: number;
  /** Per attempt, covering the whole response body (streams included). */
  timeoutMs: number;
  /** Requests in flight at once; further requests wait in order. */
  concurrency: number;
  /** First backoff delay; doubles per retry up to `maxRetryDelayMs`. Default 250. */
  retryDelayMs?: number;
  /** Default 4000. A `Retry-After` header is honoured up to this bound. */
  maxRetryDelayMs?: number;
  /** Redirects every request to this origin+path prefix (providers that ignore `apiURL`). */
  rewriteBaseUrl?: { from: string; to: string };
  /** Underlying fetch. Default: the global `fetch`. */
  baseFetch?: typeof fetch;
  /** Called with each served model name found in a response. */
  onServedModel?: (model: string) => void;
}

/**
 * Builds the `fetch` handed to Ax through its public `fetch` option: wraps the global (or a
 * given) fetch to inject the seed, record the served model (JSON and server-sent-event
 * responses), apply this package's retry policy, a per-attempt timeout and a concurrency
 * limit. Ax's own retries must be off (`retry.maxRetries = 0`).
 * Throws {@link DspyPipelineError} `llm_timeout` or `llm_error`; Ax wraps it, so callers
 * look for it in the error's cause chain (`toLlmError`).
 */
export function createLlmFetch(options: LlmFetchOptions): typeof fetch {
  const baseFetch = options.baseFetch ?? fetch;
  const limiter = new ConcurrencyLimiter(options.concurrency);
  const firstDelay = options.retryDelayMs ?? 250;
  const maxDelay = options.maxRetryDelayMs ?? 4000;

  const wrapped = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    let url = input instanceof Request ? input.url : String(input);
    if (options.rewriteBaseUrl && url.startsWith(options.rewriteBaseUrl.from)) {
      url = options.rewriteBaseUrl.to + url.slice(options.rewriteBaseUrl.from.length);
    }
    const body = injectSeed(url, init?.body, options.seed);
    const callerSignal = init?.signal ?? undefined;
    const failed = currentObservation()?.failure;
    if (failed) throw failed;
    const release = await limiter.acquire(callerSignal);
    let handedOver = false;
    try {
      for (let attempt = 0; ; attempt++) {
        const obs = currentObservation();
        if (obs) obs.attempts++;
        // One controller per attempt, aborted by the timer or by the caller.
        const timeout = new AbortController();
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          timeout.abort(new Error('attempt timed out'));
        }, options.timeoutMs);
        const onCallerAbort = (): void => timeout.abort(callerSignal?.reason);
        if (callerSignal?.aborted) onCallerAbort();
        else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
        const endAttempt = (): void => {
          clearTimeout(timer);
          callerSignal?.removeEventListener('abort', onCallerAbort);
        };
        let res: Response;
        // Whole bodies (anything but server-sent events) are read here, under this attempt's
        // timeout and retry policy: a body cut off mid-way is retried.
        let text: string | undefined;
        try {
          res = await baseFetch(url, { ...init, body, signal: timeout.signal });
          if (res.body && !isEventStream(res)) text = await res.text();
        } catch (err) {
          endAttempt();
          if (callerSignal?.aborted) throw err;
          if (attempt < options.retries) {
            await sleep(backoff(attempt, firstDelay, maxDelay), callerSignal);
            continue;
          }
          const error = attemptsExhaustedError(url, timedOut, attempt + 1, options.timeoutMs, err);
          if (obs) failObservation(obs, error);
          throw error;
        }
        if (RETRYABLE_STATUSES.includes(res.status) && attempt < options.retries) {
          endAttempt();
          if (text === undefined) await res.body?.cancel().catch(() => undefined);
          const hinted = retryAfterMs(res.headers.get('retry-after'));
          await sleep(
            Math.min(hinted ?? backoff(attempt, firstDelay, maxDelay), maxDelay),
            callerSignal,
          );
          continue;
        }
        if (res.status >= 400 && obs) {
          const failure = httpStatusError(url, res.status, attempt + 1);
          obs.failure = failure;
          // Ax still reads this response: abort its re-ask only once it has been handed over.
          setImmediate(() => failObservation(obs, failure));
        }
        const onModel = (m: string): void => {
          const o = obs ?? currentObservation();
          if (o) o.servedModel = m;
          options.onServedModel?.(m);
        };
        if (text !== undefined || !res.body) {
          endAttempt();
          const model = text ? findServedModel(text) : undefined;
          if (model) onModel(model);
          // The slot is released by `finally`: nothing is left to read.
          return text === undefined
            ? res
            : new Response(text, {
                status: res.status,
                statusText: res.statusText,
                headers: res.headers,
              });
        }
        handedOver = true;
        return captureServedModelFromStream(
          res,
          () => {
            endAttempt();
            release();
          },
          timeout.signal,
          onModel,
        );
      }
    } finally {
      if (!handedOver) release();
    }
  };
  return wrapped as typeof fetch;
}

function isEventStream(res: Response): boolean {
  return res.headers.get('content-type')?.includes('text/event-stream') ?? false;
}

function backoff(attempt: number, first: number, max: number): number {
  return Math.min(first * 2 ** attempt, max);
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
