#!/usr/bin/env node
// `npm run bench:mlflow`: 10,000 metric values, 100 params and 20 artifacts (1 KB–10 MB) logged
// to a local MLflow server by this client and, in the same run, by the Python client; then the
// peak RSS growth while this client uploads a 1 GB artifact. Both sides are timed in-process
// (interpreter start-up and imports excluded). Uses MLFLOW_TRACKING_URI when set, otherwise
// starts a server in bench/.data/mlflow/server.
//
//   npm run bench:mlflow [-- --rounds N] [-- --no-1g]      BENCH_DEBUG=1 prints every retry
//
// Each round runs both clients on the same server (alternating which goes first) and times
// each phase: setup (experiment + run), logBatch (10,000 metrics + 100 params), artifacts
// (20 files), terminate. The report gives the median of the rounds, the ratio, request
// counts per phase, CPU time of each client, and the load average (the machine is shared).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMlflowServer, venvPython, MLFLOW_VERSION } from '../../tools/mlflow-server.mjs';

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
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
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

async function runTs(uri, artifactsDir, debug) {
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
  await client.runs.logBatch(runId, {
    metrics: Array.from({ length: 10_000 }, (_, i) => ({
      key: 'score',
      value: i / 10_000,
      step: i,
      timestamp: ts + i,
    })),
    params: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`p${i}`, `value-${i}`])),
  });
  phase('logBatch');
  // The library's directory upload: 4 files in flight (MlflowClientOptions.artifactConcurrency).
  await client.artifacts.uploadDir({ runId }, artifactsDir, 'files');
  phase('artifacts');
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

function runPython(uri, artifactsDir) {
  const out = execFileSync(venvPython(), [join(here, 'bench_python.py'), uri, artifactsDir], {
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
    server = await startMlflowServer({ dir: join(data, 'server') });
    uri = server.uri;
    console.error(`bench: MLflow ${MLFLOW_VERSION} started in ${server.startMs} ms at ${uri}`);
  }
  try {
    // One unrecorded round first: the server's first requests (imports, SQLite page cache)
    // are slower, and whichever client went first would pay for them.
    await runTs(uri, artifactsDir, debug);
    const rounds = [];
    for (let r = 0; r < opts.rounds; r++) {
      const loadBefore = load();
      const pythonFirst = r % 2 === 1;
      const s0 = groupCpuMs(server?.pid);
      let ts;
      let py;
      if (pythonFirst) py = runPython(uri, artifactsDir);
      const s1 = groupCpuMs(server?.pid);
      ts = await runTs(uri, artifactsDir, debug);
      const s2 = groupCpuMs(server?.pid);
      if (!pythonFirst) py = runPython(uri, artifactsDir);
      const s3 = groupCpuMs(server?.pid);
      const serverCpu = (a, b) => (a === undefined ? undefined : b - a);
      const round = {
        pythonFirst,
        ts,
        python: py,
        ratio: +(ts.wallMs / py.wallMs).toFixed(2),
        serverCpuMs: {
          ts: serverCpu(s1, s2),
          python: pythonFirst ? serverCpu(s0, s1) : serverCpu(s2, s3),
        },
        load: { before: loadBefore, after: load() },
      };
      rounds.push(round);
      console.error(
        `round ${r + 1}/${opts.rounds}: TS ${ts.wallMs} ms (${PHASES.map((p) => `${p} ${ts.phases[p]}`).join(', ')}) | ` +
          `Python ${py.wallMs} ms (${PHASES.map((p) => `${p} ${py.phases[p]}`).join(', ')}) | ratio ${round.ratio} | load ${round.load.before[0]}`,
      );
    }
    const med = (side, pick) => +median(rounds.map((r) => pick(r[side]))).toFixed(1);
    const summary = (side) => ({
      wallMs: med(side, (x) => x.wallMs),
      cpuMs: med(side, (x) => x.cpuMs),
      phases: Object.fromEntries(PHASES.map((p) => [p, med(side, (x) => x.phases[p])])),
      requests: rounds[0][side].requests,
      requestsByPhase: rounds[0][side].requestsByPhase,
      logBatchCalls: rounds[0][side].logBatchCalls,
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
    const python = summary('python');
    const result = {
      date: new Date().toISOString(),
      mlflow: MLFLOW_VERSION,
      node: process.version,
      rounds: opts.rounds,
      median: {
        ts,
        python,
        // Median of the per-round ratios: each pair ran back to back under the same load.
        ratio: +median(rounds.map((r) => r.ratio)).toFixed(2),
        ratioOfMedians: +(ts.wallMs / python.wallMs).toFixed(2),
        serverCpuMs: server
          ? {
              ts: median(rounds.map((r) => r.serverCpuMs.ts)),
              python: median(rounds.map((r) => r.serverCpuMs.python)),
            }
          : undefined,
        phaseRatios: Object.fromEntries(
          PHASES.map((p) => [p, +(ts.phases[p] / python.phases[p]).toFixed(2)]),
        ),
      },
      perRound: rounds.map((r) => ({
        ratio: r.ratio,
        tsMs: r.ts.wallMs,
        pythonMs: r.python.wallMs,
        tsRetries: r.ts.retries,
        tsStaleSocketResends: r.ts.staleSocketResends,
        serverCpuMs: r.serverCpuMs,
        load: r.load,
      })),
      upload1G,
    };
    writeFileSync(join(data, 'results.json'), JSON.stringify(result, null, 2));
    console.log(JSON.stringify(result, null, 2));
    console.log(
      `median of ${opts.rounds}: TS ${ts.wallMs} ms vs Python ${python.wallMs} ms; median paired ratio ${result.median.ratio} (goal ≤ 0.8); ` +
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
