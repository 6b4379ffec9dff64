import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** Repository root (tests run from source: `apps/api/src/test-fixtures`). */
export const REPO_ROOT = resolve(__dirname, '../../../..');

/** The webpack bundle the tests exercise, exactly as `node dist/apps/api/main.js` runs it. */
export const BUILT_API_MAIN = resolve(REPO_ROOT, 'dist/apps/api/main.js');

/** A running `node dist/apps/api/main.js` child process. */
export interface BuiltApi {
  base: string;
  port: number;
  child: ChildProcess;
  /** Every stdout/stderr line so far (JSON log lines and any crash output). */
  output: string[];
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string | null>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts the built API on 127.0.0.1 with `env` added to a minimal environment and waits for
 * its `listening` log line (PORT=0 by default: the OS picks a free port, read back from the log).
 * @throws Error when the bundle is missing or the process exits / stays silent before listening.
 */
export async function startBuiltApi(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<BuiltApi> {
  if (!existsSync(BUILT_API_MAIN)) {
    throw new Error(
      `${BUILT_API_MAIN} is missing: build the API first (NX_DAEMON=false npx nx build api); ` +
        '`nx test api` builds it before testing.',
    );
  }
  const child = spawn(process.execPath, [BUILT_API_MAIN], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      CITED_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | string | null>((done) => {
    child.once('exit', (code, signal) => done(code ?? signal));
  });
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`the API did not listen within ${timeoutMs} ms:\n${output.join('\n')}`)),
      timeoutMs,
    );
    const onLine = (line: string): void => {
      output.push(line);
      if (!line.includes('"listening"')) return;
      try {
        const rec = JSON.parse(line) as { event?: string; port?: number };
        if (rec.event === 'listening' && typeof rec.port === 'number') {
          clearTimeout(timer);
          done(rec.port);
        }
      } catch {
        // not a JSON log line
      }
    };
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', onLine);
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', onLine);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`the API exited (${String(code)}) before listening:\n${output.join('\n')}`));
    });
  });
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    child,
    output,
    exited,
    stop: async (graceMs = 5_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** True while the process runs and answers `GET /healthz` with 200. */
export async function isHealthy(api: BuiltApi): Promise<boolean> {
  if (api.child.exitCode !== null || api.child.signalCode !== null) return false;
  try {
    const res = await fetch(`${api.base}/healthz`, { signal: AbortSignal.timeout(5_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}
