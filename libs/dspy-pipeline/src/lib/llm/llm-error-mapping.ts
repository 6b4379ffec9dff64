import { AxAIServiceAbortedError, AxAIServiceTimeoutError } from '@ax-llm/ax';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';

/**
 * Turns whatever an Ax call threw into a {@link DspyPipelineError}: our fetch wrapper's own
 * error is found in the cause chain (Ax wraps it); Ax's classes are matched with
 * `instanceof` because their names are minified. Messages never include prompts.
 */
export function toLlmError(err: unknown, module: string): DspyPipelineError {
  for (let e: unknown = err, depth = 0; e && depth < 8; depth++) {
    if (DspyPipelineError.isInstance(e)) return e;
    // Ax keeps the fetch error in `originalError`; standard wrappers use `cause`.
    const next: unknown =
      e instanceof Error
        ? ((e as { originalError?: unknown }).originalError ?? e.cause)
        : undefined;
    e = next;
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
  const status =
    typeof err === 'object' && err !== null && 'status' in err
      ? ` (HTTP ${String((err as { status: unknown }).status)})`
      : '';
  return new DspyPipelineError('llm_error', `The ${module} LLM call failed${status}.`, {
    fix: 'Check the LLM configuration (CITED_LLM_*) and the provider status.',
    cause: err,
  });
}
