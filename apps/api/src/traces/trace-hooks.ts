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
  // Callback hooks, not async ones: they run on every request and do no I/O, and an async hook
  // costs Fastify a promise and a microtask turn per request.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (request.routeOptions.url === TRACED_ROUTE) {
      const traceId = traces.traceIdOf(requestState(request));
      if (traceId !== undefined) void reply.header('x-trace-id', traceId);
    }
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (request.routeOptions.url === TRACED_ROUTE)
      traces.finish(requestState(request), request.id, reply.statusCode);
    done();
  });
}
