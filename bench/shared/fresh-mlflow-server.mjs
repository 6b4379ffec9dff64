// One fresh MLflow server (1 worker unless told otherwise, its own folder) per measured run, so every side of a
// benchmark starts from an empty store, and the server's CPU for that run is read from its
// process group.
import { join } from 'node:path';
import { startMlflowServer } from '../../tools/mlflow-server.mjs';
import { groupCpuSeconds } from '../eval/proc-stats.mjs';

/**
 * Starts a server under `<work>/mlflow-<name>-<time>`, runs `fn(uri)`, stops the server.
 * @param {{ work: string, name: string, settleMs?: number, workers?: number }} options
 *   `settleMs`: time given to the server to finish what the client's last requests started
 *   before its CPU is read; `workers`: uvicorn workers (1, the project's managed server;
 *   MLflow's own default is 4).
 *   `fn` gets the server's URI and the server (its `pid` is its process group).
 * @returns {Promise<object>} fn's result plus `serverCpu` (seconds).
 */
export async function withFreshServer({ work, name, settleMs = 0, workers = 1 }, fn) {
  const server = await startMlflowServer({
    dir: join(work, `mlflow-${name}-${Date.now()}`),
    workers,
  });
  try {
    const cpu0 = groupCpuSeconds(server.pid);
    const result = await fn(server.uri, server);
    if (settleMs > 0) await new Promise((r) => setTimeout(r, settleMs));
    return { ...result, serverCpu: groupCpuSeconds(server.pid) - cpu0 };
  } finally {
    await server.stop();
  }
}
