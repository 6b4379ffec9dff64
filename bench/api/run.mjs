// API load benchmark, autocannon on loopback against the built API (`node dist/apps/api/main.js`)
// run as a separate process (API keys off, rate limit raised out of the way).
// (a) extractive pipeline on the bundled corpus at 50 connections: req/s, CPU per request and
//     p99 of the build under test, and — with BENCH_A_BEFORE=<main.js of an earlier build> —
//     of that build in the same run, the two in alternating rounds so both see the same drift
//     of a shared machine. Guardrail: the median over rounds of the build's p99 < 35 ms, 0 errors.
// (b) `baseline` pipeline against the OpenAI-compatible stub (200 ms latency, own process),
//     100 connections for 60 s after a 30 s warm-up at the same load: goal p99 ≤ 1.3 × (LLM calls per question × 200 ms) + 20 ms,
//     0 errors, RSS at 60 s within 10% of RSS at 10 s.
// (c) MLflow answer traces: (a)'s load on an API with CITED_TRACE_SAMPLE=1 and one with 0, both
//     exporting to one fresh MLflow server, alternating rounds (trace-sampling.mjs): CPU per
//     request ×≤ 1.15, p99 < 35 ms with sampling 1, 0 errors. (a) and (b) run with sampling 0.
// Questions rotate through the bundled dataset (228 questions) and each carries a unique
// request id; the API has no answer cache, so every request runs retrieval and the pipeline.
// Run with `npm run bench:api` (builds first). Env: BENCH_A_SECONDS (10, per side and round),
// BENCH_A_ROUNDS (4), BENCH_A_CONNECTIONS (50), BENCH_A_BEFORE (unset: the build alone),
// BENCH_WARMUP_SECONDS (5), BENCH_B_SECONDS (60), BENCH_B_CONNECTIONS (100),
// BENCH_B_WARMUP_SECONDS (30), BENCH_LOG_LEVEL (info: the API's production default),
// BENCH_LATENCY_MS (200), BENCH_ONLY (a|b|c), BENCH_C_ROUNDS (4), BENCH_C_SINK (1: (c) also
// runs with the spans going to a sink instead of MLflow, see trace-sampling.mjs), BENCH_C_PIN (1:
// (c) also runs with MLflow on CPU 1 and the APIs and the load on CPU 0), BENCH_API_MAIN (the build under test; default
// dist/apps/api/main.js); CITED_HEAP_GROWING_PERCENT, when set, is passed to the API (0: V8's
// default heap growing, the control of the RSS criterion).
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { median } from '../shared/median.mjs';
import { answerLoad } from './answer-load.mjs';
import { benchTraceSampling } from './trace-sampling.mjs';
import {
  cpuMs,
  dataDir,
  defaultApiMain,
  root,
  rssMb,
  spawnJson,
  startApi,
  stopChildren,
  stubLlmEnv,
} from './api-process.mjs';

const A_SECONDS = Number(process.env.BENCH_A_SECONDS ?? 10);
const A_ROUNDS = Number(process.env.BENCH_A_ROUNDS ?? 4);
const A_CONNECTIONS = Number(process.env.BENCH_A_CONNECTIONS ?? 50);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const B_SECONDS = Number(process.env.BENCH_B_SECONDS ?? 60);
const B_CONNECTIONS = Number(process.env.BENCH_B_CONNECTIONS ?? 100);
const B_WARMUP_SECONDS = Number(process.env.BENCH_B_WARMUP_SECONDS ?? 30);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 200);
const ONLY = process.env.BENCH_ONLY;
const HEAP_ENV =
  process.env.CITED_HEAP_GROWING_PERCENT === undefined
    ? {}
    : { CITED_HEAP_GROWING_PERCENT: process.env.CITED_HEAP_GROWING_PERCENT };
