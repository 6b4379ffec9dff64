import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream, Logger } from 'pino';
import type { ApiConfig, ApiServerConfig } from '../config/api-config';
import { ApiMetrics } from '../observability/api-metrics';
import { API_TRACING } from '../observability/api-tracing.token';
import { createLogScrubber } from '../observability/create-log-scrubber';
import type { TextScrubber } from '../observability/log-scrubber';
import { createApiLogger } from '../observability/logger';
import { PinoNestLogger } from '../observability/pino-nest-logger';
import type { ApiTracing } from '../observability/tracing';
import { setupOpenApi } from '../openapi/setup-openapi';
import type { QaEngine } from '../pipelines/qa-engine';
import { QA_ENGINE } from '../pipelines/qa-engine.token';
import { ProgramManager } from '../programs/program-manager';
import { registerRequestHooks } from '../request/request-hooks';
import { resolveRequestId } from '../request/request-state';
import { registerStrictJsonBody } from '../request/strict-json-body';
import { AnswerTraces } from '../traces/answer-traces';
import { registerTraceHooks } from '../traces/trace-hooks';
import type { AppOverrides } from './app-overrides';
import { ConnectionDrain } from './connection-drain';
import { AppModule } from './app.module';
import { ShutdownState } from './shutdown-state';

/**
 * Replaceable parts of the app (tests, or an operator swapping the flag provider). To extend
 * the request pipeline, register guards, interceptors, pipes or filters on the returned app
 * (`app.useGlobalInterceptors(…)`) before it listens: they apply to every controller route.
 */
export interface CreateAppOptions extends AppOverrides {
  /** Where JSON log lines go (default stdout). */
  logDestination?: DestinationStream;
  /** Default: `@cited/pii-scrub` with the strict log profile. */
  scrubber?: TextScrubber;
}

/** Fastify, with the API's body limit, socket timeouts, request ids and 503 while closing. */
function createAdapter(server: ApiServerConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: server.maxBodyBytes,
    // Slow clients (slowloris) must not hold sockets: headers within 10 s, the whole request
    // within 20 s, enforced every second (Node checks every 30 s by default); idle keep-alive
    // sockets close after 72 s, above common load-balancer idle timeouts.
    requestTimeout: 20_000,
    keepAliveTimeout: 72_000,
    http: { headersTimeout: 10_000, connectionsCheckingInterval: 1_000 },
    genReqId: (req: IncomingMessage) => resolveRequestId(req.headers['x-request-id'], randomUUID),
    return503OnClosing: true,
    // The client address (failed-key limits) is the forwarded one only behind a trusted proxy.
    trustProxy: server.trustProxy,
  });
}

/** The `startup` log line: what this instance serves. */
function logStartup(app: NestFastifyApplication, config: ApiConfig, logger: Logger): void {
  const s = config.server;
  const engine = app.get<QaEngine>(QA_ENGINE);
  const primary = app.get(ProgramManager).current();
  const tracing = app.get<ApiTracing>(API_TRACING);
  const mode =
    s.apiKeys.length === 0
      ? 'local mode: no API key required (set CITED_API_KEYS to require keys)'
      : `${s.apiKeys.length} API key(s) configured`;
  logger.info(
    {
      event: 'startup',
      mode: s.apiKeys.length === 0 ? 'local' : 'keys',
      index: engine.indexStatus(),
      program: {
        id: primary.program.id,
        pipeline: primary.program.pipeline,
        source: primary.source,
      },
      llm: engine.llmConfigured ? engine.llmModels : null,
      killSwitch: s.killSwitch,
      flagsFile: s.flagsFile ?? null,
      tracing: tracing.enabled
        ? { endpoint: new URL(s.otelEndpoint).origin, service: s.otelServiceName }
        : null,
    },
    `cited api ready — ${mode}`,
  );
}

/**
 * Builds the application (not yet listening): the Nest container loads the index and the
 * first program (see the feature modules), then the HTTP layer gets its body parser, request
 * hooks and OpenAPI document. Used by `main.ts` and the tests.
 * @throws the first start-up error (invalid flags file, no default program, …).
 */
export async function createApp(
  config: ApiConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const { logDestination, scrubber, ...overrides } = options;
  const s = config.server;
  const logger = createApiLogger({
    level: s.logLevel,
    scrub: scrubber ?? createLogScrubber(config.pii),
    destination: logDestination,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, logger, overrides }),
    createAdapter(s),
    // abortOnError false: a start-up error rejects this promise instead of exiting the process.
    { logger: new PinoNestLogger(logger), abortOnError: false },
  );
  app.get(ShutdownState).connections = new ConnectionDrain(app.getHttpServer());
  registerStrictJsonBody(app, s.maxBodyBytes);
  const fastify = app.getHttpAdapter().getInstance();
  // JSON only: other media types get 415 instead of reaching validation as a string.
  fastify.removeContentTypeParser(['text/plain']);
  registerRequestHooks(fastify, {
    logger,
    metrics: app.get(ApiMetrics),
    tracing: app.get<ApiTracing>(API_TRACING),
    shutdown: app.get(ShutdownState),
  });
  registerTraceHooks(fastify, app.get(AnswerTraces));
  setupOpenApi(app, s);
  logStartup(app, config, logger);
  return app;
}
