/**
 * Public API of @cited/mlflow-client. Keep it small and explicit: named exports only,
 * pinned by `public-api.spec.ts`.
 */
export { PACKAGE_VERSION } from './lib/package-version';
export { MlflowClientError } from './lib/errors/mlflow-client-error';
export type {
  MlflowClientErrorCode,
  MlflowClientErrorOptions,
} from './lib/errors/mlflow-client-error';
export {
  DEFAULT_TRACKING_URI,
  mlflowConfigFromEnv,
  mlflowConfigSchema,
} from './lib/config/mlflow-config';
export type { MlflowConfig } from './lib/config/mlflow-config';
