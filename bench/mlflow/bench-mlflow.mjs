#!/usr/bin/env node
// `npm run bench:mlflow`: 10,000 metric values, 100 params and 20 artifacts (1 KB–10 MB) logged
// to a local MLflow server by this client and, in the same run, by the Python client; then the
// peak RSS growth while this client uploads a 1 GB artifact. Both sides are timed in-process
// (interpreter start-up and imports excluded). Uses MLFLOW_TRACKING_URI when set, otherwise
// starts a server in bench/.data/mlflow/server.
//
//   npm run bench:mlflow [-- --rounds N] [-- --no-1g]      BENCH_DEBUG=1 prints every retry
//   BENCH_WORKERS=N sets the bench server's uvicorn workers (default 4, MLflow's own default)
//
// Each round runs four sides on the same server, back to back, in a rotating order:
//   ts            this client, phase by phase like the Python script (batches one at a time)
//   python        MlflowClient.log_batch + log_artifact per file (the issue's reference)
//   tsConcurrent  this client as a TS caller writes it: logBatch (2 in flight, the default)
//                 and uploadDir together
//   pythonAsync   log_batch(synchronous=False): MLflow's background queue overlaps the upload
// and times each phase. The report gives medians, per-round paired ratios, request counts,
// client and server CPU time, and the load average (the machine is shared).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMlflowServer, venvPython, MLFLOW_VERSION } from '../../tools/mlflow-server.mjs';
import { median } from '../shared/median.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const data = join(root, 'bench/.data/mlflow');
const require = createRequire(import.meta.url);
const { MlflowClient, mlflowConfigSchema } = require(
  join(root, 'dist/libs/mlflow-client/src/index.js'),
);

async function writeRandomFile(file, bytes) {
  if (existsSync(file) && statSync(file).size === bytes) return;
  const out = createWriteStream(file);
  const block = randomBytes(Math.min(bytes, 4 * 1024 * 1024));
  for (let left = bytes; left > 0; left -= block.length)
    if (!out.write(left >= block.length ? block : block.subarray(0, left)))
      await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

const PHASES = ['setup', 'logBatch', 'artifacts', 'terminate'];
/**
 * Uvicorn workers of the bench server: one per core of this machine. `mlflow server` itself
 * defaults to 4; the test setup uses 1 to save memory. Both clients share the server.
 */
const SERVER_WORKERS = Number(process.env.BENCH_WORKERS ?? 4);
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);

/** CPU seconds used so far by every process of a process group (the MLflow server). */
function groupCpuMs(pgid) {
  if (!pgid) return undefined;
  let ticks = 0;
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const st = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      /* process gone */
    }
  }
  return ticks * 10; // USER_HZ = 100
}

function parseArgs(argv) {
  const opts = { rounds: 3, big: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--rounds') opts.rounds = Number(argv[++i]);
    else if (argv[i] === '--no-1g') opts.big = false;
    else
      throw new Error(`Unknown option ${argv[i]}. Usage: bench-mlflow.mjs [--rounds N] [--no-1g]`);
  }
  if (!(Number.isInteger(opts.rounds) && opts.rounds > 0)) throw new Error('--rounds must be >= 1');
  return opts;
}

/**
 * This client's side of a round. `sequential` mirrors the Python script phase by phase (batches
 * one at a time, then the directory upload). `concurrent` is how a TS caller would write it:
 * the batches (2 in flight) and the upload go out together, so the server's two workers and
 * the disk work at once; phases `setup`, `logAndUpload`, `terminate`.
 */
