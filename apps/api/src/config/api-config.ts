import { z } from 'zod';
import {
  llmConfigFromEnv,
  programSourceConfigFromEnv,
  retrievalConfigFromEnv,
  type LlmConfig,
  type ProgramSourceConfig,
  type RetrievalEnvConfig,
} from '@cited/dspy-pipeline';
import { mlflowConfigFromEnv, type MlflowConfig } from '@cited/mlflow-client';
import { piiConfigFromEnv, type PiiEnvConfig } from '@cited/pii-scrub';

/** Raised at start-up when the environment is invalid; names the variable, never its value. */
export class ApiConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ApiConfigError';
  }
}

const apiKeyEntrySchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a 64-character lowercase hex SHA-256'),
  tenantId: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'tenant must be 1-64 characters of letters, digits, _ . -'),
});

/** One API key, as configured: the SHA-256 of the key and the tenant it maps to. */
export type ApiKeyEntry = z.infer<typeof apiKeyEntrySchema>;

/** Settings that only the API reads. */
export const apiServerConfigSchema = z.object({
  port: z.number().int().min(0).max(65_535).default(3000),
  host: z.string().min(1).default('0.0.0.0'),
  flagsFile: z.string().min(1).optional(),
  killSwitch: z.boolean().default(false),
  /** Empty: local mode, no keys required. */
  apiKeys: z.array(apiKeyEntrySchema).default([]),
  rateLimitRpm: z.number().int().positive().default(600),
  registryPollSeconds: z.number().positive().default(30),
});

/** Validated API-only settings. */
export type ApiServerConfig = z.infer<typeof apiServerConfigSchema>;

/** The whole configuration the API runs with. */
export interface ApiConfig {
  server: ApiServerConfig;
  mlflow: MlflowConfig;
  llm: LlmConfig | null;
  retrieval: RetrievalEnvConfig;
  program: ProgramSourceConfig;
  pii: PiiEnvConfig;
}

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function num(env: Env, name: string): number | undefined {
  const v = read(env, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new ApiConfigError(name, 'must be a number.');
  return n;
}

function bool(env: Env, name: string): boolean | undefined {
  const v = read(env, name);
  if (v === undefined) return undefined;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  throw new ApiConfigError(name, 'must be true or false.');
}

/** Parses `CITED_API_KEYS="<sha256hex>:<tenant>,…"`. */
export function parseApiKeys(value: string | undefined): ApiKeyEntry[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((entry, i) => {
      const [sha256 = '', tenantId = '', ...rest] = entry.split(':');
      const parsed = apiKeyEntrySchema.safeParse({ sha256: sha256.toLowerCase(), tenantId });
      if (rest.length > 0 || !parsed.success) {
        const why = parsed.success ? 'has more than one ":"' : parsed.error.issues[0]?.message;
        throw new ApiConfigError(
          'CITED_API_KEYS',
          `entry ${i + 1} ${why}; expected "<sha256hex>:<tenant>".`,
        );
      }
      return parsed.data;
    });
}

/**
 * Reads and validates the whole environment once, at start-up. Library settings are
 * parsed by each library's `…ConfigFromEnv`; API-only settings here.
 * @throws ApiConfigError (or a library config error) naming the variable at fault.
 */
export function loadApiConfig(env: Env): ApiConfig {
  const raw = {
    port: num(env, 'PORT'),
    host: read(env, 'HOST'),
    flagsFile: read(env, 'CITED_FLAGS_FILE'),
    killSwitch: bool(env, 'CITED_KILL_SWITCH'),
    apiKeys: parseApiKeys(read(env, 'CITED_API_KEYS')),
    rateLimitRpm: num(env, 'CITED_RATE_LIMIT_RPM'),
    registryPollSeconds: num(env, 'CITED_REGISTRY_POLL_S'),
  };
  const parsed = apiServerConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const names: Record<string, string> = {
      port: 'PORT',
      host: 'HOST',
      rateLimitRpm: 'CITED_RATE_LIMIT_RPM',
      registryPollSeconds: 'CITED_REGISTRY_POLL_S',
    };
    const key = String(issue?.path[0] ?? '');
    throw new ApiConfigError(names[key] ?? key, `${issue?.message ?? 'is invalid'}.`);
  }
  return {
    server: parsed.data,
    mlflow: mlflowConfigFromEnv(env),
    llm: llmConfigFromEnv(env),
    retrieval: retrievalConfigFromEnv(env),
    program: programSourceConfigFromEnv(env),
    pii: piiConfigFromEnv(env),
  };
}
