import { MlflowClientError } from '../errors/mlflow-client-error';

/**
 * Errors that mean "the server is away" (unreachable, timing out, 5xx, 429): what is being
 * sent is kept and sent again later, as opposed to "the request is wrong".
 */
export function isOutage(error: unknown): boolean {
  return (
    MlflowClientError.isInstance(error) &&
    (error.code === 'network_error' ||
      error.code === 'timeout' ||
      (error.status !== undefined && error.status >= 500) ||
      error.status === 429)
  );
}
