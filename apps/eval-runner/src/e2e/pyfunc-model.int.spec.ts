import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BUNDLED_CORPUS_DIR,
  BUNDLED_DATASET_FILE,
  PROGRAM_ARTIFACT_PATH,
  resolveBundledAssetsDir,
} from '@cited/dspy-pipeline';
import { sampleProgramJson } from '@cited/dspy-pipeline/testing';
import type { MlflowClient } from '@cited/mlflow-client';
import { startApi, type ApiProcess } from '../test-fixtures/api-process';
import { cli, isolatedEnv, testMlflowClient, testMlflowUri } from '../test-fixtures/cli-harness';
import { readWithPython } from '../test-fixtures/python-model-reader';

const assets = resolveBundledAssetsDir();
const API_KEY = `cited-test-key-${Math.random().toString(36).slice(2)}`;

interface Prediction {
  ok: boolean;
  error?: string;
  rows?: { answer: string; citations: string; verdict: string; abstained: boolean }[];
}

describe("the pyfunc flavor: MLflow's Python pyfunc.load_model(...).predict() answers through a started Cited API", () => {
  const uri = testMlflowUri();
  let env: Record<string, string>;
  let model: string;
  let client: MlflowClient;
  let api: ApiProcess | undefined;
  let servedProgramId = '';

  beforeAll(async () => {
    env = isolatedEnv('pyfunc');
    model = env['CITED_MODEL_NAME'] as string;
    client = testMlflowClient();
    const ev = await cli(
      [
        'eval',
        '--pipeline',
        'extractive',
        '--dataset',
        join(assets, BUNDLED_DATASET_FILE),
        '--corpus',
        join(assets, BUNDLED_CORPUS_DIR),
        '--limit',
        '5',
        '--json',
      ],
      env,
    );
    expect(ev.code).toBe(0);
    const { runId, program } = ev.json<{ runId: string; program: { id: string } }>();
    servedProgramId = program.id;
    const reg = await cli(['register', '--run', runId, '--model', model, '--json'], env);
    expect(reg.code).toBe(0);
    await client.registry.setAlias(model, 'production', reg.json<{ version: string }>().version);
    api = await startApi({
      MLFLOW_TRACKING_URI: uri,
      CITED_MODEL_NAME: model,
      CITED_MODEL_ALIAS: 'production',
      CITED_INDEX_DIR: env['CITED_INDEX_DIR'] as string,
      CITED_API_KEYS: `${createHash('sha256').update(API_KEY).digest('hex')}:default`,
      CITED_ADMIN_TENANTS: 'default',
    });
  }, 180_000);
  afterAll(async () => {
    await api?.stop();
    client.close();
  });

  it('predict() returns answers with citations from the API serving the model, the key taken from the environment', async () => {
    const p = await readWithPython<Prediction>(
      uri,
      'predict',
      [`models:/${model}@production`, api?.base ?? '', 'How long should rental records be kept?'],
      { CITED_API_KEY: API_KEY },
    );
    expect(p.error).toBeUndefined();
    expect(p.ok).toBe(true);
    const row = p.rows?.[0];
    expect(row?.answer.length).toBeGreaterThan(10);
    expect(JSON.parse(row?.citations ?? '[]').length).toBeGreaterThan(0);
    expect(typeof row?.abstained).toBe('boolean');
    expect(row?.verdict).toEqual(expect.any(String));
  }, 120_000);

  it('without the key the API refuses and predict() says so; the key is stored nowhere in MLflow', async () => {
    const p = await readWithPython<Prediction>(
      uri,
      'predict',
      [`models:/${model}@production`, api?.base ?? '', 'How long should rental records be kept?'],
      { CITED_API_KEY: '' },
    );
    expect(p.ok).toBe(false);
    expect(p.error).toMatch(
      /CitedModelError: Cited API GET \/v1\/programs\/active failed with HTTP 401/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'cited-pyfunc-'));
    const mv = await client.registry.getVersionByAlias(model, 'production');
    const logged = await client.loggedModels.get((mv.source ?? '').replace('models:/', ''));
    await client.artifacts.downloadDir({ artifactUri: logged.info.artifactUri ?? '' }, '', dir);
    const names = readdirSync(dir, { recursive: true }) as string[];
    expect(names).toEqual(
      expect.arrayContaining(['MLmodel', 'program.json', 'code/cited_pyfunc.py']),
    );
    for (const n of names) {
      if (!n.includes('.') && n !== 'MLmodel') continue;
      expect(readFileSync(join(dir, n), 'utf8')).not.toContain(API_KEY);
    }
    expect(readFileSync(join(dir, 'MLmodel'), 'utf8')).not.toContain(api?.base ?? 'x');
  }, 120_000);

  it('a model whose program the API does not serve fails with both program ids named', async () => {
    const experimentId = await client.experiments.getOrCreate(`${model}-other`);
    const run = await client.runs.create({ experimentId, runName: 'other' });
    const other = sampleProgramJson('extractive', 'not-served');
    await client.artifacts.uploadBuffer({ runId: run.info.runId }, other, PROGRAM_ARTIFACT_PATH);
    const reg = await cli(['register', '--run', run.info.runId, '--model', model, '--json'], env);
    expect(reg.code).toBe(0);
    const version = reg.json<{ version: string }>().version;
    const otherId = (JSON.parse(other) as { id: string }).id;
    const p = await readWithPython<Prediction>(
      uri,
      'predict',
      [`models:/${model}/${version}`, api?.base ?? '', 'How long should rental records be kept?'],
      { CITED_API_KEY: API_KEY },
    );
    expect(p.ok).toBe(false);
    expect(p.error).toContain(`serves program ${servedProgramId}`);
    expect(p.error).toContain(`not this model's program ${otherId}`);
  }, 120_000);
});
