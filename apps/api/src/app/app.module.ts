import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import {
  OpenFeatureModule,
  getOpenFeatureClientToken,
  type Client,
  type Provider,
} from '@openfeature/nestjs-sdk';
import { AnswerController } from '../answer/answer.controller';
import { AnswerService } from '../answer/answer.service';
import { AccessGuard } from '../auth/access.guard';
import { TenantAccess } from '../auth/tenant-access';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api-config';
import { JsonFileFlagProvider } from '../flags/json-file-flag-provider';
import { PipelineFlags } from '../flags/pipeline-flags';
import { HealthController } from '../health/health.controller';
import { ApiMetrics } from '../observability/api-metrics';
import { MetricsController } from '../observability/metrics.controller';
import { PlaygroundModule } from '../playground/playground.module';
import { ProgramsController } from '../programs/programs.controller';
import { API_RUNTIME, type ApiRuntime } from './api-runtime';

/** Stops the runtime's background work when Nest shuts down. */
class RuntimeLifecycle implements OnApplicationShutdown {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  async onApplicationShutdown(): Promise<void> {
    this.runtime.shuttingDown = true;
    await this.runtime.programs.stop();
    await this.runtime.engine.close();
    await this.runtime.tracing.shutdown();
  }
}

/** Everything `AppModule.forRoot` needs besides the config. */
export interface AppModuleDeps {
  /** The runtime without its answer service (wired here, with the OpenFeature client). */
  runtime: Omit<ApiRuntime, 'answers'>;
  /** OpenFeature domain of this instance (several instances may share a process). */
  flagDomain: string;
  flagProvider: Provider;
  /** The access rules, shared with the plain Fastify answer route (one set of rate limits). */
  access: TenantAccess;
}

/** Root module; the validated configuration and the runtime are provided once, at start-up. */
@Module({})
export class AppModule {
  static forRoot(config: ApiConfig, deps: AppModuleDeps): DynamicModule {
    const { runtime, flagDomain, flagProvider, access } = deps;
    return {
      module: AppModule,
      imports: [
        PlaygroundModule,
        OpenFeatureModule.forRoot({
          providers: { [flagDomain]: flagProvider },
          useGlobalInterceptor: false,
        }),
      ],
      controllers: [HealthController, MetricsController, AnswerController, ProgramsController],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: ApiMetrics, useValue: runtime.metrics },
        { provide: TenantAccess, useValue: access },
        {
          provide: API_RUNTIME,
          inject: [getOpenFeatureClientToken(flagDomain)],
          useFactory: (client: Client): ApiRuntime => {
            const full = runtime as ApiRuntime;
            full.answers = new AnswerService(
              config.server,
              runtime.programs,
              new PipelineFlags(
                client,
                flagProvider instanceof JsonFileFlagProvider ? flagProvider : null,
              ),
              runtime.rollback,
              runtime.metrics,
              runtime.logger,
              runtime.engine.llmConfigured,
              runtime.llmHealth,
              runtime.engine.retrievalWaitsOnIo,
            );
            return full;
          },
        },
        RuntimeLifecycle,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [API_CONFIG],
    };
  }
}
