// Where benchmark (a)'s goal sits against what the API has to do per request: CPU time per
// request, in one run, of
//   bare     the peer of (a): bench/api/bare-fastify.mjs (parse the body, answer a fixed object
//            of a real answer's shape and size);
//   pipeline the extractive pipeline alone, in this process, no HTTP: retrieval on the API's own
//            embedded index (bench/.data/api/index) plus the answer and its verification, topK 5,
//            tenant `default`, exactly as the API calls it;
//   pipelineInApi the same call inside the API, with its flag decision: the median
//            `timings.totalMs` of the api side's access log lines (wall time, which for this
//            synchronous pipeline is its CPU time);
//   control  the built API on (a)'s control questions (made-up words: retrieval finds nothing, the
//            pipeline abstains at once), i.e. the API's own request handling;
//   api      the built API on the dataset questions, as in (a);
//   apiNoLog the same at log level warn: no access log line (a duty of the API, measured here
//            only to size it).
// From these: the ratio (a) would reach if the API added nothing to Fastify but the pipeline
// (bare / (bare + pipeline), alone and inside the API), the CPU per request the 40% goal leaves
// for every other duty (access check, validation, flags, metrics, the scrubbed access log), and
// what those duties take. When both servers are CPU-bound, the throughput ratio of (a) is the
// inverse CPU ratio; with one process each, autocannon caps the bare side a little below its
// CPU bound, so (a) reads slightly above it.
// HTTP sides: autocannon, 8 connections, 2,000 warm-up requests, then N; CPU from /proc (user +
// system, the process and its children). Pipeline: 2,000 warm-up answers, then N, process CPU.
// Rounds alternate the sides; each figure is the median of the rounds.
// Usage: npm run bench:api:floor, or node bench/api/cpu-floor.mjs [N=20000] [rounds=3] after
// building api and dspy-pipeline. Result: bench/.data/api/floor.json.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { distRequire } from '../pipeline/dist-require.mjs';
import { median } from '../shared/median.mjs';
import {
  controlQuestion,
  dataDir,
  datasetQuestion,
  root,
  spawnJson,
  startApi,
  stopChildren,
} from './api-process.mjs';
import { cpuPerRequest } from './answer-load.mjs';

/** The positional argument at `index` as a positive integer, `fallback` when absent. */
function positiveArg(index, name, fallback) {
  const raw = process.argv[2 + index];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(
      `${name} must be an integer ≥ 1, got "${raw}" (usage: cpu-floor.mjs [N] [rounds])`,
    );
  return value;
}

const n = positiveArg(0, 'N', 20_000);
const rounds = positiveArg(1, 'rounds', 3);
const WARMUP = 2000;
const GOAL = 0.4;
const log = (m) => process.stderr.write(`${m}\n`);

/** CPU ms per request of the server `pid` at `base` over `n` requests (after a warm-up). */
async function httpCpu(pid, base, question) {
  const { result: r, cpuMs } = await cpuPerRequest(pid, base, {
    warmup: WARMUP,
    amount: n,
    connections: 8,
    idPrefix: 'floor',
    question,
  });
  if (r.errors > 0 || r.non2xx > 0)
    throw new Error(`${base}: ${r.errors} errors, ${r.non2xx} non-2xx responses`);
  return cpuMs;
}

async function bareSide() {
  const { child, first } = await spawnJson([join(root, 'bench/api/bare-fastify.mjs')]);
  const ms = await httpCpu(child.pid, `http://127.0.0.1:${first.port}`, datasetQuestion);
  await stop(child);
  return ms;
}

async function apiSide(question, logLevel = process.env.BENCH_LOG_LEVEL ?? 'info') {
  const api = await startApi('floor', { CITED_LOG_LEVEL: logLevel });
  const ms = await httpCpu(api.child.pid, api.base, question);
  await stop(api.child);
  return ms;
}

/**
 * Median `timings.totalMs` of the last `n` access log lines the API side wrote: the answer
 * service's time for the flag decision and the pipeline call, in wall time, which for the
 * synchronous extractive pipeline is CPU time.
 */
function pipelineInApiMs() {
  const totals = [];
  for (const line of readFileSync(join(dataDir, 'floor.log'), 'utf8').split('\n')) {
    if (!line.includes('"event":"request"')) continue;
    const total = JSON.parse(line).timings?.totalMs;
    if (typeof total === 'number') totals.push(total);
  }
  if (totals.length < n)
    throw new Error(
      `floor.log has ${totals.length} access log lines, want ${n}: the API side must log at info`,
    );
  return median(totals.slice(-n));
}

