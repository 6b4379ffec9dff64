import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { LeanResponse } from './lean-response';
import { createNodeHttpFetch } from './node-http-fetch';
import { currentObservation, failObservation } from './served-model-scope';

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
  /**
   * Underlying fetch. Default: {@link createNodeHttpFetch} (whole calls over `node:http`,
   * streamed ones through the global `fetch`).
   */
  baseFetch?: typeof fetch;
  /** Called with each served model name found in a response. */
  onServedModel?: (model: string) => void;
}

/** Counters of an LLM fetch wrapper, for tests and diagnostics. */
export interface LlmFetchStats {
  requests: number;
  attempts: number;
  retries: number;
  timeouts: number;
}

/** The wrapper and its counters. */
export interface LlmFetch {
  fetch: typeof fetch;
  stats: LlmFetchStats;
  limiter: ConcurrencyLimiter;
}

// The served model is the first top-level "model" (OpenAI, Anthropic, Ollama) or
// "modelVersion" (Gemini) key; escaped quotes inside generated text do not match.
const MODEL_RE = /(?<!\\)"(?:model|modelVersion)"\s*:\s*"([^"\\]{1,200})"/;
const MAX_SCAN_CHARS = 64 * 1024;

/**
 * Builds the `fetch` handed to Ax: injects the seed, records the served model (JSON and
 * server-sent-event responses), applies this package's retry policy, a per-attempt timeout
 * and a concurrency limit. Ax's own retries must be off (`retry.maxRetries = 0`).
 * Throws {@link DspyPipelineError} `llm_timeout` or `llm_error`; Ax wraps it, so callers
 * look for it in the error's `cause` chain.
 */
export function createLlmFetch(options: LlmFetchOptions): LlmFetch {
  const baseFetch = options.baseFetch ?? createNodeHttpFetch();
  const limiter = new ConcurrencyLimiter(options.concurrency);
  const stats: LlmFetchStats = { requests: 0, attempts: 0, retries: 0, timeouts: 0 };
  const firstDelay = options.retryDelayMs ?? 250;
  const maxDelay = options.maxRetryDelayMs ?? 4000;

  const wrapped = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    stats.requests++;
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
        stats.attempts++;
        const obs = currentObservation();
        if (obs) obs.attempts++;
        // One controller per attempt, aborted by the timer or by the caller. A listener costs
        // less than `AbortSignal.any` (Ax passes a signal on every request).
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
        const signal = timeout.signal;
        let res: Response;
        // Whole bodies (anything but server-sent events) are read here, under this attempt's
        // timeout and retry policy: a body cut off mid-way is retried, and a plain Response
        // over the text costs less than a pass-through stream (bench/pipeline).
        let text: string | undefined;
        try {
          res = await baseFetch(url, { ...init, body, signal });
          if (res instanceof LeanResponse) text = res.bodyText;
          else if (res.body && !isEventStream(res)) text = await res.text();
        } catch (err) {
          endAttempt();
          if (callerSignal?.aborted) throw err;
          if (timedOut) stats.timeouts++;
          if (attempt < options.retries) {
            stats.retries++;
            await sleep(backoff(attempt, firstDelay, maxDelay), callerSignal);
            continue;
          }
          const error = attemptError(url, timedOut, attempt + 1, options.timeoutMs, err);
          if (obs) failObservation(obs, error);
          throw error;
        }
        if (RETRYABLE_STATUSES.includes(res.status) && attempt < options.retries) {
          endAttempt();
          if (text === undefined) await res.body?.cancel().catch(() => undefined);
          stats.retries++;
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
          const scanned =
            text && text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text;
          const m = scanned ? MODEL_RE.exec(scanned) : null;
          if (m?.[1]) onModel(m[1]);
          // The slot is released by `finally`: nothing is left to read.
          return text === undefined || res instanceof LeanResponse
            ? res
            : new Response(text, {
                status: res.status,
                statusText: res.statusText,
                headers: res.headers,
              });
        }
        handedOver = true;
        return observeBody(
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
  return { fetch: wrapped as typeof fetch, stats, limiter };
}

/** The typed error for an LLM answering an HTTP error status (after `attempts`, when known). */
export function httpStatusError(url: string, status: number, attempts?: number): DspyPipelineError {
  const tried = attempts === undefined ? '' : ` (${attempts} attempt(s))`;
  return new DspyPipelineError(
    'llm_error',
    `The LLM at ${safeHost(url)} answered HTTP ${status}${tried}.`,
    {
      where: 'CITED_LLM_*',
      fix:
        status === 401 || status === 403
          ? 'Check CITED_LLM_API_KEY.'
          : 'Check the model name and the provider status.',
    },
  );
}

function attemptError(
  url: string,
  timedOut: boolean,
  attempts: number,
  timeoutMs: number,
  cause: unknown,
): DspyPipelineError {
  const host = safeHost(url);
  return timedOut
    ? new DspyPipelineError(
        'llm_timeout',
        `The LLM at ${host} did not answer within ${timeoutMs} ms (${attempts} attempt(s)).`,
        {
          where: 'CITED_LLM_TIMEOUT_MS',
          fix: 'Raise CITED_LLM_TIMEOUT_MS or check the provider.',
          cause,
        },
      )
    : new DspyPipelineError(
        'llm_error',
        `The LLM at ${host} could not be reached (${attempts} attempt(s)).`,
        {
          where: 'CITED_LLM_BASE_URL',
          fix: 'Check CITED_LLM_BASE_URL and that the provider is up.',
          cause,
        },
      );
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured URL';
  }
}

