// Services the test run needs, started once before `nx run-many -t test` and handed to
// every project through environment variables. Each project's own setup starts what it
// needs when run alone (e.g. `npx nx test mlflow-client`, see tools/jest-mlflow-setup.cjs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMlflowServer } from './mlflow-server.mjs';

/**
 * Starts ONE MLflow server (temp folder, free port) unless CITED_TEST_MLFLOW_URI is already
 * given, and sets `env.CITED_TEST_MLFLOW_URI`. The first run on a clean machine also creates
 * the venv and installs the pinned mlflow (once; later runs reuse it).
 * @param {Record<string, string | undefined>} env mutated: receives the services' URIs.
 * @returns {Promise<{ stop: () => Promise<void> }>}
 */
export async function startTestServices(env) {
  if (env.CITED_TEST_MLFLOW_URI) return { stop: async () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'cited-mlflow-test-'));
  // One worker, no job execution, DB from the migrated template: the fastest start.
  const server = await startMlflowServer({ dir, workers: 1 });
  console.log(`test services: MLflow at ${server.uri} (ready in ${server.startMs} ms)`);
  env.CITED_TEST_MLFLOW_URI = server.uri;
  return {
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
