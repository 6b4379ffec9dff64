import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testClient, uniqueName } from '../../test-fixtures/test-server';
import { fromKeyValues } from '../client/paging';
import { withRun } from '../run/with-run';
import { SPOOL_ID_TAG } from './spool-entry';
import { listSpoolEntries } from './spool-store';
import { syncSpool } from './spool-sync';

const SERVER_SCRIPT = join(__dirname, '../../../../../tools/mlflow-server.mjs');
const server = (cmd: 'up' | 'down', dir: string, port: number) =>
  execFileSync(
    process.execPath,
    [
      SERVER_SCRIPT,
      cmd,
      '--dir',
      dir,
      '--port',
      String(port),
      ...(cmd === 'up' ? ['--workers', '1'] : []),
    ],
    { stdio: 'pipe' },
  );

/** A dedicated second server (own folder and port) that this suite stops and restarts. */
describe('resilience: server stopped mid-run, spool and sync', () => {
  let dir: string;
  let spool: string;
  let port: number;
  let uri: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlflow-resilience-'));
    spool = join(dir, 'spool');
    port = 20000 + Math.floor(Math.random() * 20000);
    uri = `http://127.0.0.1:${port}`;
    server('up', join(dir, 'server'), port);
  }, 240_000);
  afterAll(async () => {
    server('down', join(dir, 'server'), port);
    await rm(dir, { recursive: true, force: true });
  });

  it('retries while the server restarts: nothing lost, no spool', async () => {
    const client = testClient({ uri, maxRetries: 20, backoffMaxMs: 5000 });
    const runId = await withRun(
      client,
      {
        experiment: uniqueName('restart'),
        flushIntervalMs: 0,
        spoolDir: spool,
        notify: () => undefined,
      },
      async (run) => {
        run.logMetric('m', 0, 0);
        await run.flush();
        server('down', join(dir, 'server'), port);
        for (let i = 1; i < 100; i++) run.logMetric('m', i, i);
        run.logParam('p', 'v');
        const flushing = run.flush();
        await new Promise((r) => setTimeout(r, 1500));
        server('up', join(dir, 'server'), port);
        await flushing;
        return run.runId as string;
      },
    );
    const run = await client.runs.get(runId);
    expect(run.info.status).toBe('FINISHED');
    expect(fromKeyValues(run.data.params)).toEqual({ p: 'v' });
    expect(
      (await client.runs.metricHistory(runId, 'm')).map((m) => m.step).sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(await listSpoolEntries(spool)).toEqual([]);
    client.close();
  }, 180_000);

  it('spools a run when the server stays away, then syncs it exactly once', async () => {
    // A port nobody listens on plays the server that stays away.
    const client = testClient({ uri: `http://127.0.0.1:${port + 1}`, maxRetries: 1 });
    const experiment = uniqueName('offline');
    const notices: string[] = [];
    await writeFile(join(dir, 'model.json'), '{"w":1}');
    await withRun(
      client,
      {
        experiment,
        runName: 'offline-run',
        tags: { kind: 'eval' },
        spoolDir: spool,
        flushIntervalMs: 0,
        notify: (m) => notices.push(m),
      },
      async (run) => {
        expect(run.runId).toBeUndefined();
        run.logParams({ lr: 0.1 });
        for (let i = 0; i < 2500; i++) run.logMetric('loss', 1 / (i + 1), i, 1_600_000_000_000 + i);
        run.setTag('phase', 'train');
        await run.logInputs([
          {
            name: 'train',
            digest: 'abc',
            sourceType: 'local',
            source: 'train.jsonl',
            context: 'training',
          },
        ]);
        await run.logArtifact(join(dir, 'model.json'), 'model/model.json');
      },
    );
    const [entry] = await listSpoolEntries(spool);
    expect(entry).toBeDefined();
    expect(notices.at(-1)).toContain(entry as string);
    expect((await stat(spool)).mode & 0o777).toBe(0o700);
    expect((await stat(join(entry as string, 'run.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(entry as string, 'files', '0'))).mode & 0o777).toBe(0o600);
    await rm(join(dir, 'model.json'));

    // First sync "crashes" after the run and one log-batch request reached the server.
    let sent = 0;
    const crashing = testClient({
      uri,
      onRequest: (e) => {
        if (e.path.endsWith('/runs/log-batch') && ++sent === 1) throw new Error('simulated crash');
      },
    });
    const [first] = await syncSpool(crashing, spool);
    expect(first?.status).toBe('failed');
    expect(await listSpoolEntries(spool)).toEqual([entry]);

    const good = testClient({ uri });
    const [second] = await syncSpool(good, spool);
    expect(second?.status).toBe('synced');
    expect(await listSpoolEntries(spool)).toEqual([]);
    expect(await syncSpool(good, spool)).toEqual([]);

    const exp = await good.experiments.getByName(experiment);
    const runs = await good.runs.searchAll({
      experimentIds: [exp?.experimentId as string],
      runViewType: 'ALL',
    });
    expect(runs).toHaveLength(1);
    const run = runs[0] as (typeof runs)[number];
    expect(run.info).toMatchObject({ runName: 'offline-run', status: 'FINISHED' });
    expect(fromKeyValues(run.data.params)).toEqual({ lr: '0.1' });
    expect(fromKeyValues(run.data.tags)).toMatchObject({
      kind: 'eval',
      phase: 'train',
      [SPOOL_ID_TAG]: expect.any(String),
    });
    const history = await good.runs.metricHistory(run.info.runId, 'loss');
    expect(history).toHaveLength(2500);
    expect(history.find((m) => m.step === 7)).toMatchObject({
      value: 1 / 8,
      timestamp: 1_600_000_000_007,
    });
    expect(run.inputs.datasetInputs[0]?.tags).toEqual([
      { key: 'mlflow.data.context', value: 'training' },
    ]);
    await good.artifacts.downloadFile(
      { runId: run.info.runId },
      'model/model.json',
      join(dir, 'back.json'),
    );
    expect(await readFile(join(dir, 'back.json'), 'utf8')).toBe('{"w":1}');
    expect((await readdir(spool)).filter((n) => !n.startsWith('.'))).toEqual([]);
    for (const c of [client, crashing, good]) c.close();
  }, 180_000);
});
