import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api-config';
import { FlagsModule } from '../flags/flags.module';
import { PipelineFlags } from '../flags/pipeline-flags';
import { HealthModule } from '../health/health.module';
import { LlmHealth } from '../health/llm-health';
import { API_LOGGER } from '../observability/api-logger.token';
import { ApiMetrics } from '../observability/api-metrics';
import { LlmCircuitBreaker } from '../pipelines/llm-circuit-breaker';
import type { QaEngine } from '../pipelines/qa-engine';
import { QA_ENGINE } from '../pipelines/qa-engine.token';
import { RollbackMonitor } from '../pipelines/rollback-monitor';
import { ProgramManager } from '../programs/program-manager';
import { ProgramServingModule } from '../programs/program-serving.module';
import { AnswerTraces } from '../traces/answer-traces';
import { TracesModule } from '../traces/traces.module';
import { AnswerController } from './answer.controller';
import { AnswerService } from './answer.service';

/** `POST /v1/answer` and the service that picks and runs the pipeline of each request. */
@Module({
  imports: [ProgramServingModule, FlagsModule, HealthModule, TracesModule],
  controllers: [AnswerController],
  providers: [
    {
      provide: AnswerService,
      inject: [
        API_CONFIG,
        ProgramManager,
        PipelineFlags,
        RollbackMonitor,
        ApiMetrics,
        API_LOGGER,
        LlmHealth,
        QA_ENGINE,
        LlmCircuitBreaker,
        AnswerTraces,
      ],
      useFactory: (
        config: ApiConfig,
        programs: ProgramManager,
        flags: PipelineFlags,
        rollback: RollbackMonitor,
        metrics: ApiMetrics,
        logger: Logger,
        llmHealth: LlmHealth,
        engine: QaEngine,
        circuit: LlmCircuitBreaker,
        traces: AnswerTraces,
      ): AnswerService =>
        new AnswerService({
          server: config.server,
          programs,
          flags,
          rollback,
          metrics,
          logger,
          llmHealth,
          circuit,
          retrievalWaitsOnIo: engine.retrievalWaitsOnIo,
          traces,
        }),
    },
  ],
})
export class AnswerModule {}