async function runTs(uri, artifactsDir, debug, mode = 'sequential') {
  const counts = { total: 0, logBatch: 0, staleSocketResends: 0, retries: 0 };
  const client = new MlflowClient(mlflowConfigSchema.parse({ trackingUri: uri }), {
    onRequest: (e) => {
      counts.total++;
      if (e.path.endsWith('/runs/log-batch')) counts.logBatch++;
      if (e.error && e.reusedSocket) counts.staleSocketResends++;
      else if (e.error || (e.status ?? 0) >= 300) counts.retries++;
      if (debug && (e.error || e.status !== 200))
        console.error(
          'retry/err',
          e.method,
          e.path.slice(0, 80),
          e.status,
          e.error,
          e.reusedSocket ? 'reused socket' : 'new socket',
          e.attempt,
          `${e.durationMs} ms`,
        );
    },
  });
  const ts = Date.now();
  const phases = {};
  const requestsByPhase = {};
  let mark = performance.now();
  const phase = (name) => {
    const now = performance.now();
    phases[name] = +(now - mark).toFixed(1);
    requestsByPhase[name] =
      counts.total - Object.values(requestsByPhase).reduce((a, b) => a + b, 0);
    mark = now;
  };
  const cpu0 = process.cpuUsage();
  const t0 = mark;
  const expId = await client.experiments.create(
    `bench-ts-${ts}-${Math.random().toString(36).slice(2, 8)}`,
  );
  const runId = (await client.runs.create({ experimentId: expId })).info.runId;
  phase('setup');
  const batch = {
    metrics: Array.from({ length: 10_000 }, (_, i) => ({
      key: 'score',
      value: i / 10_000,
      step: i,
      timestamp: ts + i,
    })),
    params: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`p${i}`, `value-${i}`])),
  };
  if (mode === 'concurrent') {
    await Promise.all([
      client.runs.logBatch(runId, batch), // logBatchConcurrency: 2 requests in flight
      client.artifacts.uploadDir({ runId }, artifactsDir, 'files'),
    ]);
    phase('logAndUpload');
  } else {
    await client.runs.logBatch(runId, batch, { concurrency: 1 });
    phase('logBatch');
    // The library's directory upload: 4 files in flight (MlflowClientOptions.artifactConcurrency).
    await client.artifacts.uploadDir({ runId }, artifactsDir, 'files');
    phase('artifacts');
  }
  await client.runs.terminate(runId);
  phase('terminate');
  const wallMs = +(performance.now() - t0).toFixed(1);
  const cpu = process.cpuUsage(cpu0);
  client.close();
  return {
    wallMs,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    phases,
    requests: counts.total,
    requestsByPhase,
    logBatchCalls: counts.logBatch,
    staleSocketResends: counts.staleSocketResends,
    retries: counts.retries,
    expId,
  };
}

