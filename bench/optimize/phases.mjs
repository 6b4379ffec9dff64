#!/usr/bin/env node
// Where an `optimize` run's wall time goes once the LLM wait is gone: runs the bench:optimize
// command (1 trial cold, the same warm, optionally 8 trials cold) against the shared 200 ms stub
// and a fresh MLflow server behind a recording proxy, and prints (1) the run's progress notes
// with their time since spawn, (2) every MLflow request (method, path, start, duration), grouped
// by endpoint, and (3) the time no MLflow request and no LLM call was in flight.
// Env: PHASES_TRIALS (1; "1,8" adds the 8-trial run), BENCH_EVAL_MAIN, PHASES_CPU_PROF (a folder:
// each run of the command writes a V8 CPU profile there, `node --cpu-prof`). Writes
// bench/.data/optimize/phases.json.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMlflowServer } from '../../tools/mlflow-server.mjs';
import { groupCpuSeconds } from '../eval/proc-stats.mjs';
import { makePeerData, startSharedStub } from '../eval/dspy-peer.mjs';
import { linkBuiltLibraries } from '../shared/built-libs-node-path.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const main = process.env.BENCH_EVAL_MAIN ?? join(root, 'dist/apps/eval-runner/main.js');
const TRIALS = (process.env.PHASES_TRIALS ?? '1').split(',').map(Number);
const log = (m) => process.stderr.write(`${m}\n`);
const work = mkdtempSync(join(tmpdir(), 'cited-optimize-phases-'));
linkBuiltLibraries(root, work);
const peerData = join(work, 'peer-data');
await makePeerData(root, peerData);
const dataset = join(peerData, 'optimize-50.jsonl');
const stub = await startSharedStub(root, 200);
// The command's own CPU time, written at exit by a preloaded hook.
const cpuHook = join(work, 'cpu-hook.cjs');
writeFileSync(
  cpuHook,
  "process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeFileSync(process.env.PHASES_CPU_FILE, String((u.user + u.system) / 1e6)); });\n",
);

