import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Span } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Provider } from '@openfeature/server-sdk';
import type { DestinationStream } from 'pino';
import { serveAnswerRoute } from '../answer/answer.route';
import { TenantAccess } from '../auth/tenant-access';
import type { ApiConfig } from '../config/api-config';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { JsonFileFlagProvider } from '../flags/json-file-flag-provider';
import { ApiMetrics } from '../observability/api-metrics';
import { createApiLogger } from '../observability/logger';
import type { TextScrubber } from '../observability/log-scrubber';
import { createLogScrubber } from '../observability/create-log-scrubber';
import { PinoNestLogger } from '../observability/pino-nest-logger';
import { startTracing } from '../observability/tracing';
import { setupOpenApi } from '../openapi/setup-openapi';
import { createQaEngine } from '../pipelines/create-qa-engine';
import type { QaEngine } from '../pipelines/qa-engine';
import { RollbackMonitor } from '../pipelines/rollback-monitor';
import { createProgramRegistry } from '../programs/create-program-registry';
import { ProgramCache } from '../programs/program-cache';
import { ProgramManager } from '../programs/program-manager';
import type { ProgramRegistry } from '../programs/program-registry';
import { requestState, resolveRequestId } from '../request/request-state';
import { registerStrictJsonBody } from '../request/strict-json-body';
import { AppModule } from './app.module';
import { API_RUNTIME, type ApiRuntime } from './api-runtime';

/** Replaceable parts of the app (tests, or an operator swapping the flag provider). */
export interface CreateAppOptions {
  /** Where JSON log lines go (default stdout). */
  logDestination?: DestinationStream;
  /** Any OpenFeature provider; default: the JSON flags file provider (`CITED_FLAGS_FILE`). */
  flagProvider?: Provider;
  /** Default: the `@cited/dspy-pipeline` engine built from the configuration. */
  engine?: QaEngine;
  /** Default: the MLflow registry of `MLFLOW_TRACKING_URI`; null: no registry. */
  registry?: ProgramRegistry | null;
  /** Default: `@cited/pii-scrub` with the strict log profile. */
  scrubber?: TextScrubber;
  /** Replaces the OTLP exporter when tracing is enabled (tests: an in-memory exporter). */
  spanExporter?: SpanExporter;
}

/** Routes that are neither traced nor access-logged (probes and scrapes). */
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/** Default program cache: `<parent of CITED_INDEX_DIR>/program-cache` (`.cited/program-cache`). */
export function programCacheDir(config: ApiConfig): string {
  return resolve(
    config.server.programCacheDir ??
      join(dirname(resolve(config.retrieval.indexDir)), 'program-cache'),
  );
}

/**
 * Builds the application (not yet listening): loads the index and the first program, wires
 * the flag provider, logging, metrics, errors and OpenAPI. Used by `main.ts` and the tests.
 */
