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

/** The eval-runner's view of the product configuration (see the README's table). */
export interface RunnerConfig {
  mlflow: MlflowConfig;
  llm: LlmConfig | null;
  retrieval: RetrievalEnvConfig;
  program: ProgramSourceConfig;
  pii: PiiEnvConfig;
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
  };
}
