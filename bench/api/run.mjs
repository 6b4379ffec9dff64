// API load benchmark (issue 10), autocannon on loopback against `node dist/apps/api/main.js`
// run as a separate process (API keys off, rate limit raised out of the way).
// (a) extractive pipeline on the bundled corpus vs a bare Fastify JSON endpoint, same run,
//     same client: goal ≥ 40% of its throughput and p99 < 25 ms at 50 connections.
// (b) `baseline` pipeline against the OpenAI-compatible stub (200 ms latency, own process),
//     100 connections for 60 s after a 30 s warm-up at the same load: goal p99 ≤ 1.3 × (LLM calls per question × 200 ms) + 20 ms,
//     0 errors, RSS at 60 s within 10% of RSS at 10 s.
// Questions rotate through the bundled dataset (228 questions) and each carries a unique
// request id; the API has no answer cache, so every request runs retrieval and the pipeline.
// Run with `npm run bench:api` (builds first). Env: BENCH_A_SECONDS (10, per side and round),
// BENCH_A_ROUNDS (4), BENCH_A_CONNECTIONS
// (50), BENCH_WARMUP_SECONDS (5), BENCH_B_SECONDS (60), BENCH_B_CONNECTIONS (100),
// BENCH_B_WARMUP_SECONDS (30), BENCH_LOG_LEVEL (info: the API's production default),
// BENCH_LATENCY_MS (200), BENCH_ONLY (a|b), BENCH_A_CONTROL (1; 0 leaves out (a)'s control side,
// below), BENCH_A_WORKERS (1; n > 1 runs both (a) servers, bare and API, as n `node:cluster`
// workers each via workers.mjs: an experiment, not a supported way to run the API);
// CITED_HEAP_GROWING_PERCENT, when set, is passed to the API (0: V8's default heap
// growing, the control of the RSS criterion).
// (a)'s control side, not a goal: the same API process on questions made of words no document
// contains, so retrieval finds nothing and the pipeline abstains at once. Its ratio to the bare
// endpoint is what the API's own request handling (access check, validation, logging, metrics,
// tracing) leaves for any pipeline: the ceiling of (a)'s ratio.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { median } from '../shared/median.mjs';
import { answerLoad } from './answer-load.mjs';
import {
  controlQuestion,
  cpuMs,
  datasetQuestion,
  dataDir,
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
const A_CONTROL = process.env.BENCH_A_CONTROL !== '0';
const A_WORKERS = Number(process.env.BENCH_A_WORKERS ?? 1);
if (!Number.isInteger(A_WORKERS) || A_WORKERS < 1)
  throw new Error(`BENCH_A_WORKERS must be an integer ≥ 1, got "${process.env.BENCH_A_WORKERS}"`);
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

const log = (m) => process.stderr.write(`${m}\n`);

/** One autocannon run; each request gets the next question and a unique request id. */
async function load(url, { connections, seconds, extraBody = {}, question = datasetQuestion }) {
  const result = await answerLoad(url, { connections, duration: seconds, extraBody, question });
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

const pct = (x) => `${(x * 100).toFixed(1)}%`;
const fmt = (r) =>
  `${r.rps.toFixed(0)} req/s, ${r.cpuMsPerRequest?.toFixed(2) ?? '?'} ms CPU/request, p50 ${r.p50} ms, p90 ${r.p90} ms, p99 ${r.p99} ms, max ${r.max} ms, ` +
  `${r.requests} requests, non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}`;

/** Fails unless an unanswerable question really retrieves nothing and abstains (see the header). */
async function checkControlQuestion(base) {
  const res = await fetch(`${base}/v1/answer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question: controlQuestion(0) }),
  });
  const body = await res.json();
  if (res.status !== 200 || body.abstained !== true || body.citations.length !== 0)
    throw new Error(
      `(a) control: "${controlQuestion(0)}" did not abstain: ${res.status} ${JSON.stringify(body).slice(0, 300)}`,
    );
}

async function benchA() {
  log(
    `(a) ${A_CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up each, then ${A_ROUNDS} rounds ` +
      `of ${A_SECONDS} s per side in rotating order${A_CONTROL ? ' (with the control side)' : ''}` +
      (A_WORKERS > 1 ? `, each server as ${A_WORKERS} cluster workers` : ''),
  );
  const bareScript = join(root, 'bench/api/bare-fastify.mjs');
  const bare = await spawnJson(
    A_WORKERS > 1
      ? [join(root, 'bench/api/workers.mjs'), String(A_WORKERS), bareScript]
      : [bareScript],
  );
  const bareUrl = `http://127.0.0.1:${bare.first.port}`;
  const api = await startApi('a-extractive', API_ENV, [], { workers: A_WORKERS });
  const sides = {
    bare: { url: bareUrl, pid: bare.child.pid, label: 'bare Fastify' },
    api: { url: api.base, pid: api.child.pid, label: 'API extractive' },
  };
  if (A_CONTROL) {
    await checkControlQuestion(api.base);
    sides.control = {
      url: api.base,
      pid: api.child.pid,
      label: 'API control (unanswerable)',
      question: controlQuestion,
    };
  }
  // A side without its own questions gets load()'s default (the dataset's).
  const loadSide = (side, seconds) =>
    load(side.url, { connections: A_CONNECTIONS, seconds, question: side.question });
  const measure = async (side) => {
    const cpu0 = cpuMs(side.pid);
    const r = await loadSide(side, A_SECONDS);
    r.cpuMsPerRequest = (cpuMs(side.pid) - cpu0) / r.requests;
    return r;
  };
  for (const side of Object.values(sides)) await loadSide(side, WARMUP_SECONDS);
  // The machine's speed drifts between runs (the same bare endpoint measured 10k–15k req/s
  // minutes apart): rounds with the sides in rotating order, and the median of their ratios.
  const keys = Object.keys(sides);
  const rounds = [];
  for (let i = 0; i < A_ROUNDS; i++) {
    const order = keys.map((_, j) => keys[(i + j) % keys.length]);
    const round = {};
    for (const k of order) {
      round[k] = await measure(sides[k]);
      log(`  round ${i + 1} ${sides[k].label}: ${fmt(round[k])}`);
    }
    round.ratio = round.api.rps / round.bare.rps;
    if (round.control) round.controlRatio = round.control.rps / round.bare.rps;
    log(
      `  round ${i + 1} ratio ${pct(round.ratio)}` +
        (round.control ? `, control ratio ${pct(round.controlRatio)}` : ''),
    );
    rounds.push(round);
  }
  bare.child.kill('SIGTERM');
  api.child.kill('SIGTERM');
  const ratio = median(rounds.map((r) => r.ratio));
  const p99 = median(rounds.map((r) => r.api.p99));
  const p99Max = Math.max(...rounds.map((r) => r.api.p99));
  const failures = rounds.reduce((n, r) => n + r.api.errors + r.api.non2xx + r.api.timeouts, 0);
  const pass = ratio >= 0.4 && p99 < 25 && failures === 0;
  log(
    `  median ratio ${pct(ratio)} (rounds ${rounds.map((r) => pct(r.ratio)).join(' / ')}; goal ≥ 40%), ` +
      `API p99 median ${p99} ms, worst round ${p99Max} ms (goal < 25), errors ${failures}: ${pass ? 'PASS' : 'FAIL'}`,
  );
  const controlRatio = A_CONTROL ? median(rounds.map((r) => r.controlRatio)) : null;
  if (A_CONTROL)
    log(
      `  control (not a goal): median ratio ${pct(controlRatio)} (rounds ${rounds.map((r) => pct(r.controlRatio)).join(' / ')}), ` +
        `the most any pipeline could reach with the API's request handling as it is`,
    );
  return { rounds, ratio, p99, p99Max, failures, pass, controlRatio };
}

async function benchB() {
  log(`(b) baseline vs stub (${LATENCY_MS} ms), ${B_CONNECTIONS} connections, ${B_SECONDS} s`);
  const stub = await spawnJson([join(root, 'bench/api/llm-stub-process.mjs'), String(LATENCY_MS)]);
  const api = await startApi('b-baseline', {
    ...API_ENV,
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
try {
  if (ONLY !== 'b') a = await benchA();
  if (ONLY !== 'a') b = await benchB();
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
    A_CONTROL,
    A_WORKERS,
    WARMUP_SECONDS,
    B_SECONDS,
    B_CONNECTIONS,
    B_WARMUP_SECONDS,
    LATENCY_MS,
    ...HEAP_ENV,
  },
  a,
  b,
};
mkdirSync(dataDir, { recursive: true });
const out = join(dataDir, 'results.json');
writeFileSync(`${out}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
renameSync(`${out}.tmp`, out);
rmSync(join(dataDir, 'program-cache-a-extractive'), { recursive: true, force: true });
rmSync(join(dataDir, 'program-cache-b-baseline'), { recursive: true, force: true });
log(
  `load average before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${report.loadavgAfter.map((x) => x.toFixed(2)).join(' ')}`,
);
log(`results: ${out}`);
process.exitCode = (a === null || a.pass) && (b === null || b.pass) ? 0 : 1;