/** What both API processes take from the bench's own environment. */
const API_ENV = { CITED_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', ...HEAP_ENV };
/** (a) and (b) measure the API without MLflow answer traces (on by default in local mode). */
const UNTRACED = { CITED_TRACE_SAMPLE: '0' };

const log = (m) => process.stderr.write(`${m}\n`);

/** One autocannon run; each request gets the next question and a unique request id. */
async function load(url, { connections, seconds, extraBody = {} }) {
  const result = await answerLoad(url, { connections, duration: seconds, extraBody });
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

const fmt = (r) =>
  `${r.rps.toFixed(0)} req/s, ${r.cpuMsPerRequest?.toFixed(2) ?? '?'} ms CPU/request, p50 ${r.p50} ms, p90 ${r.p90} ms, p99 ${r.p99} ms, max ${r.max} ms, ` +
  `${r.requests} requests, non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}`;

async function benchA() {
  const builds = { after: { main: defaultApiMain(), label: 'this build' } };
  if (process.env.BENCH_A_BEFORE)
    builds.before = { main: process.env.BENCH_A_BEFORE, label: 'before' };
  log(
    `(a) extractive, ${A_CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up each, then ` +
      `${A_ROUNDS} rounds of ${A_SECONDS} s per build in alternating order: ` +
      Object.values(builds)
        .map((b) => `${b.label} ${b.main}`)
        .join(', '),
  );
  const sides = {};
  for (const [key, build] of Object.entries(builds)) {
    const api = await startApi(
      `a-extractive-${key}`,
      { ...API_ENV, ...UNTRACED, CITED_INDEX_DIR: join(dataDir, `index-${key}`) },
      [],
      { main: build.main },
    );
    sides[key] = { ...build, url: api.base, child: api.child };
  }
  const measure = async (side) => {
    const cpu0 = cpuMs(side.child.pid);
    const r = await load(side.url, { connections: A_CONNECTIONS, seconds: A_SECONDS });
    r.cpuMsPerRequest = (cpuMs(side.child.pid) - cpu0) / r.requests;
    return r;
  };
  for (const side of Object.values(sides))
    await load(side.url, { connections: A_CONNECTIONS, seconds: WARMUP_SECONDS });
  const keys = Object.keys(sides);
  const rounds = [];
  for (let i = 0; i < A_ROUNDS; i++) {
    const order = i % 2 === 0 ? keys : [...keys].reverse();
    const round = {};
    for (const k of order) {
      round[k] = await measure(sides[k]);
      log(`  round ${i + 1} ${sides[k].label}: ${fmt(round[k])}`);
    }
    rounds.push(round);
  }
  for (const side of Object.values(sides)) side.child.kill('SIGTERM');
  const summary = {};
  for (const k of keys) {
    const of = (f) => median(rounds.map((r) => r[k][f]));
    summary[k] = {
      rps: of('rps'),
      cpuMsPerRequest: of('cpuMsPerRequest'),
      p99: of('p99'),
      p99Max: Math.max(...rounds.map((r) => r[k].p99)),
      failures: rounds.reduce((n, r) => n + r[k].errors + r[k].non2xx + r[k].timeouts, 0),
    };
    const s = summary[k];
    log(
      `  ${sides[k].label}: medians of rounds ${s.rps.toFixed(0)} req/s, ` +
        `${s.cpuMsPerRequest.toFixed(3)} ms CPU/request, p99 ${s.p99} ms (worst round ${s.p99Max} ms), errors ${s.failures}`,
    );
  }
  const ratio = (f) =>
    summary.before ? median(rounds.map((r) => r.after[f] / r.before[f])) : null;
  const ratios = summary.before
    ? { rps: ratio('rps'), cpuMsPerRequest: ratio('cpuMsPerRequest'), p99: ratio('p99') }
    : null;
  if (ratios)
    log(
      `  this build / before, median of rounds: req/s ×${ratios.rps.toFixed(3)}, ` +
        `CPU/request ×${ratios.cpuMsPerRequest.toFixed(3)}, p99 ×${ratios.p99.toFixed(3)}`,
    );
  const pass = summary.after.p99 < 35 && summary.after.failures === 0;
  log(
    `  guardrail: median p99 ${summary.after.p99} ms < 35 ms, 0 errors: ${pass ? 'PASS' : 'FAIL'}`,
  );
  return { builds, rounds, summary, ratios, pass };
}

async function benchB() {
  log(`(b) baseline vs stub (${LATENCY_MS} ms), ${B_CONNECTIONS} connections, ${B_SECONDS} s`);
  const stub = await spawnJson([join(root, 'bench/api/llm-stub-process.mjs'), String(LATENCY_MS)]);
  const api = await startApi('b-baseline', {
    ...API_ENV,
    ...UNTRACED,
    ...stubLlmEnv(stub.first.baseUrl),
  });
  // Warm-up at full load, not counted: JIT, connection pools, and the heap growing to its
  // working size (it plateaus after ~20 s), so the 10 s / 60 s RSS comparison looks for leaks.
  const warm = await load(api.base, {
    connections: B_CONNECTIONS,
    seconds: B_WARMUP_SECONDS,
    extraBody: { pipeline: 'baseline' },
  });
  const cpu0 = cpuMs(api.child.pid);
  const rss = { series: [] };
  const t10 = setTimeout(() => (rss.at10s = rssMb(api.child.pid)), 10_000);
  const t60 = setTimeout(
    () => (rss.at60s = rssMb(api.child.pid)),
    Math.min(60, B_SECONDS) * 1000 - 250,
  );
  const every5 = setInterval(() => rss.series.push(Math.round(rssMb(api.child.pid))), 5_000);
  const r = await load(api.base, {
    connections: B_CONNECTIONS,
    seconds: B_SECONDS,
    extraBody: { pipeline: 'baseline' },
  });
  clearTimeout(t10);
  clearTimeout(t60);
  clearInterval(every5);
  r.cpuMsPerRequest = (cpuMs(api.child.pid) - cpu0) / r.requests;
  api.child.kill('SIGTERM');
  const counted = new Promise((res) =>
    stub.lines.on('line', (l) => {
      const m = JSON.parse(l);
      if (typeof m.chatRequests === 'number') res(m.chatRequests);
    }),
  );
  stub.child.kill('SIGTERM');
  const chats = await counted;
  // The stub counted the warm-up's calls too.
  const callsPerQuestion = Math.max(1, Math.round(chats / Math.max(1, warm.requests + r.requests)));
  const p99Goal = 1.3 * callsPerQuestion * LATENCY_MS + 20;
  const rssGrowth = (rss.at60s - rss.at10s) / rss.at10s;
  const errors = r.errors + r.non2xx + r.timeouts;
  const pass = r.p99 <= p99Goal && errors === 0 && Math.abs(rssGrowth) <= 0.1;
  log(`  ${fmt(r)}`);
  log(
    `  LLM chat calls ${chats} (≈ ${callsPerQuestion}/question) → p99 goal ≤ ${p99Goal} ms; ` +
      `RSS ${rss.at10s?.toFixed(1)} MB at 10 s, ${rss.at60s?.toFixed(1)} MB at 60 s ` +
      `(${(rssGrowth * 100).toFixed(1)}%; every 5 s: ${rss.series.join(' ')}): ${pass ? 'PASS' : 'FAIL'}`,
  );
  return { result: r, chats, callsPerQuestion, p99Goal, rss, rssGrowth, pass };
}

const loadBefore = os.loadavg();
const started = new Date();
let a = null;
let b = null;
let c = null;
let cSink = null;
let cPinned = null;
try {
  if (ONLY === undefined || ONLY === 'a') a = await benchA();
  if (ONLY === undefined || ONLY === 'b') b = await benchB();
  const runC = ONLY === undefined || ONLY === 'c';
  const cOptions = {
    env: API_ENV,
    seconds: A_SECONDS,
    rounds: Number(process.env.BENCH_C_ROUNDS ?? A_ROUNDS),
    connections: A_CONNECTIONS,
    warmupSeconds: WARMUP_SECONDS,
  };
  if (runC) c = await benchTraceSampling(cOptions);
  if (runC && process.env.BENCH_C_SINK === '1')
    cSink = await benchTraceSampling({ ...cOptions, sink: true });
  if (runC && process.env.BENCH_C_PIN === '1')
    cPinned = await benchTraceSampling({ ...cOptions, pin: true });
} finally {
  stopChildren();
}
const report = {
  date: started.toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  memGiB: Math.round(os.totalmem() / 2 ** 30),
  loadavgBefore: loadBefore,
  loadavgAfter: os.loadavg(),
  settings: {
    A_SECONDS,
    A_ROUNDS,
    A_CONNECTIONS,
    WARMUP_SECONDS,
    B_SECONDS,
    B_CONNECTIONS,
    B_WARMUP_SECONDS,
    LATENCY_MS,
    ...HEAP_ENV,
  },
  a,
  b,
  c,
  cSink,
  cPinned,
};
mkdirSync(dataDir, { recursive: true });
const out = join(dataDir, 'results.json');
writeFileSync(`${out}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
renameSync(`${out}.tmp`, out);
for (const k of ['before', 'after'])
  rmSync(join(dataDir, `program-cache-a-extractive-${k}`), { recursive: true, force: true });
rmSync(join(dataDir, 'program-cache-b-baseline'), { recursive: true, force: true });
for (const k of ['sample0', 'sample1'])
  rmSync(join(dataDir, `program-cache-c-traces-${k}`), { recursive: true, force: true });
log(
  `load average before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${report.loadavgAfter.map((x) => x.toFixed(2)).join(' ')}`,
);
log(`results: ${out}`);
// The sink mode is a measurement of the API's own cost, not one of the pass criteria.
process.exitCode = [a, b, c].every((x) => x === null || x.pass) ? 0 : 1;
