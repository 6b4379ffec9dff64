#!/usr/bin/env node
// bench:eval — what one MLflow trace per evaluated example costs, against the peer users would
// pick instead (Python DSPy 3 + MLflow 3 with `mlflow.dspy.autolog()`, ../shared/bench/dspy-peer).
// Both sides: the same 1,000 questions, one LLM call per question over top-5 BM25 passages,
// 16 in parallel, the same OpenAI-compatible stub (200 ms), a fresh MLflow server (1 worker)
// per run, the sides alternating round by round. Per run: wall time (process start to exit,
// traces flushed) and the MLflow server's CPU (its process group, read from /proc).
//   cited traces     eval --pipeline baseline --concurrency 16 (one trace per example, with its
//                    scores as assessments)
//   cited no traces  the same with --no-traces
//   cited spool      the same with MLflow away: the run and its traces go to the local spool
//   peer traces      dspy.Evaluate(num_threads=16) under autolog (per-example traces)
//   peer no traces   autolog(log_traces_from_eval=False)
// Goals: cited traces ≤ 0.5 × peer traces, in wall time and in server CPU; Cited's MLflow
// logging (runs + traces) adds < 10% to its spool-only run; and, for 10,000 examples
// (extractive), the peak RSS of `eval` grows < 100 MB with traces on versus off.
// Env: BENCH_EXAMPLES (1000), BENCH_ROUNDS (1), BENCH_PEER (1; 0 skips the Python side),
// BENCH_RSS_EXAMPLES (10000; 0 skips the RSS comparison), BENCH_MLFLOW_WORKERS (1: the project's
// managed server; MLflow's own default is 4), BENCH_DSPY_PEER (the peer's folder),
// BENCH_NODE_ARGS (extra node flags for eval-runner, e.g. --cpu-prof), BENCH_EVAL_MAIN (the
// eval-runner bundle; default dist/apps/eval-runner/main.js).
// Run via `npm run bench:eval` (builds first).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../shared/median.mjs';
import { withFreshServer as withFreshServerIn } from '../shared/fresh-mlflow-server.mjs';
import { lastJson, makePeerData, run, runPeerEval, startSharedStub } from './dspy-peer.mjs';
import { groupCpuSeconds, watchPeakRss } from './proc-stats.mjs';
import { countTraces, experimentIdOf } from './trace-count.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { ensureDspyPeerVenv } = await import(join(root, 'tools/dspy-peer-venv.mjs'));

