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
import { TRACE_ENV_NAMES, traceConfigOf, type TraceConfig } from '../traces/trace-config';

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

/** How the dspy path is restored after an automated rollback. */
export const rollbackRecoverySchema = z.enum(['auto', 'operator']);

/** Settings that only the API reads. */
export const apiServerConfigSchema = z.object({
  port: z.number().int().min(0).max(65_535).default(3000),
  host: z.string().min(1).default('0.0.0.0'),
  flagsFile: z.string().min(1).optional(),
  /** Polling interval of the flags file, as a fallback to fs.watch. */
  flagsPollMs: z.number().int().min(100).max(3_600_000).default(2_000),
  killSwitch: z.boolean().default(false),
  /** Empty: local mode, no keys required. */
  apiKeys: z.array(apiKeyEntrySchema).default([]),
  /** Tenants whose keys may call operator endpoints (e.g. reset a rollback). */
  adminTenants: z.array(z.string().regex(/^[\w.-]{1,64}$/)).default([]),
  rateLimitRpm: z.number().int().positive().default(600),
  /** Bucket size: how many requests a tenant may send at once before the rate applies. */
  rateLimitBurst: z.number().int().positive().optional(),
  registryPollSeconds: z.number().positive().default(30),
  maxQuestionChars: z.number().int().min(1).max(100_000).default(2000),
  maxTopK: z.number().int().min(1).max(100).default(20),
  /** Unset: 5, or CITED_MAX_TOP_K when that is lower. */
  defaultTopK: z.number().int().min(1).max(100).optional(),
  maxBodyBytes: z.number().int().min(256).max(10_485_760).default(16_384),
  allowPipelineOverride: z.boolean().default(false),
  /** Log question and answer text (always scrubbed). Off: only ids, counts and hashes. */
  logText: z.boolean().default(false),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  shutdownTimeoutMs: z.number().int().min(0).max(600_000).default(10_000),
  /** Where the last validated program artifact is cached. Default: `<dir of index>/program-cache`. */
  programCacheDir: z.string().min(1).optional(),
  dryRunTimeoutMs: z.number().int().positive().default(15_000),
  rollbackWindowSeconds: z.number().positive().default(300),
  rollbackMinRequests: z.number().int().min(1).default(20),
  /** Error-or-unsupported rate (0-1) of the dspy path above which traffic falls back. */
  rollbackThreshold: z.number().min(0).max(1).default(0.5),
  rollbackCooldownSeconds: z.number().min(0).default(600),
  rollbackRecovery: rollbackRecoverySchema.default('auto'),
  /** Qdrant collection queried when `QDRANT_URL` is set (the `eval-runner ingest` default). */
  qdrantCollection: z
    .string()
    .regex(/^[\w.-]{1,255}$/, 'must be 1-255 characters of letters, digits, _ . -')
    .default('cited'),
  /** Ask Qdrant for the index status at most this long during `GET /readyz`. */
  readyProbeTimeoutMs: z.number().int().min(50).max(60_000).default(2_000),
  /** OpenTelemetry tracing; off: no SDK is started. */
  otelEnabled: z.boolean().default(false),
  /** OTLP/HTTP endpoint; traces go to `<endpoint>/v1/traces`. */
  otelEndpoint: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:4318'),
  otelServiceName: z.string().min(1).max(255).default('cited-api'),
  /**
   * V8's old-generation growing factor, in percent over the live heap (`--heap-growing-percent`);
   * 0 keeps V8's own heuristic. See `app/tune-heap.ts`.
   */
  heapGrowingPercent: z.number().int().min(0).max(400).default(50),
  /** Consecutive LLM failures that open the circuit breaker (answers go to the fallback). */
  llmBreakerFailures: z.number().int().min(1).max(1000).default(5),
  /** How long the breaker stays open before one probe request tries the LLM again. */
  llmBreakerCooldownSeconds: z.number().min(0).max(3600).default(30),
  /** Behind a proxy: the client address is the one it forwards (`X-Forwarded-For`). */
  trustProxy: z.boolean().default(false),
});

