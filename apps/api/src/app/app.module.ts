import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AnswerModule } from '../answer/answer.module';
import { AuthModule } from '../auth/auth.module';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { HealthModule } from '../health/health.module';
import { PlaygroundModule } from '../playground/playground.module';
import { ProgramsModule } from '../programs/programs.module';
import { ApiCoreModule, type ApiCoreOptions } from './api-core.module';

/**
 * Root module. The feature modules are imported in the order their routes are published
 * (`/healthz`, `/readyz`, `/metrics`, `/v1/answer`, `/v1/programs/*`); the access guard
 * (`AuthModule`) and the problem+json filter apply to every route.
 */
@Module({})
export class AppModule {
  static forRoot(options: ApiCoreOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ApiCoreModule.forRoot(options),
        HealthModule,
        AnswerModule,
        ProgramsModule,
        PlaygroundModule,
        AuthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
