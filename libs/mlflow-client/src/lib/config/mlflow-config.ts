import { z } from 'zod';
import { MlflowClientError } from '../errors/mlflow-client-error';

/** The tracking server users get when `MLFLOW_TRACKING_URI` is unset (see `npm run mlflow:up`). */
export const DEFAULT_TRACKING_URI = 'http://127.0.0.1:5000';

/** Connection settings of the MLflow client. */
export const mlflowConfigSchema = z
  .object({
    trackingUri: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
    /** True when the URI came from the default, i.e. the managed local server. */
    managedLocalServer: z.boolean().default(false),
    token: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /** Per-request timeout in milliseconds (MLflow: `MLFLOW_HTTP_REQUEST_TIMEOUT`, seconds). */
    requestTimeoutMs: z.number().int().positive().default(120_000),
    /** Retries on connection errors, 429 and 5xx (MLflow: `MLFLOW_HTTP_REQUEST_MAX_RETRIES`). */
    maxRetries: z.number().int().min(0).max(20).default(7),
    /** Exponential backoff factor in ms (MLflow: `MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR`, seconds). */
    backoffFactorMs: z.number().int().min(0).default(2_000),
    /** Upper bound of a single backoff wait (MLflow: `MLFLOW_HTTP_REQUEST_BACKOFF_JITTER` is added on top). */
    backoffMaxMs: z.number().int().positive().default(60_000),
    /** Skip TLS verification (MLflow: `MLFLOW_TRACKING_INSECURE_TLS`). */
    insecureTls: z.boolean().default(false),
    /** A CA bundle path for TLS verification (MLflow: `MLFLOW_TRACKING_SERVER_CERT_PATH`). */
    serverCertPath: z.string().min(1).optional(),
  })
  .refine((c) => !(c.username === undefined) === !(c.password === undefined), {
    message: 'MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD must be set together',
    path: ['username'],
  });

/** Validated MLflow connection settings. */
export type MlflowConfig = z.infer<typeof mlflowConfigSchema>;

const ENV_NAMES: Record<string, string> = {
  trackingUri: 'MLFLOW_TRACKING_URI',
  token: 'MLFLOW_TRACKING_TOKEN',
  username: 'MLFLOW_TRACKING_USERNAME',
  password: 'MLFLOW_TRACKING_PASSWORD',
  requestTimeoutMs: 'MLFLOW_HTTP_REQUEST_TIMEOUT',
  maxRetries: 'MLFLOW_HTTP_REQUEST_MAX_RETRIES',
  backoffFactorMs: 'MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR',
  insecureTls: 'MLFLOW_TRACKING_INSECURE_TLS',
  serverCertPath: 'MLFLOW_TRACKING_SERVER_CERT_PATH',
};

function read(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function seconds(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): number | undefined {
  const v = read(env, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    throw new MlflowClientError(
      'invalid_config',
      `${name} must be a non-negative number of seconds.`,
      {
        where: name,
        fix: `Set ${name} to e.g. 120 or unset it.`,
      },
    );
  }
  return Math.round(n * 1000);
}

function bool(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): boolean | undefined {
  const v = read(env, name);
  if (v === undefined) return undefined;
  if (/^(1|true|yes)$/i.test(v)) return true;
  if (/^(0|false|no)$/i.test(v)) return false;
  throw new MlflowClientError('invalid_config', `${name} must be true or false.`, { where: name });
}

/**
 * Builds the client configuration from MLflow's own environment variable names. Only
 * apps call this (once, at start-up); the library itself never reads `process.env`.
 * @throws MlflowClientError `invalid_config` naming the variable at fault (never its value).
 */
export function mlflowConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): MlflowConfig {
  const uri = read(env, 'MLFLOW_TRACKING_URI');
  const retries = read(env, 'MLFLOW_HTTP_REQUEST_MAX_RETRIES');
  const raw = {
    trackingUri: uri ?? DEFAULT_TRACKING_URI,
    managedLocalServer: uri === undefined,
    token: read(env, 'MLFLOW_TRACKING_TOKEN'),
    username: read(env, 'MLFLOW_TRACKING_USERNAME'),
    password: read(env, 'MLFLOW_TRACKING_PASSWORD'),
    requestTimeoutMs: seconds(env, 'MLFLOW_HTTP_REQUEST_TIMEOUT'),
    maxRetries: retries === undefined ? undefined : Number(retries),
    backoffFactorMs: seconds(env, 'MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR'),
    insecureTls: bool(env, 'MLFLOW_TRACKING_INSECURE_TLS'),
    serverCertPath: read(env, 'MLFLOW_TRACKING_SERVER_CERT_PATH'),
  };
  const parsed = mlflowConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? 'trackingUri');
    const name = ENV_NAMES[key] ?? key;
    throw new MlflowClientError(
      'invalid_config',
      `${name} is invalid: ${issue?.message ?? 'bad value'}.`,
      {
        where: name,
        fix: `Fix or unset ${name}.`,
      },
    );
  }
  return parsed.data;
}