function runPython(uri, artifactsDir, mode = 'sync') {
  const out = execFileSync(venvPython(), [join(here, 'bench_python.py'), uri, artifactsDir, mode], {
    encoding: 'utf8',
    env: { ...process.env, MLFLOW_ENABLE_TELEMETRY: 'false' },
  });
  return JSON.parse(out.trim().split('\n').pop());
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const debug = Boolean(process.env.BENCH_DEBUG);
  const artifactsDir = join(data, 'artifacts');
  mkdirSync(artifactsDir, { recursive: true });
  // 20 sizes from 1 KB to 10 MB, geometric.
  const sizes = Array.from({ length: 20 }, (_, i) =>
    Math.round(1024 * Math.pow((10 * 1024 * 1024) / 1024, i / 19)),
  );
  for (const [i, s] of sizes.entries())
    await writeRandomFile(join(artifactsDir, `a${String(i).padStart(2, '0')}.bin`), s);

  let server;
  let uri = process.env.MLFLOW_TRACKING_URI;
  if (!uri) {
    rmSync(join(data, 'server'), { recursive: true, force: true });
    server = await startMlflowServer({ dir: join(data, 'server'), workers: SERVER_WORKERS });
    uri = server.uri;
    console.error(`bench: MLflow ${MLFLOW_VERSION} started in ${server.startMs} ms at ${uri}`);
  }
  try {
    // One unrecorded round first: the server's first requests (imports, SQLite page cache)
    // are slower, and whichever client went first would pay for them.
    await runTs(uri, artifactsDir, debug);
    await runTs(uri, artifactsDir, debug, 'concurrent');
    runPython(uri, artifactsDir, 'async');
    const rounds = [];
    // The four sides run back to back in a rotating order, so none is always first or last.
    const SIDES = ['ts', 'python', 'tsConcurrent', 'pythonAsync'];
    const orders = SIDES.map((_, k) => [...SIDES.slice(k), ...SIDES.slice(0, k)]);
    for (let r = 0; r < opts.rounds; r++) {
      const loadBefore = load();
      const order = orders[r % orders.length];
      const round = { order, serverCpuMs: {} };
      for (const side of order) {
        const c0 = groupCpuMs(server?.pid);
        round[side] = side.startsWith('python')
          ? runPython(uri, artifactsDir, side === 'python' ? 'sync' : 'async')
          : await runTs(uri, artifactsDir, debug, side === 'ts' ? 'sequential' : 'concurrent');
        const c1 = groupCpuMs(server?.pid);
        round.serverCpuMs[side] = c0 === undefined ? undefined : c1 - c0;
      }
      round.ratio = +(round.ts.wallMs / round.python.wallMs).toFixed(2);
      round.ratioConcurrent = +(round.tsConcurrent.wallMs / round.python.wallMs).toFixed(2);
      round.ratioConcurrentVsAsync = +(
        round.tsConcurrent.wallMs / round.pythonAsync.wallMs
      ).toFixed(2);
      round.load = { before: loadBefore, after: load() };
      rounds.push(round);
      const fmt = (x) =>
        `${x.wallMs} ms (${Object.entries(x.phases)
          .map(([p, v]) => `${p} ${v}`)
          .join(', ')})`;
      console.error(
        `round ${r + 1}/${opts.rounds} [${order.join(' → ')}]: TS ${fmt(round.ts)} | TS concurrent ${fmt(round.tsConcurrent)} | ` +
          `Python ${fmt(round.python)} | Python async ${fmt(round.pythonAsync)} | ` +
          `ratios ${round.ratio} / ${round.ratioConcurrent} / ${round.ratioConcurrentVsAsync} | load ${round.load.before[0]}`,
      );
    }
    const med = (side, pick) => +median(rounds.map((r) => pick(r[side]))).toFixed(1);
    const summary = (side) => ({
      wallMs: med(side, (x) => x.wallMs),
      cpuMs: med(side, (x) => x.cpuMs),
      phases: Object.fromEntries(
        Object.keys(rounds[0][side].phases).map((p) => [p, med(side, (x) => x.phases[p])]),
      ),
      requests: rounds[0][side].requests,
      requestsByPhase: rounds[0][side].requestsByPhase,
      logBatchCalls: rounds[0][side].logBatchCalls,
      serverCpuMs: server ? median(rounds.map((r) => r.serverCpuMs[side])) : undefined,
    });

    let upload1G;
    if (opts.big) {
      const client = new MlflowClient(mlflowConfigSchema.parse({ trackingUri: uri }));
      const big = join(data, 'big-1g.bin');
      await writeRandomFile(big, 1024 * 1024 * 1024);
      const bigRun = (await client.runs.create({ experimentId: rounds[0].ts.expId })).info.runId;
      global.gc?.();
      const base = process.memoryUsage().rss;
      let peak = base;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
      const b0 = performance.now();
      await client.artifacts.uploadFile({ runId: bigRun }, big, 'big/big-1g.bin');
      const bigMs = performance.now() - b0;
      clearInterval(timer);
      client.close();
      upload1G = { ms: Math.round(bigMs), rssGrowthMB: +((peak - base) / 1024 / 1024).toFixed(1) };
    }

    const ts = summary('ts');
    const tsConcurrent = summary('tsConcurrent');
    const python = summary('python');
    const pythonAsync = summary('pythonAsync');
    const result = {
      date: new Date().toISOString(),
      mlflow: MLFLOW_VERSION,
      serverWorkers: server ? SERVER_WORKERS : 'external',
      node: process.version,
      rounds: opts.rounds,
      median: {
        ts,
        tsConcurrent,
        python,
        pythonAsync,
        // Median of the per-round ratios: each trio ran back to back under the same load.
        ratio: +median(rounds.map((r) => r.ratio)).toFixed(2),
        ratioConcurrent: +median(rounds.map((r) => r.ratioConcurrent)).toFixed(2),
        ratioConcurrentVsAsync: +median(rounds.map((r) => r.ratioConcurrentVsAsync)).toFixed(2),
        ratioOfMedians: +(ts.wallMs / python.wallMs).toFixed(2),
        ratioConcurrentOfMedians: +(tsConcurrent.wallMs / python.wallMs).toFixed(2),
        phaseRatios: Object.fromEntries(
          PHASES.map((p) => [p, +(ts.phases[p] / python.phases[p]).toFixed(2)]),
        ),
      },
      perRound: rounds.map((r) => ({
        order: r.order,
        ratio: r.ratio,
        ratioConcurrent: r.ratioConcurrent,
        ratioConcurrentVsAsync: r.ratioConcurrentVsAsync,
        tsMs: r.ts.wallMs,
        tsConcurrentMs: r.tsConcurrent.wallMs,
        pythonMs: r.python.wallMs,
        pythonAsyncMs: r.pythonAsync.wallMs,
        tsRetries: r.ts.retries + r.tsConcurrent.retries,
        tsStaleSocketResends: r.ts.staleSocketResends + r.tsConcurrent.staleSocketResends,
        serverCpuMs: r.serverCpuMs,
        load: r.load,
      })),
      upload1G,
    };
    writeFileSync(join(data, 'results.json'), JSON.stringify(result, null, 2));
    console.log(JSON.stringify(result, null, 2));
    console.log(
      `median of ${opts.rounds}: TS ${ts.wallMs} ms (sequential) / ${tsConcurrent.wallMs} ms (concurrent) vs Python ${python.wallMs} ms (sync) / ${pythonAsync.wallMs} ms (async); ` +
        `median paired ratios: TS sequential / Python ${result.median.ratio}, TS concurrent / Python ${result.median.ratioConcurrent} (goal ≤ 0.8), ` +
        `TS concurrent / Python async ${result.median.ratioConcurrentVsAsync}; server workers ${result.serverWorkers}; ` +
        `client CPU TS ${ts.cpuMs} ms / Python ${python.cpuMs} ms; load ${load().join(' ')}; ` +
        `log-batch calls ${ts.logBatchCalls} (goal ≤ 11); requests TS ${ts.requests} / Python ${python.requests}` +
        (upload1G ? `; 1 GB upload RSS growth ${upload1G.rssGrowthMB} MB (goal < 50)` : ''),
    );
  } finally {
    await server?.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
