import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_OVERRIDES, type AppOverrides } from '../app/app-overrides';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api-config';
import { API_LOGGER } from '../observability/api-logger.token';
import { ApiMetrics } from '../observability/api-metrics';
import { createQaEngine } from './create-qa-engine';
import { LlmCircuitBreaker, type CircuitState } from './llm-circuit-breaker';
import type { QaEngine } from './qa-engine';
import { QA_ENGINE } from './qa-engine.token';
import { RollbackMonitor } from './rollback-monitor';

/** The engine given to `createApp`, else the library's; its index is loaded before it is used. */
async function startQaEngine(config: ApiConfig, overrides: AppOverrides): Promise<QaEngine> {
  const engine = overrides.engine ?? createQaEngine(config);
  await engine.init();
  return engine;
}

/** The dspy path's breaker, reporting its trips and restores as an alert, a log line and metrics. */
function createRollbackMonitor(
  config: ApiConfig,
  metrics: ApiMetrics,
  logger: Logger,
): RollbackMonitor {
  const s = config.server;
  return new RollbackMonitor(
    {
      windowMs: s.rollbackWindowSeconds * 1000,
      minRequests: s.rollbackMinRequests,
      threshold: s.rollbackThreshold,
      cooldownMs: s.rollbackCooldownSeconds * 1000,
      recovery: s.rollbackRecovery,
    },
    {
      onTrip: (status) => {
        metrics.rollbacks.inc();
        metrics.rollbackActive.set(1);
        logger.error(
          { event: 'alert', alert: 'dspy_rollback', ...status },
          'ALERT: dspy pipeline rolled back to the fallback pipeline',
        );
      },
      onRestore: (by) => {
        metrics.rollbackActive.set(0);
        logger.warn({ event: 'dspy_restored', by }, 'dspy pipeline serves again');
      },
    },
  );
}

const STATE_VALUE: Record<CircuitState, number> = { closed: 0, half_open: 1, open: 2 };

/** The circuit breaker of the LLM endpoint, reporting its transitions as log lines and metrics. */
function createLlmCircuitBreaker(
  config: ApiConfig,
  engine: QaEngine,
  metrics: ApiMetrics,
  logger: Logger,
): LlmCircuitBreaker {
  const endpoint = engine.llmEndpoint ?? 'none';
  // /metrics is public: its label is the provider, not the host (operators see it in /readyz).
  const label = config.llm?.provider ?? 'none';
  const s = config.server;
  if (engine.llmEndpoint !== null) metrics.llmCircuitState.labels(label).set(0);
  return new LlmCircuitBreaker(
    endpoint,
    { failureThreshold: s.llmBreakerFailures, cooldownMs: s.llmBreakerCooldownSeconds * 1000 },
    (t) => {
      metrics.llmCircuitState.labels(label).set(STATE_VALUE[t.to]);
      metrics.llmCircuitTransitions.labels(label, t.from, t.to).inc();
      const fields = { event: 'llm_circuit', endpoint, from: t.from, to: t.to, reason: t.reason };
      if (t.to === 'open')
        logger.error(fields, 'LLM circuit open: answers go to the fallback without calling it');
      else logger.warn(fields, `LLM circuit ${t.to.replace('_', '-')}`);
    },
  );
}

/**
 * The QA engine (index, LLM clients, pipelines), the rollback breaker of the dspy path and the
 * circuit breaker of the LLM endpoint.
 * The engine closes itself when the app shuts down (its `onApplicationShutdown`); this module
 * sits below the program manager's, so Nest stops the registry polling first.
 */
@Module({
  providers: [
    { provide: QA_ENGINE, inject: [API_CONFIG, APP_OVERRIDES], useFactory: startQaEngine },
    {
      provide: RollbackMonitor,
      inject: [API_CONFIG, ApiMetrics, API_LOGGER],
      useFactory: createRollbackMonitor,
    },
    {
      provide: LlmCircuitBreaker,
      inject: [API_CONFIG, QA_ENGINE, ApiMetrics, API_LOGGER],
      useFactory: createLlmCircuitBreaker,
    },
  ],
  exports: [QA_ENGINE, RollbackMonitor, LlmCircuitBreaker],
})
export class PipelinesModule {}
