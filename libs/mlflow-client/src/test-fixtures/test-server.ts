import { randomUUID } from 'node:crypto';
import { mlflowConfigSchema } from '../lib/config/mlflow-config';
import { MlflowClient, type MlflowClientOptions } from '../lib/client/mlflow-client';

/** The URI of the real MLflow server started by the Jest globalSetup (or npm test). */
export function testServerUri(): string {
  const uri = process.env.CITED_TEST_MLFLOW_URI;
  if (!uri) throw new Error('CITED_TEST_MLFLOW_URI is unset: run through jest.config.cjs (globalSetup).');
  return uri;
}

/** A client for the test server with fast retries. */
export function testClient(
  options: MlflowClientOptions & { uri?: string; maxRetries?: number; backoffMaxMs?: number } = {},
): MlflowClient {
  const config = mlflowConfigSchema.parse({
    trackingUri: options.uri ?? testServerUri(),
    maxRetries: options.maxRetries ?? 2,
    backoffFactorMs: 50,
    backoffMaxMs: options.backoffMaxMs ?? 500,
    requestTimeoutMs: 30_000,
  });
  return new MlflowClient(config, options);
}

/** A name no other test (or earlier run) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
