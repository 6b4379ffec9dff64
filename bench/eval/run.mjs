#!/usr/bin/env node
// bench:eval — `eval --pipeline baseline` on 1,000 examples against a local OpenAI-compatible
// stub with a fixed 200 ms latency at concurrency 16. Goal: wall ≤ 1.15 × (1000 × 0.2 / 16) + 3 s,
// and MLflow logging adds < 5% (same command, same run of this script, with the server away so
// the run only goes to the local spool). Run via `npm run bench:eval` (builds first).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { startOpenAiStubServer } = require(join(root, 'dist/libs/dspy-pipeline/src/testing.js'));
const { startMlflowServer } = await import(join(root, 'tools/mlflow-server.mjs'));

const N = Number(process.env.BENCH_EXAMPLES ?? 1000);
const LATENCY = 200;
const CONCURRENCY = 16;
const REPS = Number(process.env.BENCH_REPS ?? 1);
const main = join(root, 'dist/apps/eval-runner/main.js');
const assets = join(root, 'libs/dspy-pipeline/assets');
const dataDir = join(root, 'bench/.data/eval');
mkdirSync(dataDir, { recursive: true });

// 1,000 distinct questions: the bundled ones, reworded per copy so no two strings repeat.
const base = readFileSync(join(assets, 'datasets/rental-qa.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
const rows = Array.from({ length: N }, (_, i) => {
  const r = base[i % base.length];
  const copy = Math.floor(i / base.length);
  return {
    ...r,
    id: `${r.id}-c${copy}`,
    split: 'test',
    question: copy ? `${r.question} (variant ${copy})` : r.question,
  };
});
const dataset = join(dataDir, `qa-${N}.jsonl`);
writeFileSync(dataset, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');

const stub = await startOpenAiStubServer({
  latencyMs: LATENCY,
  reply: (body) => {
    const user = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '';
    const m = /\[([^\]\s]+#\d+)\]\s*(?:[^:\n]{0,120}:\s*)?([^\n]+)/.exec(String(user));
    const sentence = m
      ? (/^(.+?[.!?])(\s|$)/.exec(m[2])?.[1] ?? m[2])
      : 'Not found in the sources.';
    return JSON.stringify({ answer: sentence, citations: m ? [m[1]] : [] });
  },
});

function run(args, env) {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []),
        main,
        ...args,
      ],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => {
      const wall = (performance.now() - t0) / 1000;
      if (code !== 0) return fail(new Error(`eval-runner exited ${code}:\n${err.slice(-2000)}`));
      done({ wall, result: JSON.parse(out.trim().split('\n').pop()) });
    });
  });
}

const work = mkdtempSync(join(tmpdir(), 'cited-bench-eval-'));
const server = process.env.MLFLOW_TRACKING_URI
  ? null
  : await startMlflowServer({ dir: join(work, 'mlflow'), workers: 1 });
const uri = process.env.MLFLOW_TRACKING_URI ?? server.uri;
const common = {
  CITED_LLM_PROVIDER: 'openai-compatible',
  CITED_LLM_BASE_URL: stub.baseUrl,
  CITED_LLM_MODEL: 'bench-stub',
  CITED_INDEX_DIR: join(work, 'index'),
  CITED_SPOOL_DIR: join(work, 'spool'),
  MLFLOW_EXPERIMENT_NAME: 'bench-eval',
};
const evalArgs = [
  'eval',
  '--pipeline',
  'baseline',
  '--dataset',
  dataset,
  '--concurrency',
  String(CONCURRENCY),
  '--json',
];
try {
  await run(['ingest', '--corpus', join(assets, 'corpus'), '--json'], {
    ...common,
    MLFLOW_TRACKING_URI: uri,
  });
  const variants = [
    ['mlflow', { MLFLOW_TRACKING_URI: uri }, []],
    ['spool-only (MLflow away)', { MLFLOW_TRACKING_URI: 'http://127.0.0.1:9' }, []],
    ['mlflow, dataset upload not scrubbed', { MLFLOW_TRACKING_URI: uri }, ['--no-scrub-dataset']],
  ];
  const results = {};
  for (let rep = 0; rep < REPS; rep++)
    for (const [name, env, extra] of variants) {
      const load = loadavg()[0];
      const { wall, result } = await run([...evalArgs, ...extra], { ...common, ...env });
      (results[name] ??= []).push({
        wall,
        load,
        errors: result.counts.errors,
        examples: result.counts.examples,
        runId: result.runId,
      });
      console.log(
        `${name}: ${wall.toFixed(2)} s (load ${load.toFixed(1)}, ${result.counts.examples} examples, ${result.counts.errors} errors)`,
      );
    }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const withMlflow = median(results['mlflow'].map((r) => r.wall));
  const spool = median(results['spool-only (MLflow away)'].map((r) => r.wall));
  const ideal = (N * LATENCY) / 1000 / CONCURRENCY;
  const goal = 1.15 * ideal + 3;
  const overhead = withMlflow / spool - 1;
  const summary = {
    date: new Date().toISOString(),
    node: process.versions.node,
    examples: N,
    latencyMs: LATENCY,
    concurrency: CONCURRENCY,
    idealSeconds: ideal,
    goalSeconds: goal,
    wallWithMlflow: withMlflow,
    wallSpoolOnly: spool,
    mlflowOverhead: overhead,
    wallGoalMet: withMlflow <= goal,
    overheadGoalMet: overhead < 0.05,
    loadAverage: loadavg(),
    runs: results,
  };
  writeFileSync(join(dataDir, 'results.json'), JSON.stringify(summary, null, 2));
  console.log(
    `\nwall with MLflow ${withMlflow.toFixed(2)} s vs goal ${goal.toFixed(2)} s (ideal ${ideal.toFixed(2)} s): ${summary.wallGoalMet ? 'OK' : 'MISSED'}\n` +
      `MLflow logging overhead vs spool-only: ${(overhead * 100).toFixed(1)}% (goal < 5%): ${summary.overheadGoalMet ? 'OK' : 'MISSED'}\n` +
      `load average now: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
} finally {
  await stub.close();
  if (server) await server.stop();
  rmSync(work, { recursive: true, force: true });
}
