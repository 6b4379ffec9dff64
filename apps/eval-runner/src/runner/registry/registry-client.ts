import type { MlflowClient } from '@cited/mlflow-client';
import { CliError } from '../../cli/cli-error';
import type { RunnerConfig } from '../../config/runner-config';
import { createMlflowClient, isMlflowHealthy } from '../tracking/mlflow-session';

/**
 * A client for registry commands. They cannot spool (the registry is the point), so an
 * unreachable server is a clear error instead of minutes of retries.
 */
export async function openRegistry(config: RunnerConfig): Promise<MlflowClient> {
  const uri = config.mlflow.trackingUri;
  if (!(await isMlflowHealthy(uri, 5000)))
    throw new CliError(
      'unavailable',
      `MLflow is not reachable at ${uri}. Start the local server with \`npm run mlflow:up\` or set MLFLOW_TRACKING_URI.`,
    );
  return createMlflowClient(config.mlflow);
}
