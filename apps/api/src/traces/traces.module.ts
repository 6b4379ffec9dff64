import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api-config';
import { API_LOGGER } from '../observability/api-logger.token';
import { ApiMetrics } from '../observability/api-metrics';
import { PipelinesModule } from '../pipelines/pipelines.module';
import type { QaEngine } from '../pipelines/qa-engine';
import { QA_ENGINE } from '../pipelines/qa-engine.token';
import { AnswerTraces } from './answer-traces';
import { FeedbackController } from './feedback.controller';
import { FeedbackService } from './feedback.service';
import { createTraceScrubbers, type TraceScrubbers } from './trace-scrubbers';

/** Nest injection token of the trace scrubbers. */
export const TRACE_SCRUBBERS = Symbol('TRACE_SCRUBBERS');

/**
 * MLflow traces of answers (`CITED_TRACE_*`) and `POST /v1/feedback`. The exporter flushes
 * (for a few seconds at most) when the app shuts down.
 */
@Module({
  imports: [PipelinesModule],
  controllers: [FeedbackController],
  providers: [
    {
      provide: TRACE_SCRUBBERS,
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig): TraceScrubbers => createTraceScrubbers(config.pii),
    },
    {
      provide: AnswerTraces,
      inject: [API_CONFIG, TRACE_SCRUBBERS, QA_ENGINE, ApiMetrics, API_LOGGER],
      useFactory: (
        config: ApiConfig,
        scrubbers: TraceScrubbers,
        engine: QaEngine,
        metrics: ApiMetrics,
        logger: Logger,
      ): AnswerTraces =>
        new AnswerTraces({
          config: config.traces,
          mlflow: config.mlflow,
          scrubbers,
          engine,
          metrics,
          logger,
        }),
    },
    {
      provide: FeedbackService,
      inject: [AnswerTraces, TRACE_SCRUBBERS],
      useFactory: (traces: AnswerTraces, scrubbers: TraceScrubbers) =>
        new FeedbackService(traces, scrubbers),
    },
  ],
  exports: [AnswerTraces],
})
export class TracesModule {}
