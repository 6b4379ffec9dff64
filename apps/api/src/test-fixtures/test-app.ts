import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp, runtimeOf, type CreateAppOptions } from '../app/create-app';
import type { ApiRuntime } from '../app/api-runtime';
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
  app: NestFastifyApplication;
  runtime: ApiRuntime;
  base: string;
  logs: LogCapture;
  dir: string;
  close(): Promise<void>;
}

/** A fresh temp directory (index and program cache go below it). */
export function tempDir(prefix = 'cited-api-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Starts the real app (real HTTP stack) with `env` as its whole environment. The index and
 * program cache live in `dir` (a new temp dir unless given); the registry is off unless passed.
 */
export async function startTestApp(
  env: Record<string, string | undefined> = {},
  options: CreateAppOptions & { dir?: string; keepDir?: boolean } = {},
): Promise<TestApp> {
  const dir = options.dir ?? tempDir();
  const config = loadApiConfig({
    CITED_INDEX_DIR: join(dir, 'index'),
    CITED_LOG_LEVEL: 'debug',
    ...env,
  });
  const logs = new LogCapture();
  const app = await createApp(config, { registry: null, logDestination: logs, ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    app,
    runtime: runtimeOf(app),
    base: `http://127.0.0.1:${address.port}`,
    logs,
    dir,
    close: async () => {
      await app.close();
      if (options.dir === undefined && options.keepDir !== true)
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
