import { MlflowClientError } from '../errors/mlflow-client-error';
import { testClient, uniqueName } from '../../test-fixtures/test-server';
import { fromKeyValues } from './paging';

describe('tracking against a real MLflow server', () => {
  const client = testClient();
  afterAll(() => client.close());

  it('creates, finds, tags, deletes and restores experiments; getOrCreate is idempotent', async () => {
    const name = uniqueName('exp');
    const id = await client.experiments.getOrCreate(name);
    expect(await client.experiments.getOrCreate(name)).toBe(id);
    await client.experiments.setTag(id, 'team', 'cited');
    const got = await client.experiments.get(id);
    expect(got.name).toBe(name);
    expect(fromKeyValues(got.tags)).toMatchObject({ team: 'cited' });
    expect((await client.experiments.getByName(name))?.experimentId).toBe(id);
    expect(await client.experiments.getByName(uniqueName('missing'))).toBeNull();
    await client.experiments.delete(id);
    expect((await client.experiments.get(id)).lifecycleStage).toBe('deleted');
    await expect(client.experiments.getOrCreate(name)).rejects.toMatchObject({ code: 'conflict' });
    await client.experiments.restore(id);
    expect((await client.experiments.get(id)).lifecycleStage).toBe('active');
  });

  it('pages through experiment and run searches', async () => {
    const prefix = uniqueName('page');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await client.experiments.create(`${prefix}-${i}`));
    const first = await client.experiments.search({
      filter: `name LIKE '${prefix}-%'`,
      maxResults: 2,
    });
    expect(first.items).toHaveLength(2);
    expect(first.nextPageToken).toBeTruthy();
    const all = await client.experiments.searchAll({
      filter: `name LIKE '${prefix}-%'`,
      maxResults: 2,
    });
    expect(all.map((e) => e.experimentId).sort()).toEqual([...ids].sort());

    const expId = ids[0] as string;
    for (let i = 0; i < 7; i++)
      await client.runs.create({ experimentId: expId, runName: `r${i}`, tags: { idx: String(i) } });
    const runs = await client.runs.searchAll({
      experimentIds: [expId],
      maxResults: 3,
      filter: "tags.idx != '3'",
    });
    expect(runs).toHaveLength(6);
    expect(new Set(runs.map((r) => r.info.runId)).size).toBe(6);
  });

  it('runs: lifecycle, params, metrics, tags, history, delete/restore', async () => {
    const expId = await client.experiments.getOrCreate(uniqueName('runs'));
    const run = await client.runs.create({
      experimentId: expId,
      runName: 'first',
      startTime: 1000,
      tags: { a: '1' },
    });
    const runId = run.info.runId;
    expect(run.info.status).toBe('RUNNING');
    expect(run.info.startTime).toBe(1000);
    await client.runs.logParam(runId, 'lr', '0.1');
    await client.runs.logMetric(runId, { key: 'loss', value: 0.5, step: 1, timestamp: 5 });
    await client.runs.logMetric(runId, { key: 'loss', value: NaN, step: 2, timestamp: 6 });
    await client.runs.setTag(runId, 'b', '2');
    await client.runs.setTag(runId, 'gone', 'x');
    await client.runs.deleteTag(runId, 'gone');
    const history = await client.runs.metricHistory(runId, 'loss');
    expect(history.map((m) => [m.step, m.value, m.timestamp])).toEqual([
      [1, 0.5, 5],
      [2, NaN, 6],
    ]);
    const info = await client.runs.terminate(runId, 'FAILED', 2000);
    expect(info).toMatchObject({ status: 'FAILED', endTime: 2000 });
    const got = await client.runs.get(runId);
    expect(fromKeyValues(got.data.params)).toEqual({ lr: '0.1' });
    expect(fromKeyValues(got.data.tags)).toMatchObject({ a: '1', b: '2' });
    expect(fromKeyValues(got.data.tags)['gone']).toBeUndefined();
    await client.runs.delete(runId);
    expect((await client.runs.get(runId)).info.lifecycleStage).toBe('deleted');
    await client.runs.restore(runId);
    expect((await client.runs.get(runId)).info.lifecycleStage).toBe('active');
  });

  it('logBatch splits 10,000 metrics + 150 params + 120 tags into valid requests', async () => {
    const expId = await client.experiments.getOrCreate(uniqueName('batch'));
    const runId = (await client.runs.create({ experimentId: expId })).info.runId;
    const metrics = Array.from({ length: 10_000 }, (_, i) => ({
      key: 'm',
      value: i / 7,
      step: i,
      timestamp: 1_700_000_000_000 + i,
    }));
    const params = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i}`, `v${i}`]));
    const tags = Object.fromEntries(
      Array.from({ length: 120 }, (_, i) => [`t${i}`, 'x'.repeat(5000)]),
    );
    const requests = await client.runs.logBatch(runId, { metrics, params, tags });
    expect(requests).toBe(11);
    const history = await client.runs.metricHistory(runId, 'm');
    expect(history).toHaveLength(10_000);
    expect(history.map((m) => m.step).sort((a, b) => a - b)).toEqual(metrics.map((m) => m.step));
    const run = await client.runs.get(runId);
    expect(run.data.params).toHaveLength(150);
    expect(run.data.tags.filter((t) => t.key.startsWith('t'))).toHaveLength(120);
  });

  it('logBatch with several requests in flight stores every metric and the right latest value', async () => {
    const expId = await client.experiments.getOrCreate(uniqueName('batch-concurrent'));
    const runId = (await client.runs.create({ experimentId: expId })).info.runId;
    const metrics = Array.from({ length: 5_000 }, (_, i) => ({
      key: 'loss',
      value: 1 / (i + 1),
      step: i,
      timestamp: 1_700_000_000_000 + i,
    }));
    expect(await client.runs.logBatch(runId, { metrics }, { concurrency: 4 })).toBe(5);
    const history = await client.runs.metricHistory(runId, 'loss');
    expect(history.map((m) => m.step).sort((a, b) => a - b)).toEqual(metrics.map((m) => m.step));
    // Batches may land out of order; MLflow must still report the highest step as latest.
    const latest = (await client.runs.get(runId)).data.metrics.find((m) => m.key === 'loss');
    expect(latest?.step).toBe(4_999);
    expect(latest?.value).toBeCloseTo(1 / 5_000);
  });

  it('logInputs records datasets with their context tag', async () => {
    const expId = await client.experiments.getOrCreate(uniqueName('inputs'));
    const runId = (await client.runs.create({ experimentId: expId })).info.runId;
    await client.runs.logInputs(runId, [
      {
        name: 'qa-eval',
        digest: 'abc123',
        sourceType: 'local',
        source: '{"uri":"data/eval.jsonl"}',
        schema: '{"cols":[]}',
        profile: '{"rows":3}',
        context: 'eval',
      },
    ]);
    const run = await client.runs.get(runId);
    expect(run.inputs.datasetInputs).toEqual([
      {
        tags: [{ key: 'mlflow.data.context', value: 'eval' }],
        dataset: {
          name: 'qa-eval',
          digest: 'abc123',
          sourceType: 'local',
          source: '{"uri":"data/eval.jsonl"}',
          schema: '{"cols":[]}',
          profile: '{"rows":3}',
        },
      },
    ]);
  });

  it('maps server errors to typed errors with status, error_code and endpoint', async () => {
    const err = await client.runs.get('0'.repeat(32)).catch((e: unknown) => e);
    expect(MlflowClientError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({
      code: 'not_found',
      status: 404,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
      endpoint: 'GET /api/2.0/mlflow/runs/get',
    });
  });

  it('rejects invalid keys and values before any request, naming key and rule', async () => {
    const requests: string[] = [];
    const c = testClient({ onRequest: (e) => requests.push(e.path) });
    await expect(c.runs.logParam('r', 'bad key!', 'v')).rejects.toThrow(
      /param key 'bad key!'.*\^\[/,
    );
    await expect(c.runs.logParam('r', 'k'.repeat(251), 'v')).rejects.toThrow(/at most 250/);
    await expect(c.runs.logParam('r', 'p', 'v'.repeat(6001))).rejects.toThrow(
      /param key 'p'.*at most 6000/,
    );
    await expect(c.runs.setTag('r', 't', 'v'.repeat(8001))).rejects.toThrow(
      /tag key 't'.*at most 8000/,
    );
    await expect(c.runs.logBatch('r', { metrics: [{ key: 'a/../b', value: 1 }] })).rejects.toThrow(
      /normalized/,
    );
    await expect(c.runs.logMetric('r', { key: 'm', value: 1, step: 1.5 })).rejects.toThrow(/step/);
    const strict = testClient({
      nonFiniteMetrics: 'reject',
      onRequest: (e) => requests.push(e.path),
    });
    await expect(strict.runs.logMetric('r', { key: 'm', value: Infinity })).rejects.toThrow(
      /metric key 'm'.*non-finite/,
    );
    expect(requests).toEqual([]);
    c.close();
    strict.close();
  });
});
