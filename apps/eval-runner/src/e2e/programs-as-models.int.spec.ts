import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BUNDLED_CORPUS_DIR,
  BUNDLED_DATASET_FILE,
  resolveBundledAssetsDir,
  runProgramSource,
} from '@cited/dspy-pipeline';
import type { MlflowClient } from '@cited/mlflow-client';
import { cli, isolatedEnv, testMlflowClient, testMlflowUri } from '../test-fixtures/cli-harness';
import { readWithPython } from '../test-fixtures/python-model-reader';

const assets = resolveBundledAssetsDir();
const corpus = join(assets, BUNDLED_CORPUS_DIR);
// Planted in the dataset's rows and in its file name (which names the MLflow dataset): none may
// reach a model, a metric, a dataset entity or a source.
const PLANTED = ['jane.planted.doe@example.com', '415-555-0132', `sk-proj-${'Ab3dE'.repeat(10)}`];

function plantedDataset(dir: string): string {
  const bundled = readFileSync(join(assets, BUNDLED_DATASET_FILE), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, 12)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const rows = bundled.map((r, i) => ({
    ...r,
    question: `${String(r['question'])} (asked by ${PLANTED[i % PLANTED.length]})`,
  }));
  const folder = join(dir, `data-${PLANTED[0]}`);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `qa-${PLANTED[0]}.jsonl`);
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

interface ModelInfo {
  modelId: string;
  runId: string;
  flavors: Record<string, Record<string, unknown>>;
  signature: { inputs: string; outputs: string } | null;
  inputExample: Record<string, string> | null;
}
interface PyLoggedModel {
  modelId: string;
  name: string;
  status: string;
  sourceRunId: string;
  modelType: string;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: {
    key: string;
    value: number;
    runId: string;
    datasetName: string;
    datasetDigest: string;
  }[];
}
interface PyDataset {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  file: string;
  sha256: string;
  modelInputs: string[];
  modelOutputs: string[];
}

