import { MlflowClientError } from '@cited/mlflow-client';

/** Whether MLflow answered that what was asked for does not exist (404 / RESOURCE_DOES_NOT_EXIST). */
export function isNotFound(error: unknown): error is MlflowClientError {
  return (
    MlflowClientError.isInstance(error) &&
    (error.code === 'not_found' ||
      error.errorCode === 'RESOURCE_DOES_NOT_EXIST' ||
      error.status === 404)
  );
}

/**
 * Whether a lookup by a user-given id or name failed because of that id: MLflow answers a
 * missing run, model or version with 404, and an id it cannot parse with
 * INVALID_PARAMETER_VALUE. Either way the fix is to check what was given.
 */
export function isUnknownId(error: unknown): error is MlflowClientError {
  return (
    isNotFound(error) || (MlflowClientError.isInstance(error) && error.code === 'invalid_argument')
  );
}