const N = Number(process.env.BENCH_EXAMPLES ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const PEER = process.env.BENCH_PEER !== '0';
const RSS_N = Number(process.env.BENCH_RSS_EXAMPLES ?? 10_000);
const LATENCY = 200;
const WORKERS = Number(process.env.BENCH_MLFLOW_WORKERS ?? 1);
const CONCURRENCY = 16;
const main = process.env.BENCH_EVAL_MAIN ?? join(root, 'dist/apps/eval-runner/main.js');
const assets = join(root, 'libs/dspy-pipeline/assets');
const dataDir = join(root, 'bench/.data/eval');
const log = (m) => process.stderr.write(`${m}\n`);
mkdirSync(dataDir, { recursive: true });

const work = mkdtempSync(join(tmpdir(), 'cited-bench-eval-'));
const peerData = join(work, 'peer-data');
log(`data: ${JSON.stringify(await makePeerData(root, peerData))}`);
const lines = readFileSync(join(peerData, 'qa-1000.jsonl'), 'utf8').trim().split('\n');
/** The first `n` rows of the shared dataset (repeated, reworded, past 1,000 as make-data does). */
function datasetOf(n) {
  const file = join(work, `qa-${n}.jsonl`);
  const rows = Array.from({ length: n }, (_, i) => {
    const r = JSON.parse(lines[i % lines.length]);
    const round = Math.floor(i / lines.length);
    return round === 0
      ? r
      : { ...r, id: `${r.id}-r${round}`, question: `${r.question} (round ${round})` };
  });
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}
const dataset = datasetOf(N);

const stub = await startSharedStub(root, LATENCY);
const python = PEER ? await ensureDspyPeerVenv(log) : null;
const citedEnv = {
  CITED_LLM_PROVIDER: 'openai-compatible',
  CITED_LLM_BASE_URL: stub.cited,
  CITED_LLM_MODEL: 'bench-stub',
  CITED_INDEX_DIR: join(work, 'index'),
  CITED_SPOOL_DIR: join(work, 'spool'),
  MLFLOW_ENABLE_TELEMETRY: 'false',
};
const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
const cited = (args, env, onSpawn) =>
  run(process.execPath, [...nodeArgs, main, ...args], {
    cwd: root,
    env: { ...citedEnv, ...env },
    onSpawn,
  });

// Let the server finish what the client's last requests started before its CPU is read.
const withFreshServer = (name, fn) =>
  withFreshServerIn({ work, name, settleMs: 500, workers: WORKERS }, fn);

/**
 * Follows a run every 250 ms: when the stub answered its last LLM call (the evaluation's end,
 * the rest of the run is start-up before and the flush of traces after) and the server's CPU
 * by then. Returns `stop()`, which gives the timeline's summary.
 */
function followRun(server) {
  const t0 = Date.now();
  const samples = [];
  const sample = async () => {
    const calls = (await stub.counts()).total;
    samples.push({
      t: (Date.now() - t0) / 1000,
      calls,
      cpu: server ? groupCpuSeconds(server.pid) : 0,
    });
  };
  const timer = setInterval(() => void sample().catch(() => undefined), 250);
  return {
    async stop() {
      clearInterval(timer);
      await sample();
      const wall = (Date.now() - t0) / 1000;
      const last = samples.at(-1);
      const first = samples.find((s) => s.calls === last.calls && s.calls > 0) ?? last;
      const cpu0 = samples[0]?.cpu ?? 0;
      return {
        evalEndS: first.t,
        afterEvalS: wall - first.t,
        serverCpuByEvalEnd: first.cpu - cpu0,
        serverCpuAfterEvalEnd: last.cpu - first.cpu,
      };
    },
  };
}

async function citedRun(label, extra, mlflow) {
  const experiment = `bench-${label}`;
  const go = async (uri, server) => {
    await stub.reset();
    const timeline = followRun(server);
    const r = await cited(
      [
        'eval',
        '--pipeline',
        'baseline',
        '--dataset',
        dataset,
        '--concurrency',
        String(CONCURRENCY),
        '--json',
        // Every variant pays the stub, as the peer does: the request cache would answer every
        // run after the first from disk.
        '--no-cache',
        ...extra,
      ],
      { MLFLOW_TRACKING_URI: uri, MLFLOW_EXPERIMENT_NAME: experiment },
    );
    const timing = await timeline.stop();
    const result = lastJson(r.out);
    const traces =
      result.experimentId && mlflow ? await countTraces(uri, result.experimentId) : null;
    return {
      wall: r.wall,
      examples: result.counts.examples,
      errors: result.counts.errors,
      llmCalls: (await stub.counts()).total,
      traces,
      ...timing,
    };
  };
  if (!mlflow) {
    rmSync(citedEnv.CITED_SPOOL_DIR, { recursive: true, force: true });
    return go('http://127.0.0.1:9');
  }
  return withFreshServer(label, go);
}

async function peerRun(label, traces) {
  return withFreshServer(label, async (uri) => {
    await stub.reset();
    const cache = mkdtempSync(join(work, 'dspy-cache-'));
    const r = await runPeerEval(root, {
      python,
      dataset,
      baseUrl: stub.dspy,
      uri,
      experiment: `bench-${label}`,
      traces,
      dataDir: peerData,
      cacheDir: cache,
    });
    rmSync(cache, { recursive: true, force: true });
    const id = await experimentIdOf(uri, `bench-${label}`);
    return {
      wall: r.wall,
      examples: r.report.examples,
      score: r.report.score,
      traceFlush: r.report.trace_flush_s,
      llmCalls: (await stub.counts()).total,
      traces: id ? await countTraces(uri, id) : 0,
    };
  });
}

const VARIANTS = {
  'cited traces': () => citedRun('cited-traces', [], true),
  'cited no traces': () => citedRun('cited-no-traces', ['--no-traces'], true),
  'cited spool': () => citedRun('cited-spool', [], false),
  ...(PEER
    ? {
        'peer traces': () => peerRun('peer-traces', true),
        'peer no traces': () => peerRun('peer-no-traces', false),
      }
    : {}),
};

const results = {};
try {
  await cited(['ingest', '--corpus', join(assets, 'corpus'), '--json'], {
    MLFLOW_TRACKING_URI: 'http://127.0.0.1:9',
  });
  const names = Object.keys(VARIANTS);
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate: the sides see the same drift of a shared machine.
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const load = loadavg()[0];
      const r = { ...(await VARIANTS[name]()), load, round };
      (results[name] ??= []).push(r);
      log(
        `round ${round + 1} ${name}: wall ${r.wall.toFixed(2)} s` +
          (r.serverCpu === undefined ? '' : `, MLflow server CPU ${r.serverCpu.toFixed(2)} s`) +
          `, ${r.examples} examples, traces ${r.traces ?? '-'}, LLM calls ${r.llmCalls}` +
          (r.evalEndS === undefined
            ? ''
            : `; last LLM call at ${r.evalEndS.toFixed(1)} s, then ${r.afterEvalS.toFixed(1)} s to exit` +
              (r.serverCpu === undefined
                ? ''
                : ` (server CPU ${r.serverCpuByEvalEnd.toFixed(1)} s by then, ${r.serverCpuAfterEvalEnd.toFixed(1)} s after)`)) +
          (r.errors ? `, errors ${r.errors}` : '') +
          ` (load ${load.toFixed(1)})`,
      );
    }
  }
} finally {
  stub.stop();
}

