import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MlflowClient, mlflowConfigSchema, withRun } from '@cited/mlflow-client';
import { runCli } from '../../create-program';
import { captureHost } from '../../test-fixtures/cli-harness';

const uri = process.env.CITED_TEST_MLFLOW_URI;

// Needs the real MLflow server that `npm test` starts (tools/test-services.mjs).
(uri ? describe : describe.skip)('eval-runner mlflow sync (real MLflow server)', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'cli-sync-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('replays a spooled run once and reports it as JSON', async () => {
    const offline = new MlflowClient(
      mlflowConfigSchema.parse({ trackingUri: 'http://127.0.0.1:9', maxRetries: 0 }),
    );
    const experiment = `cli-sync-${Date.now()}`;
    await withRun(
      offline,
      {
        experiment,
        runName: 'spooled',
        spoolDir: dir,
        flushIntervalMs: 0,
        notify: () => undefined,
      },
      async (run) => {
        run.logParam('k', '1');
        run.logMetric('acc', 0.75, 3);
      },
    );
    expect(await readdir(dir)).toHaveLength(1);

    const h = captureHost({ MLFLOW_TRACKING_URI: uri });
    expect(
      await runCli(['node', 'eval-runner', 'mlflow', 'sync', '--spool-dir', dir, '--json'], h.host),
    ).toBe(0);
    const result = JSON.parse(h.out()) as { synced: number; results: { runId: string }[] };
    expect(result.synced).toBe(1);
    expect((await readdir(dir)).filter((n) => !n.startsWith('.'))).toEqual([]);

    const client = new MlflowClient(mlflowConfigSchema.parse({ trackingUri: uri }));
    const run = await client.runs.get(result.results[0]?.runId ?? '');
    expect(run.data.params).toEqual([{ key: 'k', value: '1' }]);
    expect(run.data.metrics).toMatchObject([{ key: 'acc', value: 0.75, step: 3 }]);
    client.close();

    const again = captureHost({ MLFLOW_TRACKING_URI: uri });
    expect(
      await runCli(
        ['node', 'eval-runner', 'mlflow', 'sync', '--spool-dir', dir, '--json'],
        again.host,
      ),
    ).toBe(0);
    expect(JSON.parse(again.out())).toMatchObject({ synced: 0 });
  });
});
