#!/usr/bin/env node
// bench:optimize — what an optimization costs in LLM calls and wall time, against the peer
// users would pick instead: Python DSPy 3 `BootstrapFewShot(max_bootstrapped_demos=4)` under
// `mlflow.dspy.autolog(log_compiles=True, log_evals=True)`, scoring the program on the dev rows
// before and after (`--with-dev-eval`, num_threads=8), two calls per question (`--verify`),
// from ../shared/bench/dspy-peer. Both sides: the same 50 train + 46 dev rows
// (optimize-50.jsonl), the same OpenAI-compatible stub (200 ms), a fresh MLflow server per run,
// cold caches (a fresh Cited request cache, a fresh DSPy disk cache), sides alternating round
// by round. Variants:
//   cited 1 trial       optimize --optimizer bootstrap --max-train 50 --max-demos 4 --trials 1
//                       --seed 0, CITED_LLM_CONCURRENCY=8, cold request cache
//   cited 1 trial warm  the same command again on the same cache (no LLM call expected)
//   cited 8 trials      the same with the default 8 trials, cold cache
//   peer                dspy_optimize.py --with-dev-eval --verify
// Goals: cited 1 trial ≤ 0.75 × the peer's LLM calls and ≤ 0.5 × its wall time; warm: 0 calls
// and wall ≤ start-up + 2 s (start-up = `eval-runner --help`); 8 trials: wall ≤ 1.2 × the
// LLM-bound floor computed from the run's own call counts (see floorOf).
// Env: BENCH_ROUNDS (3), BENCH_PEER (1; 0 skips the Python side), BENCH_DSPY_PEER (the peer's
// folder), BENCH_EVAL_MAIN (the eval-runner bundle). Run via `npm run bench:optimize`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../shared/median.mjs';
import { withFreshServer as withFreshServerIn } from '../shared/fresh-mlflow-server.mjs';
import { lastJson, makePeerData, peerDir, run, startSharedStub } from '../eval/dspy-peer.mjs';
import { linkBuiltLibraries } from '../shared/built-libs-node-path.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { ensureDspyPeerVenv } = await import(join(root, 'tools/dspy-peer-venv.mjs'));

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PEER = process.env.BENCH_PEER !== '0';
const LATENCY = 200;
const CONCURRENCY = 8;
const main = process.env.BENCH_EVAL_MAIN ?? join(root, 'dist/apps/eval-runner/main.js');
const dataDir = join(root, 'bench/.data/optimize');
const log = (m) => process.stderr.write(`${m}\n`);
mkdirSync(dataDir, { recursive: true });

const work = mkdtempSync(join(tmpdir(), 'cited-bench-optimize-'));
linkBuiltLibraries(root, work);
const peerData = join(work, 'peer-data');
log(`data: ${JSON.stringify(await makePeerData(root, peerData))}`);
const dataset = join(peerData, 'optimize-50.jsonl');

const stub = await startSharedStub(root, LATENCY);
const python = PEER ? await ensureDspyPeerVenv(log) : null;
const citedEnv = {
  CITED_LLM_PROVIDER: 'openai-compatible',
  CITED_LLM_BASE_URL: stub.cited,
  CITED_LLM_MODEL: 'bench-stub',
  CITED_LLM_CONCURRENCY: String(CONCURRENCY),
  CITED_INDEX_DIR: join(work, 'index'),
  CITED_SPOOL_DIR: join(work, 'spool'),
  MLFLOW_ENABLE_TELEMETRY: 'false',
};
const cited = (args, env = {}) =>
  run(process.execPath, [main, ...args], { cwd: root, env: { ...citedEnv, ...env } });

const withFreshServer = (name, fn) => withFreshServerIn({ work, name }, fn);

const optimizeArgs = (trials) => [
  'optimize',
  '--optimizer',
  'bootstrap',
  '--dataset',
  dataset,
  '--max-train',
  '50',
  '--max-demos',
  '4',
  '--trials',
  String(trials),
  '--seed',
  '0',
  '--json',
];

async function citedOnce(uri, trials, cacheDir, label) {
  await stub.reset();
  const r = await cited(optimizeArgs(trials), {
    MLFLOW_TRACKING_URI: uri,
    MLFLOW_EXPERIMENT_NAME: `bench-${label}`,
    CITED_LLM_CACHE_DIR: cacheDir,
  });
  const j = lastJson(r.out);
  return {
    wall: r.wall,
    llmCalls: (await stub.counts()).total,
    usage: j.usage,
    bootstrap: j.bootstrap,
    trials: j.trials.length,
    bestScore: j.bestScore,
    devRows: j.perSplit?.dev?.['count.examples'] ?? 46,
  };
}

/**
 * The LLM-bound floor of an optimization at concurrency c and latency L: its calls in their
 * dependent phases, each taking ⌈calls / c⌉ × L at best — (1) the baseline's dev calls beside
 * bootstrap's (whose waves of c rows follow each other), (2) every trial's dev calls (trials
 * overlap), (3) the final evaluation's calls that missed the cache (verifier calls; the
 * reasoner's replies are the best trial's). Start-up, retrieval and MLflow logging are not in it.
 */