function stop(child) {
  const exited = new Promise((res) => child.once('exit', res));
  child.kill('SIGTERM');
  return exited;
}

/** The pipeline the API serves by default, on the index the API side built and saved. */
async function loadPipeline() {
  const lib = distRequire()('@cited/dspy-pipeline');
  const indexDir = join(dataDir, 'index');
  if (!existsSync(join(indexDir, 'CURRENT')))
    throw new Error(`${indexDir} holds no index: the API side builds it, run it first`);
  const index = await lib.EmbeddedIndex.load(indexDir);
  return new lib.ExtractivePipeline({ retriever: index });
}

async function pipelineSide(pipeline) {
  // No abort signal: the API gives none to the extractive pipeline over the embedded index.
  const answer = (i) => pipeline.answer(datasetQuestion(i), { tenantId: 'default', topK: 5 });
  for (let i = 0; i < WARMUP; i++) await answer(i);
  const c0 = process.cpuUsage();
  let cited = 0;
  for (let i = 0; i < n; i++) if ((await answer(i)).citations.length > 0) cited++;
  const c = process.cpuUsage(c0);
  if (cited === 0) throw new Error('the pipeline cited nothing: wrong index?');
  return (c.user + c.system) / 1000 / n;
}

const started = new Date();
const load0 = os.loadavg()[0];
const sides = { bare: [], pipeline: [], pipelineInApi: [], control: [], api: [], apiNoLog: [] };
// The API side first: it builds the index the pipeline side loads, when there is none yet.
sides.api.push(await apiSide(datasetQuestion));
sides.pipelineInApi.push(pipelineInApiMs());
const pipeline = await loadPipeline();
for (let r = 0; r < rounds; r++) {
  if (r > 0) {
    sides.api.push(await apiSide(datasetQuestion));
    sides.pipelineInApi.push(pipelineInApiMs());
  }
  sides.bare.push(await bareSide());
  sides.pipeline.push(await pipelineSide(pipeline));
  sides.control.push(await apiSide(controlQuestion));
  sides.apiNoLog.push(await apiSide(datasetQuestion, 'warn'));
  const last = Object.entries(sides).map(([k, v]) => `${k} ${v.at(-1)?.toFixed(4)}`);
  log(`round ${r + 1}/${rounds} (ms CPU per request): ${last.join(', ')}`);
}
stopChildren();

const m = Object.fromEntries(Object.entries(sides).map(([k, v]) => [k, median(v)]));
const us = (ms) => Math.round(ms * 1000 * 10) / 10;
const pct = (x) => Math.round(x * 1000) / 10;
const result = {
  date: started.toISOString(),
  machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`,
  load: [load0, os.loadavg()[0]].map((x) => Number(x.toFixed(2))),
  command: `node bench/api/cpu-floor.mjs ${n} ${rounds}`,
  requestsPerSide: n,
  rounds,
  cpuUsPerRequest: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, us(v)])),
  perRoundUs: Object.fromEntries(Object.entries(sides).map(([k, v]) => [k, v.map(us)])),
  // What (a) would read if the API added nothing to bare Fastify but the pipeline (as it runs
  // alone, and as it runs inside the API, where it shares the CPU caches with the HTTP work).
  ceilingPercent: pct(m.bare / (m.bare + m.pipeline)),
  ceilingInApiPercent: pct(m.bare / (m.bare + m.pipelineInApi)),
  // CPU ratios of the real API (what (a) reads when both sides are CPU-bound).
  apiPercent: pct(m.bare / m.api),
  controlPercent: pct(m.bare / m.control),
  apiNoLogPercent: pct(m.bare / m.apiNoLog),
  // CPU per request left at the goal for every other duty, beside the pipeline as it runs in
  // the API, and what those duties take there.
  dutyBudgetUsAtGoal: us(m.bare / GOAL - m.bare - m.pipelineInApi),
  dutiesUs: us(m.api - m.bare - m.pipelineInApi),
};
mkdirSync(dataDir, { recursive: true });
const out = join(dataDir, 'floor.json');
writeFileSync(`${out}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
renameSync(`${out}.tmp`, out);
console.log(JSON.stringify(result, null, 2));
