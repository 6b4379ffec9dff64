// (c) What MLflow answer traces cost the API: the extractive pipeline at 50 connections, one
// API with CITED_TRACE_SAMPLE=1 and one with 0, both exporting to the same fresh MLflow server,
// in alternating rounds. Goals: CPU per request with sampling 1 ≤ 1.15 × sampling 0; the p99
// guardrail (< 35 ms) holds with sampling 1; export never fails a request (traces the server
// cannot take are dropped and counted in /metrics, read here).
// With `sink: true` (BENCH_C_SINK=1) the APIs' spans go to a stand-in that takes them at once
// (otlp-sink.mjs; the experiment lookup still reaches the MLflow server): every sampled trace is
// built and exported, nothing is dropped, and MLflow's ingestion does not compete for the cores,
// so the ratio is the API's own cost of tracing every answer.
// With `pin: true` (BENCH_C_PIN=1) the MLflow server runs on CPU 1 alone and this process (the
// load generator) and both APIs on CPU 0 (`taskset`): the real server, but its ingestion no
// longer takes CPU from the APIs, as when MLflow runs on a machine of its own.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../shared/median.mjs';
import { answerLoad } from './answer-load.mjs';
import { cpuMs, dataDir, root, startApi } from './api-process.mjs';
import { startOtlpSink } from './otlp-sink.mjs';

const log = (m) => process.stderr.write(`${m}\n`);

/** Pids of process group `pgid` (the MLflow server and its workers). */
function groupPids(pgid) {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid;
      } catch {
        return false; // exited since it was listed
      }
    });
}

/** Restricts every thread of `pids` to `cpus` (e.g. '0'); children started later inherit it. */
function pinTo(cpus, pids) {
  for (const pid of pids) execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)]);
}

/** Sum of a Prometheus counter over its label sets, from a /metrics text. */
function counter(text, name) {
  let total = 0;
  for (const m of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+(?:\\.\\d+)?)$`, 'gm')))
    total += Number(m[1]);
  return total;
}

/**
 * Runs (c). `env` is what both APIs take from the bench (log level, heap setting); `seconds`,
 * `rounds`, `connections` and `warmupSeconds` as in (a).
 */
export async function benchTraceSampling({
  env,
  seconds,
  rounds,
  connections,
  warmupSeconds,
  sink: useSink = false,
  pin = false,
}) {
  const { startMlflowServer } = await import(join(root, 'tools/mlflow-server.mjs'));
  const { groupCpuSeconds } = await import(join(root, 'bench/eval/proc-stats.mjs'));
  const dir = mkdtempSync(join(tmpdir(), 'cited-bench-traces-'));
  const server = await startMlflowServer({ dir, workers: 1 });
  if (pin) {
    pinTo('1', groupPids(server.pid));
    pinTo('0', [process.pid]);
  }
  const sink = useSink ? await startOtlpSink(server.uri) : undefined;
  const uri = sink?.uri ?? server.uri;
  log(
    `(c) extractive, ${connections} connections, MLflow traces sampled 1 vs 0 → ${server.uri}` +
      (sink ? ` (spans to a sink at ${sink.uri})` : '') +
      (pin ? ' (MLflow pinned to CPU 1, the APIs and the load to CPU 0)' : ''),
  );
  const sides = {};
  try {
    for (const [key, sample] of [
      ['sample1', '1'],
      ['sample0', '0'],
    ]) {
      const api = await startApi(`c-traces-${key}`, {
        ...env,
        CITED_INDEX_DIR: join(dataDir, `index-c-${key}`),
        MLFLOW_TRACKING_URI: uri,
        CITED_TRACE_SAMPLE: sample,
        CITED_TRACE_EXPERIMENT: `bench-api-${key}`,
      });
      sides[key] = { ...api, sample };
    }
    for (const s of Object.values(sides))
      await answerLoad(s.base, { connections, duration: warmupSeconds });
    const serverCpu0 = groupCpuSeconds(server.pid);
    const results = [];
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 === 0 ? ['sample1', 'sample0'] : ['sample0', 'sample1'];
      const round = {};
      for (const k of order) {
        const s = sides[k];
        const c0 = cpuMs(s.child.pid);
        const m0 = groupCpuSeconds(server.pid);
        const t0 = performance.now();
        const r = await answerLoad(s.base, { connections, duration: seconds });
        round[k] = {
          rps: r.requests.average,
          requests: r.requests.total,
          cpuMsPerRequest: (cpuMs(s.child.pid) - c0) / r.requests.total,
          p99: r.latency.p99,
          failures: r.errors + r.non2xx + r.timeouts,
          // Cores the MLflow server kept busy meanwhile (ingesting this or the previous side's traces).
          mlflowCores: (groupCpuSeconds(server.pid) - m0) / ((performance.now() - t0) / 1000),
        };
        log(
          `  round ${i + 1} sampling ${s.sample}: ${round[k].rps.toFixed(0)} req/s, ` +
            `${round[k].cpuMsPerRequest.toFixed(3)} ms CPU/request, p99 ${round[k].p99} ms, failures ${round[k].failures}, ` +
            `MLflow server ${round[k].mlflowCores.toFixed(2)} cores`,
        );
      }
      results.push(round);
    }
    const metrics = await (await fetch(`${sides.sample1.base}/metrics`)).text();
    const traces = {
      exported: counter(metrics, 'cited_mlflow_traces_exported_total'),
      dropped: counter(metrics, 'cited_mlflow_traces_dropped_total'),
      droppedSpans: counter(metrics, 'cited_mlflow_spans_dropped_total'),
    };
    const serverCpu = groupCpuSeconds(server.pid) - serverCpu0;
    const ratio = median(results.map((r) => r.sample1.cpuMsPerRequest / r.sample0.cpuMsPerRequest));
    const p99 = median(results.map((r) => r.sample1.p99));
    const failures = results.reduce((n, r) => n + r.sample1.failures + r.sample0.failures, 0);
    const pass = ratio <= 1.15 && p99 < 35 && failures === 0;
    log(
      `  ${sink ? `sink (${sink.counts.requests} OTLP requests, ${(sink.counts.bytes / 1e6).toFixed(1)} MB): ` : ''}` +
        `CPU/request sampling 1 / sampling 0, median of rounds: ×${ratio.toFixed(3)} (goal ≤ 1.15); ` +
        `p99 with sampling 1: ${p99} ms (guardrail < 35 ms); failures ${failures}; traces exported ` +
        `${traces.exported}, dropped ${traces.dropped} (${traces.droppedSpans} spans); MLflow server CPU ${serverCpu.toFixed(1)} s: ${pass ? 'PASS' : 'FAIL'}`,
    );
    return {
      rounds: results,
      cpuRatio: ratio,
      p99,
      failures,
      traces,
      serverCpu,
      sink: useSink,
      pinned: pin,
      pass,
    };
  } finally {
    for (const s of Object.values(sides)) s.child.kill('SIGTERM');
    await sink?.close();
    await server.stop();
    if (pin) pinTo('0-1023', [process.pid]);
    rmSync(dir, { recursive: true, force: true });
  }
}