function floorOf(r, dev = 46) {
  const answered = r.bootstrap?.answered ?? 0;
  const waves = Math.ceil(answered / CONCURRENCY);
  const phase1 = Math.max(waves, Math.ceil((dev + answered) / CONCURRENCY));
  const trialCalls = Math.max(0, (r.usage['search.llm_calls'] ?? 0) - dev - answered);
  const finalCalls = (r.usage['total.llm_calls'] ?? 0) - (r.usage['search.llm_calls'] ?? 0);
  const phases = phase1 + Math.ceil(trialCalls / CONCURRENCY) + Math.ceil(finalCalls / CONCURRENCY);
  return { seconds: (phases * LATENCY) / 1000, phases: { phase1, trialCalls, finalCalls } };
}

async function peerOnce(label) {
  return withFreshServer(label, async (uri) => {
    await stub.reset();
    const cache = mkdtempSync(join(work, 'dspy-cache-'));
    const r = await run(
      python,
      [
        join(peerDir(root), 'dspy_optimize.py'),
        dataset,
        stub.dspy,
        uri,
        `bench-${label}`,
        '--with-dev-eval',
        '--verify',
      ],
      {
        cwd: peerDir(root),
        env: { DSPY_PEER_DATA: peerData, MLFLOW_ENABLE_TELEMETRY: 'false', DSPY_CACHEDIR: cache },
      },
    );
    rmSync(cache, { recursive: true, force: true });
    const report = lastJson(r.out);
    return { wall: r.wall, llmCalls: (await stub.counts()).total, report };
  });
}

const VARIANTS = {
  'cited 1 trial': async (round) =>
    withFreshServer(`cited-1-${round}`, async (uri) => {
      const cache = mkdtempSync(join(work, 'llm-cache-'));
      const cold = await citedOnce(uri, 1, cache, `cited-1-${round}`);
      const warm = await citedOnce(uri, 1, cache, `cited-1-warm-${round}`);
      rmSync(cache, { recursive: true, force: true });
      return { ...cold, warm };
    }),
  'cited 8 trials': async (round) =>
    withFreshServer(`cited-8-${round}`, async (uri) => {
      const cache = mkdtempSync(join(work, 'llm-cache-'));
      const r = await citedOnce(uri, 8, cache, `cited-8-${round}`);
      rmSync(cache, { recursive: true, force: true });
      return { ...r, floor: floorOf(r) };
    }),
  ...(PEER ? { peer: (round) => peerOnce(`peer-${round}`) } : {}),
};

const results = {};
const startups = [];
try {
  await cited(['ingest', '--corpus', join(root, 'libs/dspy-pipeline/assets/corpus'), '--json'], {
    MLFLOW_TRACKING_URI: 'http://127.0.0.1:9',
  });
  const names = Object.keys(VARIANTS);
  for (let round = 0; round < ROUNDS; round++) {
    startups.push((await cited(['--help'])).wall);
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const load = loadavg()[0];
      const r = { ...(await VARIANTS[name](round)), load, round };
      (results[name] ??= []).push(r);
      log(
        `round ${round + 1} ${name}: wall ${r.wall.toFixed(2)} s, LLM calls ${r.llmCalls}` +
          (r.warm ? `; warm: wall ${r.warm.wall.toFixed(2)} s, LLM calls ${r.warm.llmCalls}` : '') +
          (r.floor ? `; LLM-bound floor ${r.floor.seconds.toFixed(2)} s` : '') +
          (r.bootstrap
            ? `; bootstrap ${r.bootstrap.demos} demos from ${r.bootstrap.tried} rows`
            : '') +
          ` (load ${load.toFixed(1)})`,
      );
    }
  }
} finally {
  stub.stop();
}

const one = results['cited 1 trial'];
const eight = results['cited 8 trials'];
const peer = results['peer'];
const startup = median(startups);
const summary = {
  startup,
  callsRatio: peer ? one.map((r, i) => r.llmCalls / peer[i].llmCalls) : null,
  wallRatio: peer ? one.map((r, i) => r.wall / peer[i].wall) : null,
  warmCalls: one.map((r) => r.warm.llmCalls),
  warmBeyondStartup: one.map((r) => r.warm.wall - startup),
  eightVsFloor: eight.map((r) => r.wall / r.floor.seconds),
};
const verdict = (ok) => (ok ? 'met' : 'MISSED');
if (summary.callsRatio) {
  const c = median(summary.callsRatio);
  const w = median(summary.wallRatio);
  log(
    `\ncited 1 trial / peer: LLM calls ×${c.toFixed(3)} (goal ≤ 0.75: ${verdict(c <= 0.75)}), wall ×${w.toFixed(3)} (goal ≤ 0.5: ${verdict(w <= 0.5)})`,
  );
}
const wb = median(summary.warmBeyondStartup);
log(
  `warm re-run: LLM calls ${summary.warmCalls.join(', ')} (goal 0: ${verdict(summary.warmCalls.every((c) => c === 0))}), wall ${wb.toFixed(2)} s beyond start-up ${startup.toFixed(2)} s (goal ≤ 2 s: ${verdict(wb <= 2)})`,
);
const f = median(summary.eightVsFloor);
log(`8 trials: wall ×${f.toFixed(3)} of the LLM-bound floor (goal ≤ 1.2: ${verdict(f <= 1.2)})`);
writeFileSync(
  join(dataDir, 'results.json'),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.versions.node,
      rounds: ROUNDS,
      latencyMs: LATENCY,
      concurrency: CONCURRENCY,
      loadAverage: loadavg(),
      results,
      summary,
    },
    null,
    2,
  ),
);
rmSync(work, { recursive: true, force: true });
log(`results: ${join(dataDir, 'results.json')}`);
