import type { FastifyInstance } from 'fastify';
import { requestState } from '../request/request-state';
import type { AnswerTraces } from './answer-traces';

/** The only route whose requests are traced (never health, metrics, docs or static files). */
const TRACED_ROUTE = '/v1/answer';

/**
 * Fastify hooks of MLflow answer tracing: the `X-Trace-Id` header on a traced answer (error
 * responses included), and the trace built and queued once the response has been sent.
 * Not registered at all when sampling is 0.
 */
export function registerTraceHooks(fastify: FastifyInstance, traces: AnswerTraces): void {
  if (!traces.enabled) return;
  fastify.addHook('onSend', async (request, reply) => {
    if (request.routeOptions.url !== TRACED_ROUTE) return;
    const traceId = traces.traceIdOf(requestState(request));
    if (traceId !== undefined) void reply.header('x-trace-id', traceId);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    if (request.routeOptions.url !== TRACED_ROUTE) return;
    traces.finish(requestState(request), request.id, reply.statusCode);
  });
}