/** Adds the seed to a JSON chat request body, leaving an explicit seed alone. */
export function injectSeed(
  url: string,
  body: RequestInit['body'] | undefined,
  seed: number | undefined,
): RequestInit['body'] | undefined {
  if (seed === undefined || typeof body !== 'string') return body;
  const isChat = /\/chat\/completions(?:\?|$)/.test(url);
  const isGemini = /:(?:stream)?[gG]enerateContent(?:\?|$)/.test(url);
  if (!isChat && !isGemini) return body;
  // Fast path: a chat body without any "seed" key gets one in front, sparing a parse and
  // re-serialisation of the whole prompt on every call.
  if (isChat && body.startsWith('{') && !body.includes('"seed"')) {
    const rest = body.slice(1).trimStart();
    return rest.startsWith('}') ? `{"seed":${seed}${rest}` : `{"seed":${seed},${rest}`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return body;
  const obj = parsed as Record<string, unknown>;
  if (isChat) {
    if (obj['seed'] === undefined) obj['seed'] = seed;
  } else {
    const gc = (
      typeof obj['generationConfig'] === 'object' && obj['generationConfig'] !== null
        ? obj['generationConfig']
        : {}
    ) as Record<string, unknown>;
    if (gc['seed'] === undefined) gc['seed'] = seed;
    obj['generationConfig'] = gc;
  }
  return JSON.stringify(obj);
}

function isEventStream(res: Response): boolean {
  return res.headers.get('content-type')?.includes('text/event-stream') ?? false;
}

/** Passes a streamed body through untouched while scanning its start for the served model. */
function observeBody(
  res: Response,
  done: () => void,
  timeoutSignal: AbortSignal,
  onModel: (model: string) => void,
): Response {
  if (!res.body) {
    done();
    return res;
  }
  const decoder = new TextDecoder();
  let scanned = '';
  let found = false;
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    timeoutSignal.removeEventListener('abort', onTimeout);
    done();
  };
  const onTimeout = (): void => finish();
  timeoutSignal.addEventListener('abort', onTimeout, { once: true });
  const reader = res.body.getReader();
  // A pull-through stream (not a TransformStream) so that a consumer that stops early and
  // cancels, as Ax does after `[DONE]`, still frees the concurrency slot at once.
  const piped = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done: ended, value } = await reader.read();
        if (ended) {
          finish();
          controller.close();
          return;
        }
        if (!found && scanned.length < MAX_SCAN_CHARS) {
          scanned += decoder.decode(value, { stream: true });
          const m = MODEL_RE.exec(scanned);
          if (m?.[1]) {
            found = true;
            scanned = '';
            onModel(m[1]);
          }
        }
        controller.enqueue(value);
      } catch (err) {
        finish();
        controller.error(err);
      }
    },
    async cancel(reason) {
      finish();
      await reader.cancel(reason).catch(() => undefined);
    },
  });
  return new Response(piped, {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
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
