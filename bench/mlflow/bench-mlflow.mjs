#!/usr/bin/env node
// `npm run bench:mlflow`: 10,000 metric values, 100 params and 20 artifacts (1 KB–10 MB) logged
// to a local MLflow server by this client and, in the same run, by the Python client; then the
// peak RSS growth while this client uploads a 1 GB artifact. Both sides are timed in-process
// (interpreter start-up and imports excluded). Uses MLFLOW_TRACKING_URI when set, otherwise
// starts a server in bench/.data/mlflow/server.
import { execFileSync } from 'node:child_process';
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

async function main() {
  mkdirSync(join(data, 'artifacts'), { recursive: true });
  // 20 sizes from 1 KB to 10 MB, geometric.
  const sizes = Array.from({ length: 20 }, (_, i) =>
    Math.round(1024 * Math.pow((10 * 1024 * 1024) / 1024, i / 19)),
  );
  for (const [i, s] of sizes.entries())
    await writeRandomFile(join(data, 'artifacts', `a${String(i).padStart(2, '0')}.bin`), s);

  let server;
  let uri = process.env.MLFLOW_TRACKING_URI;
  if (!uri) {
    rmSync(join(data, 'server'), { recursive: true, force: true });
    server = await startMlflowServer({ dir: join(data, 'server'), workers: 2 });
    uri = server.uri;
  }
  try {
    const counts = { total: 0, logBatch: 0 };
    const client = new MlflowClient(mlflowConfigSchema.parse({ trackingUri: uri }), {
      onRequest: (e) => {
        counts.total++;
        if (e.path.endsWith('/runs/log-batch')) counts.logBatch++;
        if (process.env.BENCH_DEBUG && e.status !== 200)
          console.error(
            'retry/err',
            e.method,
            e.path.slice(0, 80),
            e.status,
            e.attempt,
            e.durationMs,
          );
      },
    });
    const files = sizes.map((_, i) =>
      join(data, 'artifacts', `a${String(i).padStart(2, '0')}.bin`),
    );
    const ts = Date.now();
    const t0 = performance.now();
    const expId = await client.experiments.create(`bench-ts-${ts}`);
    const run = await client.runs.create({ experimentId: expId });
    const runId = run.info.runId;
    await client.runs.logBatch(runId, {
      metrics: Array.from({ length: 10_000 }, (_, i) => ({
        key: 'score',
        value: i / 10_000,
        step: i,
        timestamp: ts + i,
      })),
      params: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`p${i}`, `value-${i}`])),
    });
    // Artifacts go up in parallel (4 at a time): the server writes each to disk independently.
    const queue = [...files];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let f = queue.shift(); f; f = queue.shift())
          await client.artifacts.uploadFile({ runId }, f, `files/${f.split('/').pop()}`);
      }),
    );
    await client.runs.terminate(runId);
    const tsMs = performance.now() - t0;
    const tsCounts = { ...counts };

    const py = JSON.parse(
      execFileSync(venvPython(), [join(here, 'bench_python.py'), uri, join(data, 'artifacts')], {
        encoding: 'utf8',
        env: { ...process.env, MLFLOW_ENABLE_TELEMETRY: 'false' },
      })
        .trim()
        .split('\n')
        .pop(),
    );

    // 1 GB upload: RSS sampled every 10 ms.
    const big = join(data, 'big-1g.bin');
    await writeRandomFile(big, 1024 * 1024 * 1024);
    const bigRun = (await client.runs.create({ experimentId: expId })).info.runId;
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const b0 = performance.now();
    await client.artifacts.uploadFile({ runId: bigRun }, big, 'big/big-1g.bin');
    const bigMs = performance.now() - b0;
    clearInterval(timer);
    client.close();

    const result = {
      mlflow: MLFLOW_VERSION,
      ts: { wallMs: Math.round(tsMs), requests: tsCounts.total, logBatchCalls: tsCounts.logBatch },
      python: py,
      ratio: +(tsMs / py.wallMs).toFixed(2),
      upload1G: { ms: Math.round(bigMs), rssGrowthMB: +((peak - base) / 1024 / 1024).toFixed(1) },
    };
    writeFileSync(join(data, 'results.json'), JSON.stringify(result, null, 2));
    console.log(JSON.stringify(result, null, 2));
    console.log(
      `TS ${result.ts.wallMs} ms vs Python ${py.wallMs} ms → ratio ${result.ratio} (goal ≤ 0.8); log-batch calls ${result.ts.logBatchCalls} (goal ≤ 11); 1 GB upload RSS growth ${result.upload1G.rssGrowthMB} MB (goal < 50)`,
    );
  } finally {
    await server?.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
