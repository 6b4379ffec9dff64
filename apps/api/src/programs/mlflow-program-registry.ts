import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROGRAM_FILE } from '@cited/dspy-pipeline';
import { MlflowClient, MlflowClientError, type MlflowConfig } from '@cited/mlflow-client';
import type { AliasTarget, ProgramRegistry } from './program-registry';

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void =>
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * The MLflow Model Registry through `@cited/mlflow-client`. Requests are bounded (short
 * timeout, one retry) so a dead server costs a poll, not the request path.
 */
export class MlflowProgramRegistry implements ProgramRegistry {
  private readonly client: MlflowClient;
  readonly location: string;

  constructor(config: MlflowConfig, timeoutMs: number) {
    this.client = new MlflowClient({
      ...config,
      requestTimeoutMs: Math.min(config.requestTimeoutMs, timeoutMs),
      maxRetries: Math.min(config.maxRetries, 1),
      backoffFactorMs: Math.min(config.backoffFactorMs, 200),
    });
    this.location = config.trackingUri;
  }

  async resolveAlias(
    model: string,
    alias: string,
    signal: AbortSignal,
  ): Promise<AliasTarget | null> {
    try {
      const mv = await abortable(this.client.registry.getVersionByAlias(model, alias), signal);
      return { version: mv.version };
    } catch (error) {
      if (MlflowClientError.isInstance(error) && error.code === 'not_found') return null;
      throw error;
    }
  }

  async downloadProgram(model: string, version: string, signal: AbortSignal): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'cited-program-'));
    try {
      const uri = await abortable(this.client.registry.downloadUri(model, version), signal);
      const file = join(dir, PROGRAM_FILE);
      await abortable(
        this.client.artifacts.downloadFile({ artifactUri: uri }, PROGRAM_FILE, file),
        signal,
      );
      return readFileSync(file, 'utf8');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
