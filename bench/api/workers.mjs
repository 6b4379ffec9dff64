// Runs a server script as N `node:cluster` workers sharing one listening port, for benchmark
// (a)'s BENCH_A_WORKERS experiment. Not a way to run the API in production: the API keeps its
// rate-limit buckets, metrics registry, rollback monitor and program poller per process, so N
// workers would mean N× the rate limit, /metrics answered by whichever worker gets the scrape,
// and rollbacks that trip in one worker only (see docs/benchmarks.md, `## api`).
// Usage: node workers.mjs <n> <script> — the workers inherit stdio and the environment (a port
// of 0 is shared: the primary binds it once); SIGTERM is passed on, and the primary exits once
// every worker has. A worker that dies ends the whole group, so a benchmark never runs short.
import cluster from 'node:cluster';
import { resolve } from 'node:path';

const [count, script] = process.argv.slice(2);
const n = Number(count);
if (!Number.isInteger(n) || n < 1 || script === undefined) {
  process.stderr.write('usage: node workers.mjs <n ≥ 1> <script>\n');
  process.exit(2);
}
cluster.setupPrimary({ exec: resolve(script), args: [] });
let stopping = false;
for (let i = 0; i < n; i++) cluster.fork();
cluster.on('exit', (worker, code, signal) => {
  if (!stopping) {
    process.stderr.write(`workers.mjs: worker ${worker.process.pid} exited (${signal ?? code})\n`);
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    process.exitCode = 1;
  }
  if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
});
process.on('SIGTERM', () => {
  stopping = true;
  for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
});