/** Validated API-only settings. */
export type ApiServerConfig = z.infer<typeof apiServerConfigSchema>;

/** Environment variable of each {@link ApiServerConfig} field. */
export const API_ENV_NAMES: Readonly<Record<keyof ApiServerConfig, string>> = {
  port: 'PORT',
  host: 'HOST',
  flagsFile: 'CITED_FLAGS_FILE',
  flagsPollMs: 'CITED_FLAGS_POLL_MS',
  killSwitch: 'CITED_KILL_SWITCH',
  apiKeys: 'CITED_API_KEYS',
  adminTenants: 'CITED_ADMIN_TENANTS',
  rateLimitRpm: 'CITED_RATE_LIMIT_RPM',
  rateLimitBurst: 'CITED_RATE_LIMIT_BURST',
  registryPollSeconds: 'CITED_REGISTRY_POLL_S',
  maxQuestionChars: 'CITED_MAX_QUESTION_CHARS',
  maxTopK: 'CITED_MAX_TOP_K',
  defaultTopK: 'CITED_DEFAULT_TOP_K',
  maxBodyBytes: 'CITED_MAX_BODY_BYTES',
  allowPipelineOverride: 'CITED_ALLOW_PIPELINE_OVERRIDE',
  logText: 'CITED_LOG_TEXT',
  logLevel: 'CITED_LOG_LEVEL',
  shutdownTimeoutMs: 'CITED_SHUTDOWN_TIMEOUT_MS',
  programCacheDir: 'CITED_PROGRAM_CACHE_DIR',
  dryRunTimeoutMs: 'CITED_DRY_RUN_TIMEOUT_MS',
  rollbackWindowSeconds: 'CITED_ROLLBACK_WINDOW_S',
  rollbackMinRequests: 'CITED_ROLLBACK_MIN_REQUESTS',
  rollbackThreshold: 'CITED_ROLLBACK_THRESHOLD',
  rollbackCooldownSeconds: 'CITED_ROLLBACK_COOLDOWN_S',
  rollbackRecovery: 'CITED_ROLLBACK_RECOVERY',
  qdrantCollection: 'CITED_QDRANT_COLLECTION',
  readyProbeTimeoutMs: 'CITED_READY_PROBE_TIMEOUT_MS',
  otelEnabled: 'CITED_OTEL_ENABLED',
  otelEndpoint: 'OTEL_EXPORTER_OTLP_ENDPOINT',
  otelServiceName: 'OTEL_SERVICE_NAME',
  heapGrowingPercent: 'CITED_HEAP_GROWING_PERCENT',
  llmBreakerFailures: 'CITED_LLM_BREAKER_FAILURES',
  llmBreakerCooldownSeconds: 'CITED_LLM_BREAKER_COOLDOWN_S',
  trustProxy: 'CITED_TRUST_PROXY',
};

