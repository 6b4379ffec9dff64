import type { Logger } from 'pino';
import type { ApiConfig } from '../config/api-config';
import type { AnswerService } from '../answer/answer.service';
import type { ApiMetrics } from '../observability/api-metrics';
import type { QaEngine } from '../pipelines/qa-engine';
import type { RollbackMonitor } from '../pipelines/rollback-monitor';
import type { ProgramManager } from '../programs/program-manager';
import type { JsonFileFlagProvider } from '../flags/json-file-flag-provider';
import type { ApiTracing } from '../observability/tracing';

/** LLM health as seen from answers. */
export interface LlmHealth {
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  lastError: string | null;
}

/** Everything one API instance runs with, built once in `createApp`. */
export interface ApiRuntime {
  config: ApiConfig;
  logger: Logger;
  metrics: ApiMetrics;
  engine: QaEngine;
  programs: ProgramManager;
  rollback: RollbackMonitor;
  answers: AnswerService;
  /** The default flag provider, when it is the one in use. */
  flagFile: JsonFileFlagProvider | null;
  llmHealth: LlmHealth;
  /** OpenTelemetry tracing (`CITED_OTEL_ENABLED`); a no-op when disabled. */
  tracing: ApiTracing;
  /** True once SIGTERM/close began: readiness answers 503 so balancers stop sending. */
  shuttingDown: boolean;
}

/** Nest injection token of the {@link ApiRuntime}. */
export const API_RUNTIME = Symbol('API_RUNTIME');
