import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUNDLED_CORPUS_DIR,
  BUNDLED_DATASET_FILE,
  resolveBundledAssetsDir,
} from '@cited/dspy-pipeline';
import { readTracesWithPython } from '@cited/mlflow-client/testing';
import { cli, isolatedEnv, testMlflowUri } from '../test-fixtures/cli-harness';
import { sharedLlmStub, startLlmStub } from '../test-fixtures/llm-stub';

const root = join(__dirname, '..', '..', '..', '..');
const assets = resolveBundledAssetsDir();
const dataset = join(assets, BUNDLED_DATASET_FILE);
const corpus = join(assets, BUNDLED_CORPUS_DIR);

describe('LLM pipelines with the OpenAI-compatible stub (real MLflow)', () => {
  const llm = sharedLlmStub();

  it('optimize: parent run, one child run per trial, trial scores with steps, best program as artifact + LoggedModel, --register', async () => {
    const env = isolatedEnv('optimize', llm.env);
    expect((await cli(['ingest', '--corpus', corpus], env)).code).toBe(0);
    const model = env['CITED_MODEL_NAME'] as string;
    const r = await cli(
      [
        'optimize',
        '--optimizer',
        'bootstrap',
        '--dataset',
        dataset,
        '--max-train',
        '4',
        '--max-dev',
        '3',
        '--trials',
        '2',
        '--max-demos',
        '2',
        '--seed',
        '3',
        '--register',
        model,
        '--json',
      ],
      env,
    );
    expect({ code: r.code, err: r.code === 0 ? '' : r.err }).toEqual({ code: 0, err: '' });
    const j = r.json<{
      runId: string;
      experimentId: string;
      trials: { index: number; runId: string; score: number }[];
      metrics: Record<string, number>;
      loggedModelId: string | null;
      registered: { model: string; version: string } | null;
      program: { id: string };
    }>();
    expect(j.trials.length).toBeGreaterThanOrEqual(2);
    expect(j.registered).toEqual({ model, version: '1' });
    const parent = await llm.client.runs.get(j.runId);
    const params = Object.fromEntries(parent.data.params.map((p) => [p.key, p.value]));
    expect(params).toMatchObject({
      optimizer: 'bootstrap',
      'optimizer.seed': '3',
      'optimizer.max_demos': '2',
      'optimizer.trials': '2',
      pipeline: 'dspy',
      'llm.provider': 'openai-compatible',
      'llm.model': 'stub-model',
      'llm.seed': '7',
    });
    expect(params['prompt.reasoner_instruction_hash']).toMatch(/^[0-9a-f]{16}$/);
    const tags = Object.fromEntries(parent.data.tags.map((t) => [t.key, t.value]));
    expect(tags['cited.kind']).toBe('optimize');
    expect(tags['cited.pipeline']).toBe('dspy');
    expect(tags['cited.program.id']).toBe(j.program.id);
    const metrics = Object.fromEntries(parent.data.metrics.map((m) => [m.key, m.value]));
    expect(metrics['optimizer.best_score']).toBeGreaterThanOrEqual(
      metrics['optimizer.baseline_score'] ?? 2,
    );
    expect(metrics['dev/token_f1']).toEqual(expect.any(Number));
    expect(metrics['token_f1']).toEqual(expect.any(Number));
    const history = await llm.client.runs.metricHistory(j.runId, 'trial_score');
    expect(history.map((h) => Number(h.step)).sort()).toEqual(j.trials.map((t) => t.index).sort());
    const children = await llm.client.runs.searchAll({
      experimentIds: [j.experimentId],
      filter: `tags.mlflow.parentRunId = '${j.runId}'`,
    });
    expect(children.map((c) => c.info.runId).sort()).toEqual(j.trials.map((t) => t.runId).sort());
    for (const c of children) {
      const files = (await llm.client.artifacts.listTree({ runId: c.info.runId })).map(
        (f) => f.path,
      );
      expect(files).toContain('program/program.json');
      // Each candidate is also a LoggedModel of its child run.
      const modelId = c.data.tags.find((t) => t.key === 'cited.logged_model_id')?.value ?? '';
      const model = await llm.client.loggedModels.get(modelId);
      expect(model.info).toMatchObject({ sourceRunId: c.info.runId, status: 'LOGGED_MODEL_READY' });
    }
    const files = (await llm.client.artifacts.listTree({ runId: j.runId })).map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'program/program.json',
        'predictions.jsonl',
        'errors.jsonl',
        'summary.md',
        'prompts.json',
        'dataset/manifest.json',
      ]),
    );
    // The best program's evaluation: one trace per dev example, linked to the parent run.
    const traces = await readTracesWithPython(testMlflowUri(), {
      runId: j.runId,
      experimentId: j.experimentId,
    });
    expect(traces).toHaveLength(3);
    for (const t of traces) {
      expect(t.tags).toMatchObject({ 'cited.pipeline': 'dspy', 'cited.program.id': j.program.id });
      const root = t.spans.find((s) => s.parentId === null);
      expect([
        root?.name,
        ...t.spans.filter((s) => s.parentId === root?.spanId).map((s) => s.name),
      ]).toEqual(['answer', 'retrieve', 'reason', 'verify']);
      expect(t.assessments.some((a) => a.name === 'token_f1' && a.sourceType === 'CODE')).toBe(
        true,
      );
    }
    expect(j.loggedModelId).toMatch(/^m-/);
    const logged = await llm.client.loggedModels.get(j.loggedModelId as string);
    expect(logged.info.sourceRunId).toBe(j.runId);
    const version = await llm.client.registry.getVersion(model, '1');
    expect(version.runId).toBe(j.runId);
    expect(version.tags.find((t) => t.key === 'cited.dataset.digest')?.value).toBe(
      tags['cited.dataset.digest'],
    );
    expect(version.tags.find((t) => t.key === 'metric.token_f1')).toBeDefined();
    // The registered program runs: evaluate it from the registry.
    const ev = await cli(
      [
        'eval',
        '--program',
        `models:/${model}/1`,
        '--dataset',
        dataset,
        '--split',
        'test',
        '--limit',
        '3',
        '--json',
      ],
      env,
    );
    expect(ev.code).toBe(0);
    expect(ev.json<{ pipeline: string; program: { version: string } }>()).toMatchObject({
      pipeline: 'dspy',
      program: { version: '1' },
    });
  });

  it('demo with an LLM configured evaluates extractive and baseline, optimizes dspy, and shows them side by side', async () => {
    const env = isolatedEnv('demo-llm', llm.env);
    const r = await cli(['demo', '--trials', '1', '--limit', '12', '--json'], env);
    expect({ code: r.code, err: r.code === 0 ? '' : r.err }).toEqual({ code: 0, err: '' });
    const j = r.json<{
      runs: { label: string; runId: string; metrics: Record<string, number> }[];
      model: { version: string };
    }>();
    expect(j.runs.map((x) => x.label)).toEqual(['extractive', 'baseline', 'dspy (optimized, dev)']);
    for (const x of j.runs) expect(x.runId).toMatch(/^[0-9a-f]{32}$/);
    expect(j.model.version).toBe('1');
    expect(r.err).toMatch(/metric\s+extractive\s+baseline\s+dspy \(optimized, dev\)/);
    // What a new user opens first: the runs' Traces tabs are not empty.
    const experimentId = await llm.client.experiments.getOrCreate(
      env['MLFLOW_EXPERIMENT_NAME'] as string,
    );
    for (const x of j.runs.slice(0, 2))
      expect(
        await readTracesWithPython(testMlflowUri(), { runId: x.runId, experimentId }),
      ).toHaveLength(12);
  });

  it('stops after N consecutive LLM failures with a clear message; the failed examples are logged, the run FAILED', async () => {
    const failing = await startLlmStub({ reply: () => ({ status: 500 }) });
    try {
      const env = isolatedEnv('failing', { ...failing.env, CITED_LLM_TIMEOUT_MS: '2000' });
      const r = await cli(
        [
          'eval',
          '--pipeline',
          'baseline',
          '--corpus',
          corpus,
          '--dataset',
          dataset,
          '--limit',
          '30',
          '--concurrency',
          '1',
          '--max-consecutive-errors',
          '3',
          '--run-name',
          'failing',
        ],
        env,
      );
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/stopped after 3 failed examples in a row \(last: llm_error/);
      const runs = await llm.client.runs.searchAll({
        experimentIds: [
          await llm.client.experiments.getOrCreate(env['MLFLOW_EXPERIMENT_NAME'] as string),
        ],
      });
      expect(runs).toHaveLength(1);
      expect(runs[0]?.info.status).toBe('FAILED');
      const metrics = Object.fromEntries(
        (runs[0]?.data.metrics ?? []).map((m) => [m.key, m.value]),
      );
      expect(metrics['count.errors']).toBe(3);
    } finally {
      await failing.stub.close();
    }
  });

  it('Ctrl-C ends the run KILLED and keeps the partial results (built binary)', async () => {
    const slow = await startLlmStub({ latencyMs: 400 });
    try {
      const env = isolatedEnv('sigint', slow.env);
      const child = spawn(
        process.execPath,
        [
          join(root, 'dist/apps/eval-runner/main.js'),
          'eval',
          '--pipeline',
          'baseline',
          '--corpus',
          corpus,
          '--dataset',
          dataset,
          '--concurrency',
          '2',
          '--json',
        ],
        {
          env: { ...env, PATH: process.env['PATH'] ?? '' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      // Interrupt once a few examples are done.
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (slow.stub.chatRequests().length >= 6) {
            clearInterval(poll);
            resolve();
          }
        }, 50);
      });
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) =>
        child.on('close', (c) => resolve(c)),
      );
      expect(err).toMatch(/interrupted/);
      expect(code).toBe(130);
      const j = JSON.parse(out.trim()) as { runId: string; counts: { examples: number } };
      expect(j.counts.examples).toBeGreaterThan(0);
      expect(j.counts.examples).toBeLessThan(228);
      const run = await llm.client.runs.get(j.runId);
      expect(run.info.status).toBe('KILLED');
      const files = (await llm.client.artifacts.listTree({ runId: j.runId })).map((f) => f.path);
      expect(files).toEqual(expect.arrayContaining(['predictions.jsonl', 'summary.md']));
    } finally {
      await slow.stub.close();
    }
  });

  it('MLflow away: the run completes into the spool and the command says how to sync', async () => {
    const env = isolatedEnv('spool', { MLFLOW_TRACKING_URI: 'http://127.0.0.1:9' });
    const r = await cli(
      ['eval', '--corpus', corpus, '--dataset', dataset, '--limit', '5', '--json'],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/npx eval-runner mlflow sync/);
    expect(r.json<{ runId: string | null }>().runId).toBeNull();
    const spool = env['CITED_SPOOL_DIR'] as string;
    expect(existsSync(spool) && readdirSync(spool).length).toBeGreaterThan(0);
  });
});
