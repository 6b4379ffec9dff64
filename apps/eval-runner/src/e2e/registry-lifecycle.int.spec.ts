import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUNDLED_CORPUS_DIR,
  BUNDLED_DATASET_FILE,
  resolveBundledAssetsDir,
} from '@cited/dspy-pipeline';
import type { MlflowClient } from '@cited/mlflow-client';
import { cli, isolatedEnv, testMlflowClient } from '../test-fixtures/cli-harness';

const assets = resolveBundledAssetsDir();
const dataset = join(assets, BUNDLED_DATASET_FILE);

describe('demo → eval → register → promote → rollback against a real MLflow server', () => {
  const env = isolatedEnv('lifecycle');
  const model = env['CITED_MODEL_NAME'] as string;
  let client: MlflowClient;
  let demoRunId = '';

  beforeAll(() => {
    client = testMlflowClient();
  });
  afterAll(() => client.close());

  it('demo ingests, evaluates, logs to MLflow, registers the program and points production at it', async () => {
    const r = await cli(['demo', '--json'], env);
    expect(r.code).toBe(0);
    const j = r.json<{
      ok: boolean;
      runs: { runId: string; metrics: Record<string, number> }[];
      model: { name: string; version: string; alias: string };
      mlflow: { ui: string };
      ingest: { documents: number; chunks: number };
    }>();
    expect(j.ok).toBe(true);
    expect(j.ingest.documents).toBe(50);
    expect(j.model).toMatchObject({ name: model, version: '1', alias: 'production' });
    demoRunId = j.runs[0]?.runId ?? '';
    expect(r.err).toMatch(/MLflow UI: http:\/\/127\.0\.0\.1:\d+\/#\/experiments\/\d+/);
    expect(r.err).toMatch(/node dist\/apps\/api\/main\.js/);
    expect(r.err).toMatch(/token_f1/);

    const run = await client.runs.get(demoRunId);
    expect(run.info.status).toBe('FINISHED');
    const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
    expect(params).toMatchObject({
      pipeline: 'extractive',
      'llm.provider': 'none',
      'retriever.k': '5',
      'retriever.chunk_size': '800',
    });
    expect(params['program.id']).toMatch(/^[0-9a-f]{12}$/);
    expect(params['retriever.index_version']).toMatch(/^v2:gen-/);
    expect(params['git.commit']).toBeDefined();
    expect(params['git.dirty']).toMatch(/true|false|unknown/);
    expect(params['version.dspy-pipeline']).toBe('0.1.0');
    const metrics = Object.fromEntries(run.data.metrics.map((m) => [m.key, m.value]));
    for (const name of [
      'exact_match',
      'token_f1',
      'citation_precision',
      'citation_recall',
      'retrieval_recall_at_1',
      'retrieval_recall_at_5',
      'retrieval_recall_at_10',
      'retrieval_mrr',
      'groundedness',
      'hallucination_rate',
      'abstention_accuracy',
      'latency_p50_ms',
      'latency_p95_ms',
    ]) {
      expect(metrics[name]).toEqual(expect.any(Number));
      expect(metrics[`dev/${name}`]).toEqual(expect.any(Number));
    }
    expect(metrics['token_f1']).toBeCloseTo(j.runs[0]?.metrics['token_f1'] ?? -1, 6);
    expect(metrics['count.examples']).toBe(228);
    const tags = Object.fromEntries(run.data.tags.map((t) => [t.key, t.value]));
    expect(tags['cited.kind']).toBe('eval');
    expect(tags['cited.pipeline']).toBe('extractive');
    expect(tags['cited.dataset.digest']).toMatch(/^[0-9a-f]{16}$/);
    expect(tags['mlflow.source.git.commit']).toBe(params['git.commit']);
    expect(tags['cited.dataset.uploaded_sha256']).toMatch(/^[0-9a-f]{64}$/);
    const input = run.inputs.datasetInputs[0];
    expect(input?.dataset.digest).toBe(tags['cited.dataset.digest']);
    expect(input?.dataset.name).toBe('rental-qa');
    expect(input?.tags).toEqual(
      expect.arrayContaining([{ key: 'mlflow.data.context', value: 'eval' }]),
    );
    const files = (await client.artifacts.listTree({ runId: demoRunId })).map((f) => f.path).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'dataset/manifest.json',
        'dataset/dataset.jsonl.gz',
        'errors.jsonl',
        'predictions.jsonl',
        'program/program.json',
        'prompts.json',
        'summary.md',
      ]),
    );

    const version = await client.registry.getVersionByAlias(model, 'production');
    expect(version.version).toBe('1');
    expect(version.runId).toBe(demoRunId);
    const vtags = Object.fromEntries(version.tags.map((t) => [t.key, t.value]));
    expect(Number(vtags['metric.token_f1'])).toBeCloseTo(metrics['token_f1'] ?? -1, 6);
    expect(vtags['cited.dataset.digest']).toBe(tags['cited.dataset.digest']);
  });

  it('eval --json prints exactly the documented object; --fail-under exits 1 when a metric is below', async () => {
    const r = await cli(
      [
        'eval',
        '--pipeline',
        'extractive',
        '--dataset',
        dataset,
        '--split',
        'dev',
        '--fail-under',
        'token_f1=0.999',
        '--json',
      ],
      env,
    );
    expect(r.code).toBe(1);
    const j = r.json<Record<string, unknown>>();
    expect(Object.keys(j).sort()).toEqual(
      [
        'artifacts',
        'counts',
        'experimentId',
        'metrics',
        'perSplit',
        'pipeline',
        'program',
        'runId',
      ].sort(),
    );
    expect(Object.keys(j['perSplit'] as object)).toEqual(['dev']);
    expect(j['counts']).toEqual({ examples: 46, errors: 0, abstained: expect.any(Number) });
    expect(j['program']).toEqual({
      name: 'cited-default-extractive',
      id: expect.stringMatching(/^[0-9a-f]{12}$/),
      version: null,
    });
    expect(r.err).toMatch(/FAIL token_f1 = 0\.\d+ < 0\.999/);
    const ok = await cli(
      [
        'eval',
        '--dataset',
        dataset,
        '--split',
        'dev',
        '--limit',
        '10',
        '--fail-under',
        'dev/token_f1=0.1',
      ],
      env,
    );
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/token_f1/);
  });

  it('a gate blocks a regression: the alias stays and the reasons are printed (exit 1)', async () => {
    // A corpus missing most documents answers worse: a real regression.
    const small = join(env['CITED_TEST_DIR'] as string, 'small-corpus');
    mkdirSync(small);
    for (const f of ['rental-income-basics.md', 'advance-rent.md', 'security-deposit-limits.md'])
      cpSync(join(assets, BUNDLED_CORPUS_DIR, f), join(small, f));
    const bad = await cli(
      ['eval', '--dataset', dataset, '--corpus', small, '--run-name', 'regression', '--json'],
      env,
    );
    expect(bad.code).toBe(0);
    const reg = await cli(
      ['register', '--run', bad.json<{ runId: string }>().runId, '--model', model, '--json'],
      env,
    );
    expect(reg.code).toBe(0);
    expect(reg.json<{ version: string }>().version).toBe('2');
    const p = await cli(
      [
        'promote',
        '--model',
        model,
        '--version',
        '2',
        '--gate',
        'token_f1>=current-0.01',
        '--gate',
        'groundedness>=0.5',
        '--json',
      ],
      env,
    );
    expect(p.code).toBe(1);
    const j = p.json<{ promoted: boolean; reasons: string[] }>();
    expect(j.promoted).toBe(false);
    expect(j.reasons.join(' ')).toMatch(/token_f1 = 0\.\d+ fails >= 0\.\d+/);
    expect(p.err).toMatch(/refused: .* version 2 was NOT promoted to production/);
    expect((await client.registry.getVersionByAlias(model, 'production')).version).toBe('1');
  });

  it('promotes a version that passes every gate and leaves last-known-good on the previous holder', async () => {
    const good = await cli(
      ['eval', '--dataset', dataset, '--run-name', 'candidate', '--json'],
      env,
    );
    expect(good.code).toBe(0);
    const reg = await cli(
      ['register', '--run', good.json<{ runId: string }>().runId, '--model', model, '--json'],
      env,
    );
    expect(reg.json<{ version: string }>().version).toBe('3');
    const p = await cli(
      [
        'promote',
        '--model',
        model,
        '--version',
        '3',
        '--gate',
        'token_f1>=current-0.01',
        '--gate',
        'hallucination_rate<=current',
        '--json',
      ],
      env,
    );
    expect(p.code).toBe(0);
    expect(p.json<{ promoted: boolean; previous: string }>()).toMatchObject({
      promoted: true,
      previous: '1',
    });
    expect((await client.registry.getVersionByAlias(model, 'production')).version).toBe('3');
    expect((await client.registry.getVersionByAlias(model, 'last-known-good')).version).toBe('1');
  });

  it('rollback moves production back to last-known-good', async () => {
    const r = await cli(['rollback', '--model', model, '--json'], env);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ rolledBack: true, version: '1', previous: '3' });
    expect((await client.registry.getVersionByAlias(model, 'production')).version).toBe('1');
  });

  it('promote --reevaluate gates on fresh evaluations of candidate and holder', async () => {
    const p = await cli(
      [
        'promote',
        '--model',
        model,
        '--version',
        '3',
        '--reevaluate',
        '--split',
        'dev',
        '--gate',
        'token_f1>=current',
        '--json',
      ],
      env,
    );
    expect(p.code).toBe(0);
    expect(
      p.json<{ promoted: boolean; gates: { candidate: number; threshold: number }[] }>(),
    ).toMatchObject({ promoted: true });
    expect(p.err).toMatch(/re-evaluating .* version 3 \(candidate\)/);
    expect(p.err).toMatch(/re-evaluating .* version 1 \(current\)/);
  });

  it('fails clearly (exit 2) on a missing dataset, unreadable program, unknown model/alias/version, bad gate', async () => {
    const missing = await cli(['eval', '--dataset', '/nonexistent/qa.jsonl'], env);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/dataset not found: \/nonexistent\/qa\.jsonl/);
    const junk = join(env['CITED_TEST_DIR'] as string, 'junk.json');
    writeFileSync(junk, '{"not": "a program"');
    const badProgram = await cli(['eval', '--dataset', dataset, '--program', junk], env);
    expect(badProgram.code).toBe(2);
    expect(badProgram.err).toMatch(/junk\.json/);
    const alias = await cli(
      ['eval', '--dataset', dataset, '--program', `models:/${model}@nope`],
      env,
    );
    expect(alias.code).toBe(2);
    expect(alias.err).toMatch(/models:\/.*@nope was not found/);
    const unknown = await cli(['promote', '--model', 'no-such-model-xyz', '--version', '1'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown model or version/);
    const gate = await cli(
      ['promote', '--model', model, '--version', '3', '--gate', 'token_f1 => 0.5'],
      env,
    );
    expect(gate.code).toBe(2);
    expect(gate.err).toMatch(/does not parse/);
    const rb = await cli(['rollback', '--model', 'no-such-model-xyz'], env);
    expect(rb.code).toBe(2);
  });
});
