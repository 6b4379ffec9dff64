import { Module } from '@nestjs/common';
import { ShutdownState } from '../app/shutdown-state';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api-config';
import { AuthModule } from '../auth/auth.module';
import { FlagsModule } from '../flags/flags.module';
import { PipelineFlags } from '../flags/pipeline-flags';
import { MetricsController } from '../observability/metrics.controller';
import { LlmCircuitBreaker } from '../pipelines/llm-circuit-breaker';
import type { QaEngine } from '../pipelines/qa-engine';
import { QA_ENGINE } from '../pipelines/qa-engine.token';
import { RollbackMonitor } from '../pipelines/rollback-monitor';
import { ProgramManager } from '../programs/program-manager';
import { ProgramServingModule } from '../programs/program-serving.module';
import { HealthController } from './health.controller';
import { LlmHealth } from './llm-health';
import { ReadinessService } from './readiness.service';

/** Probes (`/healthz`, `/readyz`), the Prometheus scrape (`/metrics`) and the LLM's health. */
@Module({
  imports: [ProgramServingModule, FlagsModule, AuthModule],
  controllers: [HealthController, MetricsController],
  providers: [
    LlmHealth,
    {
      provide: ReadinessService,
      inject: [
        API_CONFIG,
        QA_ENGINE,
        ProgramManager,
        RollbackMonitor,
        LlmHealth,
        LlmCircuitBreaker,
        PipelineFlags,
        ShutdownState,
      ],
      useFactory: (
        config: ApiConfig,
        engine: QaEngine,
        programs: ProgramManager,
        rollback: RollbackMonitor,
        llmHealth: LlmHealth,
        circuit: LlmCircuitBreaker,
        flags: PipelineFlags,
        shutdown: ShutdownState,
      ): ReadinessService =>
        new ReadinessService({
          server: config.server,
          engine,
          programs,
          rollback,
          llmHealth,
          circuit,
          flags,
          shutdown,
        }),
    },
  ],
  exports: [LlmHealth],
})
export class HealthModule {}
