#!/usr/bin/env node
// What MLflow's server spends per eval trace, for several ways of sending the same trace.
// 1. Captures real traces: `eval --pipeline baseline` on the first N questions of the peer's
//    dataset, 0 ms stub, MLflow away; the run's spool entry holds its traces (traces.jsonl).
// 2. Per variant, a fresh 1-worker MLflow server (the benchmark's), an experiment and a run;
//    10 traces to warm it up, then the N traces in batches of 50 as the client's exporter sends
//    them; the server's CPU (its process group, /proc) per trace.
// Variants (INGEST_VARIANTS, comma-separated, default all but `ping`):
//   client         mlflow-client as built (`client.traces.logValidated`)
//   json           StartTraceV3, then the spans as OTLP/JSON without the tags (the build before
//                  the client sent protobuf)
//   tags-twice     StartTraceV3, then OTLP/JSON with the tags on the root span too (the build before)
//   protobuf       StartTraceV3, then the spans as OTLP protobuf (otlp-protobuf.mjs)
//   start-only     StartTraceV3 alone; start-no-assessments: the same without the assessments
//   otlp-json, otlp-protobuf   the spans alone (tags on the root span, run link by header)
//   ping           a GET experiments/get per trace: the server's cost of any request
// Needs the build (dist/apps/eval-runner, dist/libs). Env: INGEST_N (300), INGEST_TRACES (a
// traces.jsonl to reuse instead of capturing), INGEST_SAVE_TRACES (where to keep the captured
// traces.jsonl), INGEST_PROFILE (a directory: py-spy samples the server during each variant's
// N traces and writes <variant>.txt there, collapsed stacks, summarised by profile-summary.mjs;
// tools/py-spy-venv.mjs; py-spy pauses the server to sample it, so time without it).
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distRequire } from '../pipeline/dist-require.mjs';
import { makePeerData, run, startSharedStub } from './dspy-peer.mjs';
import { encodeOtlpProtobuf } from './otlp-protobuf.mjs';
import { groupCpuSeconds } from './proc-stats.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { startMlflowServer } = await import(join(root, 'tools/mlflow-server.mjs'));
const require = distRequire();
const { MlflowClient, mlflowConfigSchema } = require('@cited/mlflow-client');
// The client's own wire builders, from its build: the variants send what it sends, reordered.
const lib = join(root, 'dist/libs/mlflow-client/src/lib/tracing');
const { traceInfoRequest } = require(join(lib, 'trace-info-request.js'));
const { encodeOtlpTraces } = require(join(lib, 'otlp-json.js'));

const N = Number(process.env.INGEST_N ?? 300);
const VARIANTS = (
  process.env.INGEST_VARIANTS ??
  'client,json,tags-twice,protobuf,start-only,start-no-assessments,otlp-json,otlp-protobuf'
).split(',');
const SCOPE = { name: 'ingest-cost', version: '0' };
const work = mkdtempSync(join(tmpdir(), 'cited-ingest-cost-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function captureTraces() {
  await makePeerData(root, join(work, 'peer'));
  const rows = readFileSync(join(work, 'peer', 'qa-1000.jsonl'), 'utf8')
    .trim()
    .split('\n');
  writeFileSync(join(work, 'qa.jsonl'), `${rows.slice(0, N + 10).join('\n')}\n`);
  const stub = await startSharedStub(root, 0);
  const env = {
    CITED_LLM_PROVIDER: 'openai-compatible',
    CITED_LLM_BASE_URL: stub.cited,
    CITED_LLM_MODEL: 'bench-stub',
    CITED_INDEX_DIR: join(work, 'index'),
    CITED_SPOOL_DIR: join(work, 'spool'),
    MLFLOW_TRACKING_URI: 'http://127.0.0.1:9',
    MLFLOW_ENABLE_TELEMETRY: 'false',
  };
  const main = join(root, 'dist/apps/eval-runner/main.js');
  const corpus = join(root, 'libs/dspy-pipeline/assets/corpus');
  try {
    await run(process.execPath, [main, 'ingest', '--corpus', corpus, '--json'], { cwd: root, env });
    await run(
      process.execPath,
      [
        main,
        'eval',
        '--pipeline',
        'baseline',
        '--dataset',
        join(work, 'qa.jsonl'),
        '--concurrency',
        '16',
        '--json',
        '--no-cache',
      ],
      { cwd: root, env },
    );
  } finally {
    stub.stop();
  }
  const walk = (d) =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)],
    );
  const file = walk(join(work, 'spool')).find((p) => p.endsWith('traces.jsonl'));
  if (!file) throw new Error('the spool-only eval wrote no traces.jsonl');
  copyFileSync(file, join(work, 'traces.jsonl'));
  if (process.env.INGEST_SAVE_TRACES) copyFileSync(file, process.env.INGEST_SAVE_TRACES);
  return join(work, 'traces.jsonl');
}

const PROFILE_DIR = process.env.INGEST_PROFILE ? resolve(process.env.INGEST_PROFILE) : undefined;

