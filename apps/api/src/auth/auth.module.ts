import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api-config';
import { ApiMetrics } from '../observability/api-metrics';
import { AccessGuard } from './access.guard';
import { TenantAccess } from './tenant-access';

/** API keys, tenants and rate limits: {@link AccessGuard} on every route not marked `@Public()`. */
@Module({
  providers: [
    {
      provide: TenantAccess,
      inject: [API_CONFIG, ApiMetrics],
      useFactory: (config: ApiConfig, metrics: ApiMetrics) =>
        new TenantAccess(config.server, metrics),
    },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [TenantAccess],
})
export class AuthModule {}