/** A proxy in front of `target` that records each request's method, path, start and end. */
async function recordingProxy(target) {
  const t = new URL(target);
  const records = [];
  const server = createServer((req, res) => {
    const rec = { method: req.method, path: req.url.split('?')[0], start: performance.now() };
    const up = request(
      {
        host: t.hostname,
        port: t.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: t.host },
      },
      (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
        r.on('end', () => {
          rec.end = performance.now();
          rec.status = r.statusCode;
          records.push(rec);
        });
      },
    );
    req.pipe(up);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    uri: `http://127.0.0.1:${server.address().port}`,
    records,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

function runTimed(args, env) {
  const cpuFile = join(work, `cpu-${Date.now()}`);
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const notes = [];
    const prof = process.env.PHASES_CPU_PROF;
    const flags = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [];
    const child = spawn(process.execPath, [...flags, main, ...args], {
      cwd: root,
      env: {
        ...process.env,
        ...env,
        PHASES_CPU_FILE: cpuFile,
        NODE_OPTIONS: `--require ${cpuHook}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stdout.resume();
    child.stderr.on('data', (c) => {
      const at = (performance.now() - t0) / 1000;
      for (const line of String(c).split('\n')) if (line.trim()) notes.push({ at, line });
      err += c;
    });
    child.on('close', (code) =>
      code === 0
        ? done({
            t0,
            wall: (performance.now() - t0) / 1000,
            cpu: Number(readFileSync(cpuFile, 'utf8')),
            notes,
          })
        : fail(new Error(`exit ${code}: ${err.slice(-2000)}`)),
    );
  });
}

const endpointOf = (p) =>
  p
    .replace(/\/artifacts\/.*$/, '/artifacts/…')
    .replace(/logged-models\/[^/]+/, 'logged-models/{id}')
    .replace(/traces\/[^/]+/, 'traces/{id}');

function report(label, r, records, serverCpu) {
  const rel = records
    .filter((x) => x.start >= r.t0)
    .map((x) => ({ ...x, start: (x.start - r.t0) / 1000, end: (x.end - r.t0) / 1000 }));
  log(
    `\n== ${label}: wall ${r.wall.toFixed(2)} s, CPU ${r.cpu.toFixed(2)} s (command) + ${serverCpu.toFixed(2)} s (MLflow server), ${rel.length} MLflow requests`,
  );
  for (const n of r.notes) log(`  ${n.at.toFixed(2)} s  ${n.line.slice(0, 110)}`);
  const groups = {};
  for (const x of rel) {
    const g = (groups[`${x.method} ${endpointOf(x.path)}`] ??= { n: 0, s: 0 });
    g.n++;
    g.s += x.end - x.start;
  }
  for (const [k, g] of Object.entries(groups).sort((a, b) => b[1].s - a[1].s))
    log(`  ${String(g.n).padStart(4)} × ${k}: ${g.s.toFixed(2)} s`);
  const first = rel.length ? Math.min(...rel.map((x) => x.start)) : 0;
  const last = rel.length ? Math.max(...rel.map((x) => x.end)) : 0;
  // Union of intervals during which at least one MLflow request was in flight.
  let busy = 0;
  let cur = -1;
  for (const x of [...rel].sort((a, b) => a.start - b.start)) {
    const s = Math.max(x.start, cur);
    if (x.end > s) busy += x.end - s;
    cur = Math.max(cur, x.end);
  }
  log(
    `  first MLflow request at ${first.toFixed(2)} s, last ends ${last.toFixed(2)} s; MLflow in flight ${busy.toFixed(2)} s`,
  );
  return {
    label,
    wall: r.wall,
    cpu: r.cpu,
    serverCpu,
    notes: r.notes,
    requests: rel,
    groups,
    busy,
  };
}

/** When LLM calls were in flight: first/last, slot-seconds used, and idle gaps between calls. */
function llmReport(r, records) {
  const rel = records
    .filter((x) => x.start >= r.t0)
    .map((x) => ({ start: (x.start - r.t0) / 1000, end: (x.end - r.t0) / 1000 }));
  if (rel.length === 0) return null;
  const first = Math.min(...rel.map((x) => x.start));
  const last = Math.max(...rel.map((x) => x.end));
  const slotSeconds = rel.reduce((a, x) => a + x.end - x.start, 0);
  // Time with fewer than 8 calls in flight between the first and the last call.
  const events = rel
    .flatMap((x) => [
      [x.start, 1],
      [x.end, -1],
    ])
    .sort((a, b) => a[0] - b[0]);
  let n = 0;
  let prev = first;
  const under = {};
  for (const [t, d] of events) {
    under[n] = (under[n] ?? 0) + (t - prev);
    prev = t;
    n += d;
  }
  const mean = slotSeconds / rel.length;
  log(
    `  LLM: ${rel.length} calls from ${first.toFixed(2)} s to ${last.toFixed(2)} s, mean ${(mean * 1000).toFixed(0)} ms each; seconds with k calls in flight: ${Object.entries(
      under,
    )
      .map(([k, v]) => `${k}:${v.toFixed(2)}`)
      .join(' ')}`,
  );
  return { first, last, calls: rel.length, meanSeconds: mean, inFlight: under, requests: rel };
}

const out = [];
try {
  const base = {
    CITED_LLM_PROVIDER: 'openai-compatible',
    CITED_LLM_BASE_URL: stub.cited,
    CITED_LLM_MODEL: 'bench-stub',
    CITED_LLM_CONCURRENCY: '8',
    CITED_INDEX_DIR: join(work, 'index'),
    CITED_SPOOL_DIR: join(work, 'spool'),
    MLFLOW_ENABLE_TELEMETRY: 'false',
    MLFLOW_TRACKING_URI: 'http://127.0.0.1:9',
  };
  const llmProxy = await recordingProxy(stub.cited.replace(/\/cited\/v1$/, ''));
  base.CITED_LLM_BASE_URL = `${llmProxy.uri}/cited/v1`;
  await runTimed(['ingest', '--corpus', join(root, 'libs/dspy-pipeline/assets/corpus')], base);
  const help = await runTimed(['--help'], base);
  log(`start-up (--help): ${help.wall.toFixed(2)} s`);
  for (const trials of TRIALS) {
    const server = await startMlflowServer({ dir: join(work, `mlflow-${trials}`), workers: 1 });
    const proxy = await recordingProxy(server.uri);
    try {
      const cache = mkdtempSync(join(work, 'llm-cache-'));
      const args = ['optimize', '--optimizer', 'bootstrap', '--dataset', dataset];
      args.push('--max-train', '50', '--max-demos', '4', '--trials', String(trials), '--seed', '0');
      const env = { ...base, MLFLOW_TRACKING_URI: proxy.uri, CITED_LLM_CACHE_DIR: cache };
      for (const pass of trials === 1 ? ['cold', 'warm'] : ['cold']) {
        await stub.reset();
        const cpu0 = groupCpuSeconds(server.pid);
        const r = await runTimed(args, { ...env, MLFLOW_EXPERIMENT_NAME: `phases-${pass}` });
        const serverCpu = groupCpuSeconds(server.pid) - cpu0;
        const calls = (await stub.counts()).total;
        const label = `${trials} trial(s) ${pass}, ${calls} LLM calls`;
        out.push({
          ...report(label, r, proxy.records, serverCpu),
          calls,
          llm: llmReport(r, llmProxy.records),
        });
      }
    } finally {
      proxy.close();
      await server.stop();
    }
  }
  llmProxy.close();
} finally {
  stub.stop();
}
const dataDir = join(root, 'bench/.data/optimize');
mkdirSync(dataDir, { recursive: true });
writeFileSync(join(dataDir, 'phases.json'), JSON.stringify(out, null, 2));
rmSync(work, { recursive: true, force: true });
