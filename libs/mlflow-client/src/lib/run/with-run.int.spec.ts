import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testClient, testServerUri, uniqueName } from '../../test-fixtures/test-server';
import { fromKeyValues } from '../client/paging';
import { withRun } from './with-run';

describe('withRun against a real MLflow server', () => {
  const requests: string[] = [];
  const client = testClient({ onRequest: (e) => requests.push(e.path) });
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'with-run-'))));
  afterAll(async () => {
    client.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('buffers and batches records, logs inputs and artifacts, nests a child run, ends FINISHED', async () => {
    const experiment = uniqueName('withrun');
    await writeFile(join(dir, 'report.txt'), 'report');
    const before = requests.length;
    let childId: string | undefined;
    const parentId = await withRun(
      client,
      {
        experiment,
        runName: 'parent',
        tags: { kind: 'eval' },
        flushSize: 1000,
        flushIntervalMs: 0,
        spoolDir: dir,
      },
      async (run) => {
        run.logParams({ k: 3, model: 'stub' });
        for (let i = 0; i < 2500; i++) run.logMetric('score', i / 2500, i, 1_700_000_000_000 + i);
        run.setTag('phase', 'done');
        await run.logInputs([
          {
            name: 'eval',
            digest: 'd1',
            sourceType: 'local',
            source: 'eval.jsonl',
            context: 'eval',
          },
        ]);
        await run.logArtifact(join(dir, 'report.txt'), 'reports/report.txt');
        await run.child({ runName: 'child' }, async (child) => {
          childId = child.runId;
          child.logMetric('inner', 1);
        });
        return run.runId;
      },
    );
    const batches = requests.slice(before).filter((p) => p.endsWith('/runs/log-batch')).length;
    expect(batches).toBeLessThanOrEqual(5);
    // The artifact root comes with the created run: uploading asks no runs/get.
    expect(requests.slice(before).filter((p) => p.endsWith('/runs/get'))).toEqual([]);
    const run = await client.runs.get(parentId as string);
    expect(run.info.status).toBe('FINISHED');
    expect(fromKeyValues(run.data.params)).toEqual({ k: '3', model: 'stub' });
    expect(fromKeyValues(run.data.tags)).toMatchObject({ kind: 'eval', phase: 'done' });
    expect(await client.runs.metricHistory(parentId as string, 'score')).toHaveLength(2500);
    expect(run.inputs.datasetInputs[0]?.dataset.digest).toBe('d1');
    expect(
      (await client.artifacts.listTree({ runId: parentId as string })).map((f) => f.path),
    ).toEqual(['reports/report.txt']);
    const child = await client.runs.get(childId as string);
    expect(child.info.status).toBe('FINISHED');
    expect(fromKeyValues(child.data.tags)['mlflow.parentRunId']).toBe(parentId);
    expect(await readdir(dir)).toEqual(['report.txt']);
  });

  it('ends FAILED and rethrows when the callback throws', async () => {
    let id: string | undefined;
    await expect(
      withRun(client, { experiment: uniqueName('failing'), flushIntervalMs: 0 }, async (run) => {
        id = run.runId;
        run.logMetric('x', 1);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const run = await client.runs.get(id as string);
    expect(run.info.status).toBe('FAILED');
    expect(run.data.metrics.map((m) => m.key)).toEqual(['x']);
  });

  it('ends KILLED on SIGTERM and removes its handlers', async () => {
    const experiment = uniqueName('killed');
    const child = spawn(
      process.execPath,
      [
        '-r',
        join(__dirname, '../../test-fixtures/ts-register.cjs'),
        join(__dirname, '../../test-fixtures/killed-run.ts'),
        testServerUri(),
        experiment,
        'victim',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const runId = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        const m = /ready (\w+)/.exec(d.toString());
        if (m?.[1]) resolve(m[1]);
      });
      child.on('exit', () => reject(new Error('child exited early')));
    });
    const exit = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, s) => r(s)));
    child.kill('SIGTERM');
    // Handlers removed and the signal re-raised: the process dies of SIGTERM.
    expect(await exit).toBe('SIGTERM');
    const run = await client.runs.get(runId);
    expect(run.info.status).toBe('KILLED');
    expect(run.data.metrics.map((m) => m.key)).toEqual(['before_kill']);
  }, 60_000);

  it('leaves no signal handlers behind', async () => {
    const before = process.listenerCount('SIGTERM');
    await withRun(client, { experiment: uniqueName('handlers'), flushIntervalMs: 0 }, async () => {
      expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    });
    expect(process.listenerCount('SIGTERM')).toBe(before);
    expect((await stat(dir)).isDirectory()).toBe(true);
  });
});