export async function createApp(
  config: ApiConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const s = config.server;
  const scrub = options.scrubber ?? createLogScrubber(config.pii);
  const logger = createApiLogger({ level: s.logLevel, scrub, destination: options.logDestination });
  const metrics = new ApiMetrics();
  const engine = options.engine ?? createQaEngine(config);
  await engine.init();
  const registry =
    options.registry === undefined ? createProgramRegistry(config) : options.registry;
  const rollback = new RollbackMonitor(
    {
      windowMs: s.rollbackWindowSeconds * 1000,
      minRequests: s.rollbackMinRequests,
      threshold: s.rollbackThreshold,
      cooldownMs: s.rollbackCooldownSeconds * 1000,
      recovery: s.rollbackRecovery,
    },
    {
      onTrip: (status) => {
        metrics.rollbacks.inc();
        metrics.rollbackActive.set(1);
        logger.error(
          { event: 'alert', alert: 'dspy_rollback', ...status },
          'ALERT: dspy pipeline rolled back to the fallback pipeline',
        );
      },
      onRestore: (by) => {
        metrics.rollbackActive.set(0);
        logger.warn({ event: 'dspy_restored', by }, 'dspy pipeline serves again');
      },
    },
  );
  const programs = new ProgramManager(
    {
      modelName: config.program.modelName,
      modelAlias: config.program.modelAlias,
      programPath: config.program.programPath,
      pollMs: s.registryPollSeconds * 1000,
      registryTimeoutMs: Math.min(config.mlflow.requestTimeoutMs, 10_000),
      dryRunTimeoutMs: s.dryRunTimeoutMs,
    },
    engine,
    registry,
    new ProgramCache(programCacheDir(config)),
    logger,
    metrics,
  );
  programs.onSwap((p) => {
    if (p.program.pipeline === 'dspy') rollback.clear('new_program');
  });
  await programs.start();

  const flagFile =
    options.flagProvider === undefined
      ? new JsonFileFlagProvider(s.flagsFile, s.flagsPollMs, {
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
        })
      : null;
  const runtime: Omit<ApiRuntime, 'answers'> = {
    config,
    logger,
    metrics,
    engine,
    programs,
    rollback,
    flagFile,
    llmHealth: { lastSuccessAt: null, lastFailureAt: null, lastError: null },
    tracing: startTracing(
      s,
      options.spanExporter === undefined ? {} : { exporter: options.spanExporter },
    ),
    shuttingDown: false,
  };
  const tracing = runtime.tracing;
  const access = new TenantAccess(s, metrics);
  const spans = new WeakMap<object, Span>();

  const adapter = new FastifyAdapter({
    bodyLimit: s.maxBodyBytes,
    // Slow clients (slowloris) must not hold sockets: headers within 10 s, the whole request
    // within 20 s, enforced every second (Node checks every 30 s by default); idle keep-alive
    // sockets close after 72 s, above common load-balancer idle timeouts.
    requestTimeout: 20_000,
    keepAliveTimeout: 72_000,
    http: { headersTimeout: 10_000, connectionsCheckingInterval: 1_000 },
    genReqId: (req: IncomingMessage) => resolveRequestId(req.headers['x-request-id'], randomUUID),
    return503OnClosing: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, {
      runtime,
      flagDomain: `cited-api-${randomUUID()}`,
      flagProvider: options.flagProvider ?? (flagFile as JsonFileFlagProvider),
      access,
    }),
    adapter,
    { logger: new PinoNestLogger(logger) },
  );
  app.useGlobalFilters(new ProblemDetailsFilter(s.maxBodyBytes, logger));
  registerStrictJsonBody(app, s.maxBodyBytes);

  const fastify = app.getHttpAdapter().getInstance();
  // JSON only: other media types get 415 instead of reaching validation as a string.
  fastify.removeContentTypeParser(['text/plain']);
  serveAnswerRoute(fastify, { access, answers: runtimeOf(app).answers, server: s, logger });
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    if (!tracing.enabled) return;
    const route = request.routeOptions.url ?? 'unmatched';
    if (QUIET_ROUTES.has(route)) return;
    const span = tracing.startRequest({
      method: request.method,
      route,
      requestId: request.id,
      headers: request.headers,
    });
    if (span !== null) spans.set(request.raw, span);
  });
  fastify.addHook('onSend', async (_request, reply) => {
    // While shutting down, ask clients not to reuse the connection.
    if (runtime.shuttingDown) void reply.header('connection', 'close');
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.http(request.method, route, String(reply.statusCode)).observe(seconds);
    if (QUIET_ROUTES.has(route)) return;
    const st = requestState(request);
    const span = spans.get(request.raw);
    if (span !== undefined) tracing.finishRequest(span, request.id, reply.statusCode, st);
    logger.info(
      {
        event: 'request',
        requestId: request.id,
        method: request.method,
        route,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        tenantId: st.tenantId,
        pipeline: st.pipeline,
        wantedPipeline: st.wantedPipeline,
        degraded: st.degraded,
        fallbackReason: st.fallbackReason,
        programId: st.programId,
        programVersion: st.programVersion,
        models: st.models,
        citedSourceIds: st.citedSourceIds,
        verdict: st.verdict,
        timings: st.timings,
        errorCode: st.errorCode,
        traceId: span?.spanContext().traceId,
        question: st.question,
        answer: st.answer,
      },
      'request completed',
    );
  });

  setupOpenApi(app, s);
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
        id: programs.current().program.id,
        pipeline: programs.current().program.pipeline,
        source: programs.current().source,
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
  return app;
}

/** The runtime of an app made by {@link createApp}. */
export function runtimeOf(app: NestFastifyApplication): ApiRuntime {
  return app.get<ApiRuntime>(API_RUNTIME);
}
