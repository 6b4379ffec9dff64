import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { MlflowClient, mlflowConfigFromEnv } from '@cited/mlflow-client';
import { runCli } from '../create-program';

/** One in-process CLI invocation: exit code, stdout, stderr. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** The single JSON object printed on stdout under --json. */
  json<T = Record<string, unknown>>(): T;
}

/** An in-process CLI host capturing stdout and stderr, for `runCli(argv, host)`. */
export interface CapturedHost {
  host: { env: Record<string, string | undefined>; stdout: PassThrough; stderr: PassThrough };
  /** Everything written to stdout so far. */
  out(): string;
  /** Everything written to stderr so far. */
  err(): string;
}

/** A host whose whole environment is `env` and whose output streams are captured. */
export function captureHost(env: Record<string, string | undefined> = {}): CapturedHost {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { host: { env, stdout, stderr }, out: () => out, err: () => err };
}

/** Runs `eval-runner <args>` in this process with `env` as its whole environment. */
export async function cli(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<CliRun> {
  const h = captureHost(env);
  const code = await runCli(['node', 'eval-runner', ...args], h.host);
  const out = h.out();
  return {
    code,
    out,
    err: h.err(),
    json: <T>() => JSON.parse(out.trim().split('\n').pop() ?? '') as T,
  };
}

/** The MLflow server of this test run (tools/jest-mlflow-setup.cjs). */
export function testMlflowUri(): string {
  const uri = process.env['CITED_TEST_MLFLOW_URI'];
  if (!uri)
    throw new Error(
      'CITED_TEST_MLFLOW_URI is unset: run through jest with tools/jest-mlflow-setup.cjs.',
    );
  return uri;
}

/** A client for assertions against the test server. */
export function testMlflowClient(): MlflowClient {
  return new MlflowClient(mlflowConfigFromEnv({ MLFLOW_TRACKING_URI: testMlflowUri() }));
}

/** An isolated environment: own index, spool, LLM cache, experiment and model name. */
export function isolatedEnv(
  label: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), `cited-er-${label}-`));
  const unique = `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  return {
    MLFLOW_TRACKING_URI: testMlflowUri(),
    CITED_INDEX_DIR: join(dir, 'index'),
    CITED_SPOOL_DIR: join(dir, 'spool'),
    CITED_LLM_CACHE_DIR: join(dir, 'llm-cache'),
    CITED_MODEL_NAME: `cited-${unique}`,
    MLFLOW_EXPERIMENT_NAME: `exp-${unique}`,
    CITED_TEST_DIR: dir,
    ...extra,
  };
}