const med = (name, f) => (results[name] ? median(results[name].map(f)) : null);
const perRound = (a, b, f) =>
  results[a] && results[b] ? results[a].map((r, i) => f(r) / f(results[b][i])) : null;
const summary = {
  wall: Object.fromEntries(Object.keys(results).map((k) => [k, med(k, (r) => r.wall)])),
  serverCpu: Object.fromEntries(
    Object.keys(results).map((k) => [k, med(k, (r) => r.serverCpu ?? null)]),
  ),
  wallRatioVsPeer: perRound('cited traces', 'peer traces', (r) => r.wall),
  serverCpuRatioVsPeer: perRound('cited traces', 'peer traces', (r) => r.serverCpu),
  loggingOverheadVsSpool: perRound('cited traces', 'cited spool', (r) => r.wall)?.map((x) => x - 1),
  // Where the evaluation ended (the stub's last LLM call) and how long the run took after it.
  evalEndS: Object.fromEntries(Object.keys(results).map((k) => [k, med(k, (r) => r.evalEndS)])),
  afterEvalS: Object.fromEntries(Object.keys(results).map((k) => [k, med(k, (r) => r.afterEvalS)])),
};
log(
  `\nmedians: wall ${JSON.stringify(summary.wall)}\n         server CPU ${JSON.stringify(summary.serverCpu)}`,
);
if (summary.wallRatioVsPeer) {
  const w = median(summary.wallRatioVsPeer);
  const c = median(summary.serverCpuRatioVsPeer);
  log(
    `cited traces / peer traces: wall ×${w.toFixed(3)} (goal ≤ 0.5: ${w <= 0.5 ? 'met' : 'MISSED'}), server CPU ×${c.toFixed(3)} (goal ≤ 0.5: ${c <= 0.5 ? 'met' : 'MISSED'})`,
  );
}
const plain = summary.wall['cited no traces'];
const ideal = (N * LATENCY) / 1000 / CONCURRENCY;
log(
  `cited without traces ${plain.toFixed(2)} s vs ${(1.15 * ideal + 3).toFixed(2)} s (1.15 × ideal ${ideal.toFixed(2)} s + 3 s): ${plain <= 1.15 * ideal + 3 ? 'met' : 'MISSED'}`,
);
const o = median(summary.loggingOverheadVsSpool);
log(
  `MLflow logging (runs + traces) vs spool only: ${(o * 100).toFixed(1)}% (goal < 10%: ${o < 0.1 ? 'met' : 'MISSED'})`,
);
for (const k of ['cited traces', 'cited no traces', 'cited spool'])
  if (summary.evalEndS[k] !== null)
    log(
      `${k}: last LLM call at ${summary.evalEndS[k].toFixed(2)} s, exit ${summary.afterEvalS[k].toFixed(2)} s later (medians)`,
    );

// Peak RSS of `eval` on many examples (extractive: no LLM), traces on versus off.
let rss = null;
if (RSS_N > 0) {
  const big = datasetOf(RSS_N);
  const peak = async (label, extra) =>
    withFreshServer(label, async (uri) => {
      let watch;
      const r = await cited(
        [
          'eval',
          '--pipeline',
          'extractive',
          '--dataset',
          big,
          '--concurrency',
          String(CONCURRENCY),
          '--json',
          ...extra,
        ],
        { MLFLOW_TRACKING_URI: uri, MLFLOW_EXPERIMENT_NAME: `bench-${label}` },
        (child) => (watch = watchPeakRss(child.pid)),
      );
      return { wall: r.wall, peakRssMb: watch.stop(), examples: lastJson(r.out).counts.examples };
    });
  const on = await peak('rss-traces', []);
  const off = await peak('rss-no-traces', ['--no-traces']);
  rss = { examples: RSS_N, traces: on, noTraces: off, growthMb: on.peakRssMb - off.peakRssMb };
  log(
    `${RSS_N} examples (extractive): peak RSS ${on.peakRssMb.toFixed(0)} MB with traces (${on.wall.toFixed(1)} s), ${off.peakRssMb.toFixed(0)} MB without (${off.wall.toFixed(1)} s): +${rss.growthMb.toFixed(0)} MB (goal < 100 MB: ${rss.growthMb < 100 ? 'met' : 'MISSED'})`,
  );
}

writeFileSync(
  join(dataDir, 'results.json'),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.versions.node,
      examples: N,
      rounds: ROUNDS,
      latencyMs: LATENCY,
      concurrency: CONCURRENCY,
      loadAverage: loadavg(),
      results,
      summary,
      rss,
    },
    null,
    2,
  ),
);
rmSync(work, { recursive: true, force: true });
log(
  `results: ${join(dataDir, 'results.json')}; load average now ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