describe('programs as MLflow 3 models, datasets with loadable sources (read back with MLflow Python)', () => {
  const uri = testMlflowUri();
  let env: Record<string, string>;
  let model: string;
  let client: MlflowClient;
  let dataset: string;
  const seen: string[] = [];

  beforeAll(() => {
    env = isolatedEnv('models');
    model = env['CITED_MODEL_NAME'] as string;
    client = testMlflowClient();
    dataset = plantedDataset(env['CITED_TEST_DIR'] as string);
  });
  afterAll(() => client.close());

  async function evalRun(): Promise<{ runId: string; experimentId: string }> {
    const r = await cli(
      ['eval', '--pipeline', 'extractive', '--dataset', dataset, '--corpus', corpus, '--json'],
      env,
    );
    expect(r.code).toBe(0);
    seen.push(r.out, r.err);
    return r.json<{ runId: string; experimentId: string }>();
  }

  it('eval logs its program as a LoggedModel with MLmodel, links its metrics, and register points the version at it', async () => {
    const { runId, experimentId } = await evalRun();
    const run = await client.runs.get(runId);
    const modelId = run.data.tags.find((t) => t.key === 'cited.logged_model_id')?.value ?? '';
    expect(modelId).toMatch(/^m-/);

    const reg = await cli(['register', '--run', runId, '--model', model, '--json'], env);
    expect(reg.code).toBe(0);
    const v = reg.json<{ version: string; source: string }>();
    expect(v.source).toBe(`models:/${modelId}`);
    // MLflow 3.17's SQL registry keeps the link as the source `models:/<model_id>` and as the
    // LoggedModel's `mlflow.modelVersions` tag (checked below), not as a version field.
    expect((await client.registry.getVersion(model, v.version)).source).toBe(`models:/${modelId}`);
    await client.registry.setAlias(model, 'production', v.version);

    const info = await readWithPython<ModelInfo>(uri, 'model-info', [
      `models:/${model}@production`,
    ]);
    seen.push(JSON.stringify(info));
    expect(info.modelId).toBe(modelId);
    expect(info.runId).toBe(runId);
    expect(info.flavors['cited']).toMatchObject({
      program_format: 'cited.qa-program',
      schema_version: 1,
      pipeline: 'extractive',
      program_file: 'program.json',
      cited_version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    expect(info.flavors['python_function']).toMatchObject({
      loader_module: 'cited_pyfunc',
      code: 'code',
      data: 'program.json',
    });
    expect(JSON.parse(info.signature?.inputs ?? '[]')).toEqual([
      { type: 'string', name: 'question', required: true },
      { type: 'string', name: 'tenantId', required: false },
      { type: 'long', name: 'topK', required: false },
    ]);
    expect(
      (JSON.parse(info.signature?.outputs ?? '[]') as { name: string }[]).map((c) => c.name),
    ).toEqual(['answer', 'citations', 'verdict', 'abstained']);
    expect(info.inputExample).toMatchObject({
      artifact_path: 'input_example.json',
      type: 'dataframe',
    });

    const models = await readWithPython<PyLoggedModel[]>(uri, 'logged-models', [experimentId]);
    seen.push(JSON.stringify(models));
    const m = models.find((x) => x.modelId === modelId);
    expect(m).toMatchObject({
      sourceRunId: runId,
      modelType: 'cited.qa-program',
      params: { pipeline: 'extractive', 'program.id': expect.stringMatching(/^[0-9a-f]{12}$/) },
    });
    expect(m?.status).toMatch(/READY/);
    expect(JSON.parse(m?.tags['mlflow.modelVersions'] ?? '[]')).toEqual([
      { name: model, version: Number(v.version) },
    ]);
    const f1 = m?.metrics.find((x) => x.key === 'token_f1');
    const runF1 = run.data.metrics.find((x) => x.key === 'token_f1')?.value;
    expect(f1).toMatchObject({ runId, value: runF1 });
    expect(f1?.datasetDigest).toMatch(/^[0-9a-f]{16}$/);

    const ds = await readWithPython<PyDataset>(uri, 'dataset', [
      runId,
      mkdtempSync(join(tmpdir(), 'cited-ds-')),
    ]);
    seen.push(JSON.stringify(ds));
    expect(ds.sourceType).toBe('http');
    expect(JSON.parse(ds.source)).toEqual({ url: expect.stringContaining('/get-artifact?') });
    expect(ds.modelOutputs).toContain(modelId);
    const manifestDir = mkdtempSync(join(tmpdir(), 'cited-mf-'));
    await client.artifacts.downloadFile(
      { runId },
      'dataset/manifest.json',
      join(manifestDir, 'm.json'),
    );
    const manifest = JSON.parse(readFileSync(join(manifestDir, 'm.json'), 'utf8')) as {
      snapshot_sha256: string;
      mlflow_dataset: { digest: string };
    };
    seen.push(JSON.stringify(manifest));
    expect(manifest.snapshot_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ds.sha256).toBe(manifest.snapshot_sha256);
    expect(ds.digest).toBe(manifest.mlflow_dataset.digest);
    // The metrics name the dataset as it was logged (its name scrubbed).
    expect(f1?.datasetName).toBe(ds.name);
    expect(f1?.datasetDigest).toBe(ds.digest);
  }, 180_000);

  it('a version registered the old way (runs:/…/program) still loads in the CLI, and registering an old run makes its LoggedModel', async () => {
    const { runId } = await evalRun();
    // A run from before programs were models: no logged-model tag.
    await client.runs.deleteTag(runId, 'cited.logged_model_id');
    const run = await client.runs.get(runId);
    const old = await client.registry.createVersion(
      model,
      runProgramSource(run.info.artifactUri ?? ''),
      { runId },
    );
    const r = await cli(
      [
        'eval',
        '--program',
        `models:/${model}/${old.version}`,
        '--dataset',
        dataset,
        '--corpus',
        corpus,
        '--json',
      ],
      env,
    );
    expect(r.code).toBe(0);
    seen.push(r.out, r.err);
    expect(r.json<{ program: { version: string } }>().program.version).toBe(old.version);

    const reg = await cli(['register', '--run', runId, '--model', model, '--json'], env);
    expect(reg.code).toBe(0);
    const v = reg.json<{ version: string; source: string }>();
    expect(v.source).toMatch(/^models:\/m-/);
    const info = await readWithPython<ModelInfo>(uri, 'model-info', [
      `models:/${model}/${v.version}`,
    ]);
    seen.push(JSON.stringify(info));
    expect(info.flavors['cited']).toMatchObject({ pipeline: 'extractive' });
    expect(info.runId).toBe(runId);
  }, 180_000);

  it('models list|show and runs list|compare answer the look-ups of the UI, with --json', async () => {
    const promote = await cli(
      ['promote', '--model', model, '--version', '1', '--alias', 'staging', '--json'],
      env,
    );
    seen.push(promote.out, promote.err);
    expect(promote.code).toBe(0);
    const list = await cli(['models', 'list', '--json'], env);
    seen.push(list.out, list.err);
    expect(list.code).toBe(0);
    const listed = list.json<{ models: { name: string; aliases: Record<string, string> }[] }>();
    expect(listed.models.find((m) => m.name === model)?.aliases).toMatchObject({
      production: '1',
      staging: '1',
    });
    // Prompts are not models.
    expect(listed.models.some((m) => m.name === `${model}.reasoner`)).toBe(false);

    const one = await cli(['models', 'show', `${model}@production`, '--json'], env);
    seen.push(one.out, one.err);
    expect(one.code).toBe(0);
    const v = one.json<{ versions: Record<string, unknown>[] }>().versions[0];
    expect(v).toMatchObject({
      version: '1',
      aliases: expect.arrayContaining(['production']),
      modelId: expect.stringMatching(/^m-/),
      programId: expect.stringMatching(/^[0-9a-f]{12}$/),
      pipeline: 'extractive',
      validated: 'true',
      metrics: expect.objectContaining({ token_f1: expect.any(Number) }),
      promoted: { staging: { at: expect.stringMatching(/^\d{4}-/), by: expect.anything() } },
    });
    const all = await cli(['models', 'show', model, '--json'], env);
    seen.push(all.out);
    const versions = all.json<{ versions: { version: string; modelId: string | null }[] }>()
      .versions;
    expect(versions.length).toBeGreaterThanOrEqual(3);
    // The version registered the old way (runs:/…/program) shows no LoggedModel.
    expect(versions.some((x) => x.modelId === null)).toBe(true);
    const human = await cli(['models', 'show', `${model}/1`], env);
    expect(human.out).toMatch(/version 1 \(@production/);
    expect(human.out).toMatch(/gates' metrics: .*token_f1=/);

    const runs = await cli(
      ['runs', 'list', '--experiment', env['MLFLOW_EXPERIMENT_NAME'] as string, '--json'],
      env,
    );
    seen.push(runs.out, runs.err);
    expect(runs.code).toBe(0);
    const r = runs.json<{ runs: { runId: string; kind: string; modelId: string | null }[] }>().runs;
    expect(r.length).toBeGreaterThanOrEqual(3);
    expect(r.every((x) => x.kind === 'eval')).toBe(true);
    const [a, b] = r;
    const cmp = await cli(['runs', 'compare', a?.runId ?? '', b?.runId ?? '', '--json'], env);
    seen.push(cmp.out, cmp.err);
    expect(cmp.code).toBe(0);
    const c = cmp.json<{
      runs: { allMetrics: Record<string, number> }[];
      metrics: string[];
      differingParams: string[];
    }>();
    expect(c.runs).toHaveLength(2);
    expect(c.metrics).toContain('token_f1');
    expect(c.runs[0]?.allMetrics['token_f1']).toEqual(expect.any(Number));
    const humanCmp = await cli(['runs', 'compare', a?.runId ?? '', b?.runId ?? ''], env);
    expect(humanCmp.out).toMatch(/token_f1/);

    const missing = await cli(['runs', 'compare', a?.runId ?? '', 'deadbeef00', '--json'], env);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/run deadbeef00 was not found/);
    const noModel = await cli(['models', 'show', `${model}-nope@production`], env);
    expect(noModel.code).toBe(2);
    expect(noModel.err).toMatch(/was not found .*models list/);
  }, 180_000);

  it('nothing planted reaches the models, metrics, datasets, sources or the console (canary)', () => {
    const all = seen.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    for (const p of PLANTED) expect(all).not.toContain(p);
  });
});
