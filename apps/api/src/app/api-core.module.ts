import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api-config';
import { API_LOGGER } from '../observability/api-logger.token';
import { ApiMetrics } from '../observability/api-metrics';
import { API_TRACING } from '../observability/api-tracing.token';
import { startTracing, type ApiTracing } from '../observability/tracing';
import { APP_OVERRIDES, type AppOverrides } from './app-overrides';
import { ShutdownState } from './shutdown-state';

/** What {@link ApiCoreModule.forRoot} is given: the app's configuration, logger and overrides. */
export interface ApiCoreOptions {
  config: ApiConfig;
  logger: Logger;
  overrides: AppOverrides;
}

/**
 * What every part of the API may inject: the validated configuration, the logger, the
 * metrics, the tracing (which flushes and stops when the app has shut down, after every other
 * part: this module is global, so Nest shuts it down last) and the shutting-down state.
 */
@Global()
@Module({})
export class ApiCoreModule {
  static forRoot(options: ApiCoreOptions): DynamicModule {
    const { config, logger, overrides } = options;
    const exports = [API_CONFIG, API_LOGGER, APP_OVERRIDES, ApiMetrics, API_TRACING, ShutdownState];
    return {
      module: ApiCoreModule,
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: API_LOGGER, useValue: logger },
        { provide: APP_OVERRIDES, useValue: overrides },
        ApiMetrics,
        {
          provide: API_TRACING,
          useFactory: (): ApiTracing =>
            startTracing(
              config.server,
              overrides.spanExporter === undefined ? {} : { exporter: overrides.spanExporter },
            ),
        },
        ShutdownState,
      ],
      exports,
    };
  }
}