/** The whole configuration the API runs with. */
export interface ApiConfig {
  server: ApiServerConfig;
  mlflow: MlflowConfig;
  llm: LlmConfig | null;
  retrieval: RetrievalEnvConfig;
  program: ProgramSourceConfig;
  pii: PiiEnvConfig;
  /** MLflow traces of answers (`CITED_TRACE_*`). */
  traces: TraceConfig;
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

/** The `CITED_TRACE_*` settings; the sampling default depends on whether keys are configured. */
function traceConfigFrom(env: Env, keyed: boolean): TraceConfig {
  const t = TRACE_ENV_NAMES;
  const r = traceConfigOf(
    { experiment: read(env, t.experiment), sample: num(env, t.sample), queue: num(env, t.queue) },
    keyed,
  );
  if (!r.success) throw new ApiConfigError(r.variable, r.message);
  return r.config;
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
  const n = API_ENV_NAMES;
  const raw: Record<keyof ApiServerConfig, unknown> = {
    port: num(env, n.port),
    host: read(env, n.host),
    flagsFile: read(env, n.flagsFile),
    flagsPollMs: num(env, n.flagsPollMs),
    killSwitch: bool(env, n.killSwitch),
    apiKeys: parseApiKeys(read(env, n.apiKeys)),
    adminTenants: read(env, n.adminTenants)
      ?.split(',')
      .map((t) => t.trim())
      .filter((t) => t !== ''),
    rateLimitRpm: num(env, n.rateLimitRpm),
    rateLimitBurst: num(env, n.rateLimitBurst),
    registryPollSeconds: num(env, n.registryPollSeconds),
    maxQuestionChars: num(env, n.maxQuestionChars),
    maxTopK: num(env, n.maxTopK),
    defaultTopK: num(env, n.defaultTopK),
    maxBodyBytes: num(env, n.maxBodyBytes),
    allowPipelineOverride: bool(env, n.allowPipelineOverride),
    logText: bool(env, n.logText),
    logLevel: read(env, n.logLevel)?.toLowerCase(),
    shutdownTimeoutMs: num(env, n.shutdownTimeoutMs),
    programCacheDir: read(env, n.programCacheDir),
    dryRunTimeoutMs: num(env, n.dryRunTimeoutMs),
    rollbackWindowSeconds: num(env, n.rollbackWindowSeconds),
    rollbackMinRequests: num(env, n.rollbackMinRequests),
    rollbackThreshold: num(env, n.rollbackThreshold),
    rollbackCooldownSeconds: num(env, n.rollbackCooldownSeconds),
    rollbackRecovery: read(env, n.rollbackRecovery)?.toLowerCase(),
    qdrantCollection: read(env, n.qdrantCollection),
    readyProbeTimeoutMs: num(env, n.readyProbeTimeoutMs),
    otelEnabled: bool(env, n.otelEnabled),
    otelEndpoint: read(env, n.otelEndpoint),
    otelServiceName: read(env, n.otelServiceName),
    heapGrowingPercent: num(env, n.heapGrowingPercent),
    llmBreakerFailures: num(env, n.llmBreakerFailures),
    llmBreakerCooldownSeconds: num(env, n.llmBreakerCooldownSeconds),
    trustProxy: bool(env, n.trustProxy),
  };
  const parsed = apiServerConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? '') as keyof ApiServerConfig;
    throw new ApiConfigError(n[key] ?? key, `${issue?.message ?? 'is invalid'}.`);
  }
  if (parsed.data.defaultTopK !== undefined && parsed.data.defaultTopK > parsed.data.maxTopK) {
    throw new ApiConfigError(
      n.defaultTopK,
      `must not exceed ${n.maxTopK} (${parsed.data.maxTopK}).`,
    );
  }
  parsed.data.defaultTopK ??= Math.min(5, parsed.data.maxTopK);
  const llm = llmConfigFromEnv(env);
  const retrieval = retrievalConfigFromEnv(env);
  // Embeddings are computed through the configured LLM provider; without one the index
  // would silently be BM25-only while the configuration claims dense retrieval.
  if (retrieval.embedModel !== undefined && llm === null) {
    throw new ApiConfigError(
      'CITED_EMBED_MODEL',
      'needs an LLM provider to compute embeddings: set CITED_LLM_PROVIDER (with CITED_LLM_BASE_URL / CITED_LLM_API_KEY as needed) or unset CITED_EMBED_MODEL.',
    );
  }
  return {
    server: parsed.data,
    mlflow: mlflowConfigFromEnv(env),
    llm,
    retrieval,
    program: programSourceConfigFromEnv(env),
    pii: piiConfigFromEnv(env),
    traces: traceConfigFrom(env, parsed.data.apiKeys.length > 0),
  };
}
