import type { ApiConfig } from '../config/api-config';
import { MlflowProgramRegistry } from './mlflow-program-registry';
import type { ProgramRegistry } from './program-registry';

/** The registry of a configuration: MLflow at `MLFLOW_TRACKING_URI` (default the managed local server). */
export function createProgramRegistry(config: ApiConfig): ProgramRegistry {
  return new MlflowProgramRegistry(config.mlflow, 10_000);
}
