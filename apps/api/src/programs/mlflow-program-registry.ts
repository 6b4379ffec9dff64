import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROGRAM_FILE, PROGRAM_VERSION_TAGS } from '@cited/dspy-pipeline';
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

  async markServed(model: string, version: string, at: string, signal: AbortSignal): Promise<void> {
    await abortable(
      this.client.registry.setVersionTag(model, version, PROGRAM_VERSION_TAGS.servedAt, at),
      signal,
    );
  }

  async downloadProgram(
    model: string,
    version: string,
    signal: AbortSignal,
  ): Promise<string | null> {
    const dir = mkdtempSync(join(tmpdir(), 'cited-program-'));
    try {
      const uri = await abortable(this.client.registry.downloadUri(model, version), signal);
      // A version registered with a literal `runs:/<run>/<path>` source (MLflow's low-level
      // client does that) is read from the run, as MLflow's own clients read it.
      const runs = /^runs:\/([^/]+)\/*(.*)$/.exec(uri);
      const file = join(dir, PROGRAM_FILE);
      await abortable(
        runs === null
          ? this.client.artifacts.downloadFile({ artifactUri: uri }, PROGRAM_FILE, file)
          : this.client.artifacts.downloadFile(
              { runId: runs[1] ?? '' },
              [runs[2], PROGRAM_FILE].filter((p) => p !== '').join('/'),
              file,
            ),
        signal,
      );
      return readFileSync(file, 'utf8');
    } catch (error) {
      // MLflow answered, and the version has no program.json: the version is at fault, not
      // the registry's reachability.
      if (MlflowClientError.isInstance(error) && error.code === 'not_found') return null;
      throw error;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
