import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testClient, testServerUri, uniqueName } from '../../test-fixtures/test-server';
import { fromKeyValues } from './paging';

const REPO = join(__dirname, '../../../../..');
const PYTHON = process.env.CITED_MLFLOW_VENV
  ? join(process.env.CITED_MLFLOW_VENV, 'bin', 'python')
  : join(REPO, '.cited', 'venv', 'bin', 'python');
const SCRIPT = join(__dirname, '../../test-fixtures/cross_client.py');
const py = (...args: string[]) =>
  execFileSync(PYTHON, [SCRIPT, ...args], {
    encoding: 'utf8',
    env: { ...process.env, MLFLOW_ENABLE_TELEMETRY: 'false' },
  });

describe('cross-client check with the official Python mlflow client', () => {
  const client = testClient();
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'cross-'))));
  afterAll(async () => {
    client.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('Python reads exactly what TypeScript wrote', async () => {
    const expId = await client.experiments.getOrCreate(uniqueName('cross-ts'));
    const runId = (
      await client.runs.create({ experimentId: expId, runName: 'from-ts', tags: { writer: 'ts' } })
    ).info.runId;
    const metrics = Array.from({ length: 30 }, (_, i) => ({
      key: 'acc',
      value: i / 30,
      step: i * 2,
      timestamp: 1_700_000_000_000 + i,
    }));
    await client.runs.logBatch(runId, {
      metrics,
      params: { lr: '0.01', k: '5' },
      tags: { split: 'dev' },
    });
    const datasets = [
      {
        name: 'qa',
        digest: 'deadbeef',
        sourceType: 'local',
        source: '{"uri":"qa.jsonl"}',
        schema: '{"f":["q"]}',
        profile: '{"n":2}',
        context: 'eval',
      },
    ];
    await client.runs.logInputs(runId, datasets);
    await client.artifacts.uploadBuffer({ runId }, 'hello from ts', 'out/hello.txt');
    await client.artifacts.uploadBuffer({ runId }, 'name: p', 'model/MLmodel');
    await client.runs.terminate(runId);
    const name = uniqueName('cross-model');
    await client.registry.createModel(name);
    await client.registry.createVersionFromRun(name, runId, 'model');
    await client.registry.createVersionFromRun(name, runId, 'model');
    await client.registry.setAlias(name, 'production', '2');
    const expected = {
      runId,
      params: { lr: '0.01', k: '5' },
      tags: { writer: 'ts', split: 'dev' },
      metrics: { acc: metrics },
      datasets,
      artifacts: { 'out/hello.txt': 'hello from ts' },
      model: { name, versions: ['1', '2'], aliases: { production: '2' } },
    };
    await writeFile(join(dir, 'expected.json'), JSON.stringify(expected));
    expect(py('check', testServerUri(), join(dir, 'expected.json'))).toContain(
      'cross-client check: OK',
    );
  });

  it('TypeScript reads exactly what Python wrote', async () => {
    const out = JSON.parse(
      py('write', testServerUri(), uniqueName('cross-py')).trim().split('\n').pop() ?? '',
    ) as { runId: string; model: string; version: string; ts: number };
    const run = await client.runs.get(out.runId);
    expect(run.info).toMatchObject({ runName: 'from-python', status: 'FINISHED' });
    expect(fromKeyValues(run.data.params)).toEqual({ optimizer: 'adam', epochs: '3' });
    expect(fromKeyValues(run.data.tags)).toMatchObject({ writer: 'python', stage: 'py' });
    const history = await client.runs.metricHistory(out.runId, 'py_loss');
    expect(
      history
        .map((m) => [m.step, m.value, m.timestamp])
        .sort((a, b) => (a[0] as number) - (b[0] as number)),
    ).toEqual(Array.from({ length: 50 }, (_, i) => [i, 1 / (i + 1), out.ts + i]));
    await client.artifacts.downloadFile(
      { runId: out.runId },
      'docs/notes.txt',
      join(dir, 'notes.txt'),
    );
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('written by python');
    const mv = await client.registry.resolveModelUri(`models:/${out.model}@champion`);
    expect(mv).toMatchObject({ version: out.version, runId: out.runId, aliases: ['champion'] });
  });
});
