/** When and how long the transport waits before repeating a failed request. */
export interface RetryPolicy {
  /** Extra attempts after the first one. */
  maxRetries: number;
  /** Base of the exponential backoff in ms: waits factor, 2·factor, 4·factor, … */
  backoffFactorMs: number;
  /** Upper bound of one wait, in ms. */
  backoffMaxMs: number;
}

/** HTTP statuses MLflow's own client retries (`MLFLOW_HTTP_REQUEST_*`): throttling and server errors. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

const RETRYABLE_NET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
]);

/** True for errors that mean "the server could not be reached or dropped the connection". */
export function isConnectionError(error: unknown): boolean {
  // Duck-typed: errors from node:http come from another realm under test runners (Jest's
  // VM), where `instanceof Error` is false.
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    (typeof code === 'string' && RETRYABLE_NET_CODES.has(code)) ||
    (typeof message === 'string' && /socket hang up/i.test(message))
  );
}

/**
 * Wait before retry number `attempt` (0-based): exponential, capped, with up to 10 % jitter
 * so many clients recovering from one outage do not hit the server in lockstep.
 */
export function backoffDelayMs(policy: RetryPolicy, attempt: number): number {
  const base = Math.min(policy.backoffMaxMs, policy.backoffFactorMs * 2 ** attempt);
  return Math.round(base + Math.random() * base * 0.1);
}
