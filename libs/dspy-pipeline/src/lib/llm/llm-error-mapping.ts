import {
  AxAIServiceAbortedError,
  AxAIServiceError,
  AxAIServiceNetworkError,
  AxAIServiceTimeoutError,
} from '@ax-llm/ax';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';

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

/**
 * The typed error for a request that got no answer after `attempts`: `llm_timeout` when the
 * last attempt ran out of time, `llm_error` when the provider could not be reached.
 */
export function attemptsExhaustedError(
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

/**
 * True for what `AxGen.forward` throws when a reply arrived but could not be read into the
 * signature's fields (after its correction attempts): not a service error of Ax, not an abort.
 */
function isUnusableReply(err: unknown): boolean {
  if (!(err instanceof Error) || err instanceof AxAIServiceError) return false;
  if (err.name === 'AbortError' || err.name === 'TimeoutError') return false;
  return 'status' in err === false;
}

/** Only the host goes into messages: paths and queries may carry keys. */
function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured URL';
  }
}

/**
 * Turns whatever an Ax call threw into a {@link DspyPipelineError}: our fetch wrapper's own
 * error is found in the cause chain (Ax wraps it); Ax's classes are matched with
 * `instanceof` because their names are minified. Messages never include prompts.
 * `fromForward`: the error came out of `AxGen.forward`, where anything that is not a service
 * error or an abort is a reply Ax could not read into the signature (`llm_invalid_reply`).
 */
export function toLlmError(
  err: unknown,
  module: string,
  options: { fromForward?: boolean } = {},
): DspyPipelineError {
  for (let e: unknown = err, depth = 0; e && depth < 8; depth++) {
    if (DspyPipelineError.isInstance(e)) return e;
    // Ax keeps the fetch error in `originalError`; standard wrappers use `cause`.
    e =
      e instanceof AxAIServiceNetworkError
        ? e.originalError
        : e instanceof Error
          ? e.cause
          : undefined;
  }
  if (err instanceof AxAIServiceTimeoutError) {
    return new DspyPipelineError('llm_timeout', `The ${module} LLM call timed out.`, {
      where: 'CITED_LLM_TIMEOUT_MS',
      fix: 'Raise CITED_LLM_TIMEOUT_MS or check the provider.',
      cause: err,
    });
  }
  if (err instanceof AxAIServiceAbortedError) {
    return new DspyPipelineError('llm_error', `The ${module} LLM call was aborted.`, {
      cause: err,
    });
  }
  if (options.fromForward === true && isUnusableReply(err)) {
    // Ax asked again for the missing or malformed fields and gave up: the LLM is up, its reply
    // is not what the module asked for. Ax's message quotes the reply: it stays in `cause`.
    return new DspyPipelineError(
      'llm_invalid_reply',
      `The ${module} LLM reply did not have the fields the module asked for.`,
      {
        fix: 'Check that CITED_LLM_MODEL follows instructions, or re-optimize the program.',
        cause: err,
      },
    );
  }
  const status =
    typeof err === 'object' && err !== null && 'status' in err
      ? ` (HTTP ${String((err as { status: unknown }).status)})`
      : '';
  return new DspyPipelineError('llm_error', `The ${module} LLM call failed${status}.`, {
    fix: 'Check the LLM configuration (CITED_LLM_*) and the provider status.',
    cause: err,
  });
}
