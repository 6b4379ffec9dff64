import type { Span } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ShutdownState } from '../app/shutdown-state';
import type { ApiMetrics } from '../observability/api-metrics';
import type { ApiTracing } from '../observability/tracing';
import { requestState } from './request-state';

/** Routes that are neither traced nor access-logged (probes and scrapes). */
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/** What the request hooks report to. */
export interface RequestHookDeps {
  logger: Logger;
  metrics: ApiMetrics;
  tracing: ApiTracing;
  shutdown: ShutdownState;
}

/**
 * What happens around every request, routed or not (404s and body-parser errors included), as
 * Fastify hooks: the `x-request-id` header, the server span, `connection: close` while shutting
 * down, the HTTP latency metric and the access log line (one per request, with what the request
 * state collected on the way).
 */
export function registerRequestHooks(fastify: FastifyInstance, deps: RequestHookDeps): void {
  const { logger, metrics, tracing, shutdown } = deps;
  const spans = new WeakMap<object, Span>();
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
    if (shutdown.closing) void reply.header('connection', 'close');
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
}
