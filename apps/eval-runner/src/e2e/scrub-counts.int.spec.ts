import { join } from 'node:path';
import {
  BUNDLED_CORPUS_DIR,
  BUNDLED_DATASET_FILE,
  resolveBundledAssetsDir,
} from '@cited/dspy-pipeline';
import { cli, isolatedEnv, testMlflowUri } from '../test-fixtures/cli-harness';

jest.setTimeout(60_000);

/** A metric's whole history, read with MLflow's own REST API (not through Cited's client). */
async function history(runId: string, key: string): Promise<{ value: number }[]> {
  const url = new URL('/api/2.0/mlflow/metrics/get-history', testMlflowUri());
  url.searchParams.set('run_id', runId);
  url.searchParams.set('metric_key', key);
  const body = (await (await fetch(url)).json()) as { metrics?: { value: number }[] };
  return body.metrics ?? [];
}

describe('the scrubber counts of an eval run', () => {
  it('logs pii_scrub.total once (after the dataset is scrubbed too)', async () => {
    const assets = resolveBundledAssetsDir();
    const r = await cli(
      [
        'eval',
        '--dataset',
        join(assets, BUNDLED_DATASET_FILE),
        '--corpus',
        join(assets, BUNDLED_CORPUS_DIR),
        '--limit',
        '8',
        '--json',
      ],
      isolatedEnv('scrub-counts'),
    );
    expect(r.code).toBe(0);
    const runId = r.json<{ runId: string }>().runId;
    const total = await history(runId, 'pii_scrub.total');
    expect(total).toHaveLength(1);
  });
});
