import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MlflowClient, type MlflowConfig } from '@cited/mlflow-client';

/** Whether an MLflow server answers `GET /health` within `timeoutMs`. */
export async function isMlflowHealthy(trackingUri: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const res = await fetch(new URL('/health', trackingUri), {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok;
  } catch {
    return false;
  }
}

/** A client for the configured tracking server. */
export function createMlflowClient(config: MlflowConfig): MlflowClient {
  return new MlflowClient(config);
}

/** A client that gives up fast: for commands that must not hang when the server is away. */
export function createQuickMlflowClient(config: MlflowConfig): MlflowClient {
  return new MlflowClient({
    ...config,
    maxRetries: Math.min(config.maxRetries, 1),
    backoffFactorMs: Math.min(config.backoffFactorMs, 250),
  });
}

/** Finds `tools/mlflow-server.mjs` walking up from the bundle and from `cwd`. */
export function findMlflowServerScript(cwd: string = process.cwd()): string | undefined {
  for (const start of [__dirname, cwd]) {
    let dir = resolve(start);
    for (;;) {
      const candidate = join(dir, 'tools', 'mlflow-server.mjs');
      if (existsSync(candidate)) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}

/** How the managed local server came to be (or why it did not). */
export type ManagedServerOutcome =
  | { state: 'running'; started: boolean; uri: string }
  | { state: 'unavailable'; uri: string; reason: string };

/**
 * Makes sure the managed local MLflow server answers at `trackingUri` (the default URI, used
 * when `MLFLOW_TRACKING_URI` is unset): starts it detached with `tools/mlflow-server.mjs up`
 * (which creates the project-local venv on first use). Never throws: when Python or the
 * script is missing, the caller records runs in the spool instead.
 */
export async function ensureManagedServer(
  trackingUri: string,
  note: (text: string) => void,
): Promise<ManagedServerOutcome> {
  if (await isMlflowHealthy(trackingUri))
    return { state: 'running', started: false, uri: trackingUri };
  const script = findMlflowServerScript();
  if (!script)
    return {
      state: 'unavailable',
      uri: trackingUri,
      reason: 'tools/mlflow-server.mjs was not found (run inside the repository)',
    };
  const port = new URL(trackingUri).port || '5000';
  note(
    `starting the managed local MLflow server on ${trackingUri} (first start installs MLflow into .cited/venv; this can take a few minutes) …`,
  );
  const result = await new Promise<{ code: number | null; output: string }>((done) => {
    const child = spawn(process.execPath, [script, 'up', '--port', port], {
      cwd: dirname(dirname(script)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', (e) => done({ code: -1, output: e.message }));
    child.on('close', (code) => done({ code, output }));
  });
  if (result.code === 0 && (await isMlflowHealthy(trackingUri, 5000)))
    return { state: 'running', started: true, uri: trackingUri };
  const lastLine = result.output.trim().split('\n').filter(Boolean).slice(-3).join(' ');
  return {
    state: 'unavailable',
    uri: trackingUri,
    reason: lastLine || `tools/mlflow-server.mjs up exited with ${String(result.code)}`,
  };
}