/** py-spy sampling the server's process group (uvicorn and its worker) until stop(). */
async function startProfiler(pid, variant) {
  const { ensurePySpyVenv } = await import(join(root, 'tools/py-spy-venv.mjs'));
  const pySpy = await ensurePySpyVenv();
  const out = join(PROFILE_DIR, `${variant}.txt`);
  const child = spawn(
    pySpy,
    [
      'record',
      '--pid',
      String(pid),
      '--subprocesses',
      '--format',
      'raw',
      '--rate',
      '200',
      '-o',
      out,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await sleep(1000);
  return {
    stop: () =>
      new Promise((res) => {
        child.once('exit', res);
        child.kill('SIGINT');
      }),
  };
}

async function post(uri, path, body, headers) {
  const res = await fetch(uri + path, { method: 'POST', body, headers });
  const text = Buffer.from(await res.arrayBuffer()).toString();
  if (!res.ok) throw new Error(`POST ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
}

async function inPairs(items, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all([worker(), worker()]);
}

/** Sends one batch of traces the way `variant` does. */
async function send(variant, uri, client, target, batch) {
  const json = { 'content-type': 'application/json' };
  const otlp = (type, runLink) => ({
    'content-type': type,
    'x-mlflow-experiment-id': target.experimentId,
    ...(runLink ? { 'x-mlflow-run-id': target.runId } : {}),
  });
  const start = (assessments) =>
    inPairs(batch, (t) => {
      const req = traceInfoRequest(t, target);
      if (!assessments) req.trace.traceInfo.assessments = [];
      return post(uri, '/api/3.0/mlflow/traces', JSON.stringify(req), json);
    });
  const otlpJson = (withTags, runLink) =>
    post(
      uri,
      '/v1/traces',
      JSON.stringify(encodeOtlpTraces(batch, SCOPE, () => withTags)),
      otlp('application/json', runLink),
    );
  const otlpProtobuf = (withTags, runLink) =>
    post(
      uri,
      '/v1/traces',
      encodeOtlpProtobuf(batch, SCOPE, () => withTags),
      otlp('application/x-protobuf', runLink),
    );
  if (variant === 'client') return client.traces.logValidated(target, batch);
  if (variant === 'json') return start(true).then(() => otlpJson(false, false));
  if (variant === 'tags-twice') return start(true).then(() => otlpJson(true, false));
  if (variant === 'protobuf') return start(true).then(() => otlpProtobuf(false, false));
  if (variant === 'start-only') return start(true);
  if (variant === 'start-no-assessments') return start(false);
  if (variant === 'otlp-json') return otlpJson(true, true);
  if (variant === 'otlp-protobuf') return otlpProtobuf(true, true);
  if (variant === 'ping')
    return inPairs(batch, async () => {
      const res = await fetch(
        `${uri}/api/2.0/mlflow/experiments/get?experiment_id=${target.experimentId}`,
      );
      await res.arrayBuffer();
    });
  throw new Error(`unknown variant ${variant}`);
}

try {
  const file = process.env.INGEST_TRACES ?? (await captureTraces());
  const all = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  if (all.length < N + 10) throw new Error(`${file} holds ${all.length} traces, need ${N + 10}`);
  for (const [v, variant] of VARIANTS.entries()) {
    // Fresh ids per variant: the traces are new to the server every time.
    const withIds = (traces, tag) =>
      traces.map((t, i) => ({
        ...t,
        traceId: `${t.traceId.slice(0, 22)}${tag}${i.toString(16).padStart(6, '0')}`,
      }));
    const server = await startMlflowServer({ dir: join(work, `mlflow-${v}`), workers: 1 });
    const client = new MlflowClient(mlflowConfigSchema.parse({ trackingUri: server.uri }));
    try {
      const experimentId = await client.experiments.getOrCreate('ingest-cost');
      const runId = (await client.runs.create({ experimentId })).info.runId;
      const target = { experimentId, runId };
      await send(
        variant,
        server.uri,
        client,
        target,
        withIds(all.slice(N, N + 10), `ff${v.toString(16).padStart(2, '0')}`),
      );
      await sleep(1500);
      const traces = withIds(all.slice(0, N), `00${v.toString(16).padStart(2, '0')}`);
      const profiler = PROFILE_DIR ? await startProfiler(server.pid, variant) : undefined;
      const cpu0 = groupCpuSeconds(server.pid);
      const t0 = Date.now();
      for (let i = 0; i < traces.length; i += 50)
        await send(variant, server.uri, client, target, traces.slice(i, i + 50));
      await sleep(500);
      const cpu = groupCpuSeconds(server.pid) - cpu0;
      await profiler?.stop();
      process.stdout.write(
        `${variant}: server CPU ${((1000 * cpu) / N).toFixed(2)} ms/trace, ` +
          `wall ${((Date.now() - t0) / N).toFixed(1)} ms/trace (${N} traces)\n`,
      );
    } finally {
      client.close();
      await server.stop();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
