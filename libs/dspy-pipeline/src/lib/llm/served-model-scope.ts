import { AsyncLocalStorage } from 'node:async_hooks';

/** What one module call learnt from the HTTP responses it caused. */
export interface CallObservation {
  /** The model name the provider says it served (may differ from the requested one). */
  servedModel?: string;
  /** HTTP attempts made, retries included. */
  attempts: number;
  /**
   * Set when the retry policy is exhausted: later requests of the same module call fail at
   * once, so that Ax's own re-asking does not multiply the configured attempts.
   */
  failure?: Error;
  /**
   * Aborted with `failure` as soon as it is set: Ax 24 re-tries infrastructure errors itself
   * after a 1 s pause, which would only end in the same failure.
   */
  abort?: AbortController;
  /** Requests of this call answered from the LLM request cache (set by a metered service). */
  cacheHits?: number;
  /** Requests of this call a metered service looked up in its cache (hits included). */
  requests?: number;
  /** Dollars this call cost (cache hits cost 0); set only when the model has a price. */
  costUsd?: number;
  /** Dollars its cache hits saved; set only when the model has a price. */
  costSavedUsd?: number;
}

/** Records the exhausted-retries failure and stops Ax from waiting to re-ask. */
export function failObservation(obs: CallObservation, error: Error): void {
  obs.failure = error;
  if (obs.abort && !obs.abort.signal.aborted) obs.abort.abort(error);
}

const scope = new AsyncLocalStorage<CallObservation>();

/**
 * Runs `fn` with an observation (fresh unless given, so that a caller can read it after a
 * failure) that the LLM fetch wrapper fills in. Async context
 * keeps concurrent calls apart, so each trace event gets its own served model.
 */
export async function observeLlmCall<T>(
  fn: () => Promise<T>,
  observation: CallObservation = { attempts: 0 },
): Promise<{ value: T; observation: CallObservation }> {
  const value = await scope.run(observation, fn);
  return { value, observation };
}

/** The observation of the module call in progress, if any. */
export function currentObservation(): CallObservation | undefined {
  return scope.getStore();
}
