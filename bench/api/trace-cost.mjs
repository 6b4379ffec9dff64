// The API's own CPU cost of one MLflow answer trace, for comparing builds: every answer traced
// (CITED_TRACE_SAMPLE=1) with the spans going to the OTLP sink (otlp-sink.mjs, nothing dropped,
// no MLflow ingestion on the same cores), against the same build with sampling 0. Each build's
// sampling-1 and sampling-0 APIs run side by side; the builds' rounds alternate (ABBA...), so
// both see the same drift of a shared machine. Prints per round and build CPU/request (user +
// system of the API process) for sampling 1 and 0, their difference (`extra`: with the sink,
// where every answer is traced, the cost of one trace; otherwise the cost per request) and
// the medians.
// With --mlflow the spans go to the MLflow server itself (one worker, same cores, as in bench
// (c)): most sampled requests then find the export queue full and are only counted as dropped,
// so the figure is what tracing costs per request when MLflow cannot take every trace.
// With --hang the API's MLflow URI is a server that accepts connections and never answers: the
// first batch waits for its timeout, the queue fills, and almost every sampled request is shed,
// so the figure is the cost of sampling and shedding alone, with no ingestion anywhere.
// BENCH_TC_CONNECTIONS sets the load's connections (default 8).
// Usage: node bench/api/trace-cost.mjs <base main.js> [rounds=4] [requests=20000] [--prof] [--mlflow | --hang]
// (the build under test is BENCH_API_MAIN or dist/apps/api/main.js; keep the base bundle under
// dist/, e.g. dist/apps/api-base/main.js, so that it resolves the workspace's node_modules;
// --prof adds `node --cpu-prof` to the sampling-1 APIs, profiles in bench/.data/api/prof/).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from '../shared/median.mjs';
import { cpuPerRequest } from './answer-load.mjs';
import { dataDir, datasetQuestion, defaultApiMain, root, startApi } from './api-process.mjs';
import { startOtlpSink } from './otlp-sink.mjs';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const PROF = process.argv.includes('--prof');
const REAL = process.argv.includes('--mlflow');
const HANG = process.argv.includes('--hang');
const [baseArg, roundsArg = '4', requestsArg = '20000'] = args;
if (baseArg === undefined) {
  console.error('usage: node bench/api/trace-cost.mjs <base main.js> [rounds] [requests] [--prof]');
  process.exit(2);
}
const rounds = Number(roundsArg);
const amount = Number(requestsArg);
const builds = { base: resolve(baseArg), test: process.env.BENCH_API_MAIN ?? defaultApiMain() };
const log = (m) => process.stderr.write(`${m}\n`);

/** A TCP server that takes connections and never answers (sockets closed on `close`). */
async function startHungServer() {
  const sockets = new Set();
  const server = createServer((socket) => {
    sockets.add(socket);
    // The API gives up on the request (its timeout) and resets the socket: nothing to report.
    socket.on('error', () => sockets.delete(socket));
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  return {
    uri: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

const { startMlflowServer } = await import(join(root, 'tools/mlflow-server.mjs'));
const dir = mkdtempSync(join(tmpdir(), 'cited-bench-trace-cost-'));
const server = await startMlflowServer({ dir, workers: 1 });
const sink = REAL || HANG ? undefined : await startOtlpSink(server.uri);
const hung = HANG ? await startHungServer() : undefined;
const profDir = join(dataDir, 'prof');
mkdirSync(profDir, { recursive: true });
const apis = {};
try {
  for (const [name, main] of Object.entries(builds))
    for (const sample of ['1', '0']) {
      const prof = PROF
        ? [
            '--cpu-prof',
            `--cpu-prof-dir=${profDir}`,
            `--cpu-prof-name=trace-cost-${name}-${sample}${REAL ? '-mlflow' : ''}.cpuprofile`,
          ]
        : [];
      apis[`${name}${sample}`] = await startApi(
        `trace-cost-${name}-${sample}`,
        {
          CITED_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
          CITED_INDEX_DIR: join(dataDir, `index-trace-cost-${name}-${sample}`),
          MLFLOW_TRACKING_URI: hung?.uri ?? sink?.uri ?? server.uri,
          CITED_TRACE_SAMPLE: sample,
          CITED_TRACE_EXPERIMENT: `bench-trace-cost-${name}-${sample}`,
        },
        prof,
        { main },
      );
    }
  const connections = Number(process.env.BENCH_TC_CONNECTIONS ?? 8);
  const load = { connections, idPrefix: 'tc', question: datasetQuestion };
  const rows = [];
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? ['base', 'test'] : ['test', 'base'];
    const row = {};
    for (const name of order) {
      const cpu = {};
      for (const sample of ['1', '0']) {
        const api = apis[`${name}${sample}`];
        const r = await cpuPerRequest(api.child.pid, api.base, { ...load, warmup: 2000, amount });
        cpu[sample] = r.cpuMs;
        cpu[`user${sample}`] = r.userMs;
      }
      row[name] = {
        s1: cpu['1'],
        s0: cpu['0'],
        extra: cpu['1'] - cpu['0'],
        userPerTrace: cpu.user1 - cpu.user0,
      };
      log(
        `round ${i + 1} ${name}: sampling 1 ${cpu['1'].toFixed(4)} ms, sampling 0 ` +
          `${cpu['0'].toFixed(4)} ms, sampling 1 − 0 ${(cpu['1'] - cpu['0']).toFixed(4)} ms ` +
          `(user ${(cpu.user1 - cpu.user0).toFixed(4)} ms)`,
      );
    }
    rows.push(row);
  }
  const med = (name, key) => median(rows.map((r) => r[name][key]));
  const summary = {
    rounds: rows,
    sinkRequests: sink?.counts.requests,
    sinkBytes: sink?.counts.bytes,
    median: Object.fromEntries(
      Object.keys(builds).map((name) => [
        name,
        { s1: med(name, 's1'), s0: med(name, 's0'), extra: med(name, 'extra') },
      ]),
    ),
    extraRatio: median(rows.map((r) => r.test.extra / r.base.extra)),
  };
  console.log(JSON.stringify(summary));
} finally {
  const exits = Object.values(apis).map(
    (a) => new Promise((res) => (a.child.exitCode !== null ? res() : a.child.once('exit', res))),
  );
  for (const a of Object.values(apis)) a.child.kill('SIGTERM');
  await Promise.all(exits);
  await sink?.close();
  hung?.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
