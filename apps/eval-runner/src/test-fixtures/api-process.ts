import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** The API bundle, as `node dist/apps/api/main.js` runs it (build it first: `nx build api`). */
const API_MAIN = resolve(__dirname, '../../../../dist/apps/api/main.js');

/** A running API process. */
export interface ApiProcess {
  base: string;
  output: string[];
  stop(): Promise<void>;
}

/**
 * Starts the built API on 127.0.0.1 (a free port) with `env` added to a minimal environment
 * and waits for its `listening` log line.
 * @throws Error when the bundle is missing or the API does not listen within `timeoutMs`.
 */
export async function startApi(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ApiProcess> {
  if (!existsSync(API_MAIN))
    throw new Error(`${API_MAIN} is missing: build it first (NX_DAEMON=false npx nx build api).`);
  const child = spawn(process.execPath, [API_MAIN], {
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`API not listening:\n${output.join('\n')}`)),
      timeoutMs,
    );
    const onLine = (line: string): void => {
      output.push(line);
      const m = /"event":"listening".*"port":(\d+)|"port":(\d+).*"event":"listening"/.exec(line);
      if (m) {
        clearTimeout(timer);
        done(Number(m[1] ?? m[2]));
      }
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`API exited before listening:\n${output.join('\n')}`));
    });
  });
  return {
    base: `http://127.0.0.1:${port}`,
    output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
