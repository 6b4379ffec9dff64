import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import type { ApiConfig } from '../config/api-config';

/** Builds the Nest application (not yet listening); used by `main.ts` and the e2e tests. */
export async function createApp(config: ApiConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter(),
    {
      logger: ['error', 'warn', 'log'],
    },
  );
  app.enableShutdownHooks();
  return app;
}
