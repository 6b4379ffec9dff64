import { Module } from '@nestjs/common';
import type { Provider } from '@openfeature/server-sdk';
import type { Logger } from 'pino';
import { APP_OVERRIDES, type AppOverrides } from '../app/app-overrides';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api-config';
import { API_LOGGER } from '../observability/api-logger.token';
import { ApiMetrics } from '../observability/api-metrics';
import { FLAG_PROVIDER } from './flag-provider.token';
import { JsonFileFlagProvider } from './json-file-flag-provider';
import { OpenFeatureDomain } from './open-feature-domain';
import { PipelineFlags } from './pipeline-flags';

/** The flag provider given to `createApp`, else the JSON flags file provider (`CITED_FLAGS_FILE`). */
function createFlagProvider(
  config: ApiConfig,
  overrides: AppOverrides,
  metrics: ApiMetrics,
  logger: Logger,
): Provider {
  if (overrides.flagProvider !== undefined) return overrides.flagProvider;
  const s = config.server;
  return new JsonFileFlagProvider(s.flagsFile, s.flagsPollMs, {
    onLoaded: (path) => {
      metrics.flagReloads.inc({ result: 'loaded' });
      logger.info({ event: 'flags_reloaded', path }, 'feature flags reloaded');
    },
    onInvalid: (path, message) => {
      metrics.flagReloads.inc({ result: 'invalid' });
      logger.error(
        { event: 'flags_invalid', path, error: message },
        'feature flags file invalid; the previous flags stay in force',
      );
    },
  });
}

/** Feature flags (`qa-pipeline`, `kill-switch`) through OpenFeature. */
@Module({
  providers: [
    {
      provide: FLAG_PROVIDER,
      inject: [API_CONFIG, APP_OVERRIDES, ApiMetrics, API_LOGGER],
      useFactory: createFlagProvider,
    },
    {
      provide: OpenFeatureDomain,
      inject: [FLAG_PROVIDER],
      useFactory: (provider: Provider) => new OpenFeatureDomain(provider),
    },
    {
      provide: PipelineFlags,
      inject: [OpenFeatureDomain, API_CONFIG],
      useFactory: ({ client, provider }: OpenFeatureDomain, config: ApiConfig) =>
        new PipelineFlags(
          client,
          provider instanceof JsonFileFlagProvider ? provider : null,
          config.server.killSwitch,
        ),
    },
  ],
  exports: [PipelineFlags],
})
export class FlagsModule {}
