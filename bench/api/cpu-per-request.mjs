// CPU per request of the built API (extractive pipeline), measured in the server process
// (/proc/<pid>/stat user+system delta) over N requests at modest concurrency, after a warm-up.
// Robust on a shared machine: CPU time, unlike throughput, does not depend on other load.
// Usage: node bench/api/cpu-per-request.mjs [requests=5000] [--prof] [--baseline] [--control]
// (--prof writes a V8 CPU profile into bench/.data/api/prof/, sampled every PROF_INTERVAL_US µs,
// default 1000; --baseline measures the `baseline` pipeline against the LLM stub of bench (b)
// in its own process, 50 ms per call, 32 connections; --control asks bench (a)'s control
// questions, made-up words no document contains, so the cost is the API's own request handling).
// BENCH_LOG_LEVEL: the API's log level (default info).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  controlQuestion,
  dataDir,
  datasetQuestion,
  root,
  spawnJson,
  startApi,
  stopChildren,
  stubLlmEnv,
} from './api-process.mjs';
import { cpuPerRequest } from './answer-load.mjs';

const N = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5000);
const PROF = process.argv.includes('--prof');
const BASELINE = process.argv.includes('--baseline');
const CONTROL = process.argv.includes('--control');

mkdirSync(join(dataDir, 'prof'), { recursive: true });
const stub = BASELINE
  ? await spawnJson([join(root, 'bench/api/llm-stub-process.mjs'), '50'])
  : undefined;
const api = await startApi(
  'cpu-per-request',
  {
    CITED_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    ...(stub ? stubLlmEnv(stub.first.baseUrl) : {}),
  },
  PROF
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${join(dataDir, 'prof')}`,
        `--cpu-prof-interval=${process.env.PROF_INTERVAL_US ?? 1000}`,
      ]
    : [],
);
const {
  result: r,
  cpuMs,
  userMs,
} = await cpuPerRequest(api.child.pid, api.base, {
  warmup: 2000,
  amount: N,
  connections: BASELINE ? 32 : 8,
  idPrefix: 'cpu',
  question: CONTROL ? controlQuestion : datasetQuestion,
  extraBody: BASELINE ? { pipeline: 'baseline' } : {},
});
// The profile is written on exit: wait for it.
const exited = new Promise((res) => api.child.once('exit', res));
stopChildren();
await exited;
console.log(
  JSON.stringify({
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    cpuMsPerRequest: Number(cpuMs.toFixed(3)),
    userMsPerRequest: Number(userMs.toFixed(3)),
    rps: Math.round(r.requests.average),
  }),
);
