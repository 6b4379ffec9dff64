import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_OVERRIDES, type AppOverrides } from '../app/app-overrides';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api-config';
import { API_LOGGER } from '../observability/api-logger.token';
import { ApiMetrics } from '../observability/api-metrics';
import { PipelinesModule } from '../pipelines/pipelines.module';
import type { QaEngine } from '../pipelines/qa-engine';
import { QA_ENGINE } from '../pipelines/qa-engine.token';
import { RollbackMonitor } from '../pipelines/rollback-monitor';
import { createProgramRegistry } from './create-program-registry';
import { ProgramCache } from './program-cache';
import { ProgramManager } from './program-manager';
import { programCacheDir, programManagerSettings } from './program-manager-options';
import type { ProgramRegistry } from './program-registry';
import { PROGRAM_REGISTRY } from './program-registry.token';

/**
 * The program manager with its first program loaded (so the app never starts without one); a
 * newly promoted dspy program resets the rollback breaker.
 */
async function startProgramManager(
  config: ApiConfig,
  engine: QaEngine,
  registry: ProgramRegistry | null,
  rollback: RollbackMonitor,
  metrics: ApiMetrics,
  logger: Logger,
): Promise<ProgramManager> {
  const programs = new ProgramManager({
    settings: programManagerSettings(config),
    engine,
    registry,
    cache: new ProgramCache(programCacheDir(config)),
    logger,
    metrics,
  });
  programs.onSwap((p) => {
    if (p.program.pipeline === 'dspy') rollback.clear('new_program');
  });
  await programs.start();
  return programs;
}

/**
 * The serving programs: the registry (the one given to `createApp`, else MLflow's) and the
 * program manager, which stops polling it when the app shuts down. Also exports the engine and
 * the rollback breaker, which everything that reads programs uses too.
 */
@Module({
  imports: [PipelinesModule],
  providers: [
    {
      provide: PROGRAM_REGISTRY,
      inject: [API_CONFIG, APP_OVERRIDES],
      useFactory: (config: ApiConfig, overrides: AppOverrides): ProgramRegistry | null =>
        overrides.registry === undefined ? createProgramRegistry(config) : overrides.registry,
    },
    {
      provide: ProgramManager,
      inject: [API_CONFIG, QA_ENGINE, PROGRAM_REGISTRY, RollbackMonitor, ApiMetrics, API_LOGGER],
      useFactory: startProgramManager,
    },
  ],
  exports: [ProgramManager, PipelinesModule],
})
export class ProgramServingModule {}
