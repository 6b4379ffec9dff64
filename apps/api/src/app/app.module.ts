import { Module, type DynamicModule } from '@nestjs/common';
import { HealthController } from '../health/health.controller';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api-config';

/** Root module; the validated configuration is provided once, at start-up. */
@Module({})
export class AppModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController],
      providers: [{ provide: API_CONFIG, useValue: config }],
      exports: [API_CONFIG],
    };
  }
}
