import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleTrace } from '../../test-fixtures/sample-trace';
import { testClient, testServerUri, uniqueName } from '../../test-fixtures/test-server';
import { withRun } from '../run/with-run';
import { listSpoolEntries } from '../spool/spool-store';
import { syncSpool } from '../spool/spool-sync';
import { readTracesWithPython } from '../testing/python-trace-reader';

describe('traces of a run: background batches, the spool and mlflow sync', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'run-traces-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('sends every trace of a run in batches and leaves nothing behind', async () => {
    const client = testClient();
    const experiment = uniqueName('run-traces');
    const spoolDir = join(dir, 'spool');
    const runId = await withRun(
      client,
      { experiment, spoolDir, flushIntervalMs: 0, notify: () => undefined },
      async (run) => {
        for (let i = 0; i < 120; i++)
          run.logTrace(sampleTrace(`question ${i}`, { assessments: i % 2 === 0 }));
        expect(() => run.logTrace({ ...sampleTrace('bad'), spans: [] })).toThrow(/spans/);
        return run.runId as string;
      },
    );
    const experimentId = (await client.experiments.getByName(experiment))?.experimentId as string;
    const back = await readTracesWithPython(testServerUri(), { runId, experimentId });
    expect(back).toHaveLength(120);
    expect(back.filter((t) => t.assessments.length === 3)).toHaveLength(60);
    expect(await listSpoolEntries(spoolDir)).toEqual([]);
    expect(
      (await readdir(spoolDir).catch(() => [])).filter((f) => f.startsWith('.traces-')),
    ).toEqual([]);
    expect((await client.runs.get(runId)).info.status).toBe('FINISHED');
    client.close();
  }, 120_000);

  it('spools the traces of a run while MLflow is away; sync replays them exactly once', async () => {
    const spoolDir = join(dir, 'spool');
    const away = testClient({ uri: 'http://127.0.0.1:9', maxRetries: 0 });
    const experiment = uniqueName('spooled-traces');
    const traces = Array.from({ length: 60 }, (_, i) =>
      sampleTrace(`offline ${i}`, { assessments: true }),
    );
    await withRun(
      away,
      { experiment, runName: 'offline', spoolDir, flushIntervalMs: 0, notify: () => undefined },
      async (run) => {
        for (const t of traces) run.logTrace(t);
        run.logMetric('m', 1);
      },
    );
    const [entry] = await listSpoolEntries(spoolDir);
    const spooled = JSON.parse(await readFile(join(entry as string, 'run.json'), 'utf8')) as {
      traces: { file: string; count: number };
    };
    expect(spooled.traces).toEqual({ file: 'traces.jsonl', count: 60 });
    expect(
      (await readFile(join(entry as string, 'traces.jsonl'), 'utf8')).trim().split('\n'),
    ).toHaveLength(60);

    // The first sync "crashes" after its second OTLP request reached the server.
    let otlp = 0;
    const crashing = testClient({
      onRequest: (e) => {
        if (e.path === '/v1/traces' && ++otlp === 2) throw new Error('simulated crash');
      },
    });
    const [first] = await syncSpool(crashing, spoolDir);
    expect(first?.status).toBe('failed');
    const good = testClient();
    const [second] = await syncSpool(good, spoolDir);
    expect(second).toMatchObject({ status: 'synced', traces: 60 });
    expect(await syncSpool(good, spoolDir)).toEqual([]);

    const experimentId = (await good.experiments.getByName(experiment))?.experimentId as string;
    const back = await readTracesWithPython(testServerUri(), {
      runId: second?.runId as string,
      experimentId,
    });
    expect(back.map((t) => t.traceId).sort()).toEqual(traces.map((t) => `tr-${t.traceId}`).sort());
    expect(back.every((t) => t.assessments.length === 3)).toBe(true);
    for (const c of [away, crashing, good]) c.close();
  }, 120_000);
});
