import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp, type CreateAppOptions } from '../app/create-app';
import { loadApiConfig } from '../config/api-config';

/** Log lines written by the app, parsed. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n'))
      if (line.trim() !== '') this.lines.push(line);
    done();
  }
  records(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

/** A listening app on 127.0.0.1:<ephemeral> with its base URL and captured logs. */
export interface TestApp {
  /** Its parts are reached through Nest, e.g. `t.app.get(AnswerService)`. */
  app: NestFastifyApplication;
  base: string;
  logs: LogCapture;
  dir: string;
  close(): Promise<void>;
}

/** A fresh temp directory (index and program cache go below it). */
export function tempDir(prefix = 'cited-api-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** What {@link startTestApp} takes besides `createApp`'s options. */
export interface TestAppOptions extends CreateAppOptions {
  /** Where the index and program cache live; default a new temp dir, removed on close. */
  dir?: string;
  keepDir?: boolean;
  /** Runs on the app before it listens (e.g. to register global guards or interceptors). */
  beforeListen?: (app: NestFastifyApplication) => void;
}

/**
 * Starts the real app (real HTTP stack) with `env` as its whole environment. The index and
 * program cache live in `dir` (a new temp dir unless given); the registry is off unless passed.
 */
export async function startTestApp(
  env: Record<string, string | undefined> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const dir = options.dir ?? tempDir();
  const config = loadApiConfig({
    CITED_INDEX_DIR: join(dir, 'index'),
    CITED_LOG_LEVEL: 'debug',
    // MLflow answer traces are on by default in local mode; tests that want them ask for them.
    CITED_TRACE_SAMPLE: '0',
    ...env,
  });
  const logs = new LogCapture();
  const { dir: _dir, keepDir, beforeListen, ...appOptions } = options;
  const app = await createApp(config, { registry: null, logDestination: logs, ...appOptions });
  beforeListen?.(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    app,
    base: `http://127.0.0.1:${address.port}`,
    logs,
    dir,
    close: async () => {
      await app.close();
      if (options.dir === undefined && keepDir !== true)
        rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs JSON. */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}
