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
import { z } from 'zod';
import { CliError } from '../cli/cli-error';
import { llmUsageConfigFromEnv, type LlmUsageConfig } from './llm-usage-config';

/** Settings of the runner itself (experiment, spool). */
export const runnerSettingsSchema = z.object({
  /** Default experiment of eval/optimize runs (`MLFLOW_EXPERIMENT_NAME`, MLflow's own name). */
  experimentName: z.string().min(1).max(500).default('cited'),
  /** Where runs go when MLflow is away (`CITED_SPOOL_DIR`). */
  spoolDir: z.string().min(1).default('.cited/spool'),
});

/** Validated runner settings. */
export type RunnerSettings = z.infer<typeof runnerSettingsSchema>;

function runnerSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): RunnerSettings {
  const read = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const parsed = runnerSettingsSchema.safeParse({
    experimentName: read('MLFLOW_EXPERIMENT_NAME'),
    spoolDir: read('CITED_SPOOL_DIR'),
  });
  if (!parsed.success) {
    const key = String(parsed.error.issues[0]?.path[0] ?? '');
    const name = key === 'spoolDir' ? 'CITED_SPOOL_DIR' : 'MLFLOW_EXPERIMENT_NAME';
    throw new CliError(
      'bad_input',
      `${name} is invalid: ${parsed.error.issues[0]?.message ?? 'bad value'}.`,
    );
  }
  return parsed.data;
}

/** The eval-runner's view of the product configuration (see the README's table). */
export interface RunnerConfig {
  mlflow: MlflowConfig;
  llm: LlmConfig | null;
  retrieval: RetrievalEnvConfig;
  program: ProgramSourceConfig;
  pii: PiiEnvConfig;
  runner: RunnerSettings;
  /** The CLI's LLM request cache and price table. */
  llmUsage: LlmUsageConfig;
}

/**
 * Reads and validates every variable the eval-runner uses, once. Each library parses its
 * own variables and names the one at fault in its error.
 */
export function loadRunnerConfig(env: Readonly<Record<string, string | undefined>>): RunnerConfig {
  return {
    mlflow: mlflowConfigFromEnv(env),
    llm: llmConfigFromEnv(env),
    retrieval: retrievalConfigFromEnv(env),
    program: programSourceConfigFromEnv(env),
    pii: piiConfigFromEnv(env),
    runner: runnerSettingsFromEnv(env),
    llmUsage: llmUsageConfigFromEnv(env),
  };
}

/** The configuration with every credential replaced by "set", safe to print. */
export function describeRunnerConfig(config: RunnerConfig): Record<string, unknown> {
  const secret = (v: string | undefined) => (v === undefined ? 'unset' : 'set');
  return {
    mlflow: {
      trackingUri: config.mlflow.trackingUri,
      managedLocalServer: config.mlflow.managedLocalServer,
      token: secret(config.mlflow.token),
      username: secret(config.mlflow.username),
      password: secret(config.mlflow.password),
    },
    llm: config.llm === null ? null : { ...config.llm, apiKey: secret(config.llm.apiKey) },
    retrieval: { ...config.retrieval, qdrantApiKey: secret(config.retrieval.qdrantApiKey) },
    program: config.program,
    pii: { hmacKey: secret(config.pii.hmacKey) },
    runner: config.runner,
    llmUsage: {
      cacheDir: config.llmUsage.cacheDir,
      cacheMaxBytes: config.llmUsage.cacheMaxBytes,
      prices: config.llmUsage.pricesFile,
    },
  };
}
