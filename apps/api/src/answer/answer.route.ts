import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { TenantAccess } from '../auth/tenant-access';
import type { ApiServerConfig } from '../config/api-config';
import { sendProblem } from '../errors/problem-details.filter';
import { fromZodError } from '../errors/to-problem';
import { ClientAbort } from '../request/client-abort';
import { requestState } from '../request/request-state';
import type { AnswerService } from './answer.service';
import { answerRequestSchema, type AnswerResponse } from './answer.schemas';

/** Method and path of the answer operation (declared by `AnswerController`). */
export const ANSWER_ROUTE = { method: 'POST', url: '/v1/answer' } as const;

/** What the answer route runs with; one of each per app. */
export interface AnswerRouteDeps {
  /** The same instance as `AccessGuard`'s: the route draws from the same token buckets. */
  access: TenantAccess;
  answers: AnswerService;
  server: ApiServerConfig;
  logger: Logger;
}

/** A Fastify handler of `POST /v1/answer`. */
export type AnswerHandler = (
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<AnswerResponse | FastifyReply>;

/**
 * `POST /v1/answer` without Nest's per-request machinery: what `AccessGuard`, the controller
 * and `ProblemDetailsFilter` did, in the same order. The body is already parsed (strict JSON
 * parser; its 400/413/415 go through Fastify's error handler, which Nest installs, as before).
 */
export function answerHandler(deps: AnswerRouteDeps): AnswerHandler {
  const { access, answers, server, logger } = deps;
  const schema = answerRequestSchema(server);
  return async (request, reply) => {
    try {
      access.admit(request, reply);
      const parsed = schema.safeParse(request.body ?? {});
      if (!parsed.success) throw fromZodError(parsed.error);
      // Aborts retrieval and LLM calls when the client goes away.
      return await answers.answer(
        parsed.data,
        request.id,
        requestState(request),
        new ClientAbort(reply.raw),
      );
    } catch (error) {
      // The filter's own function: the same problem+json bytes, errorCode and error log.
      sendProblem(error, request, reply, server.maxBodyBytes, logger);
      return reply;
    }
  };
}

/**
 * Serves `POST /v1/answer` with {@link answerHandler}. `AnswerController` still declares the
 * route, so Nest maps it and the OpenAPI document describes it exactly as before; as Nest
 * registers it on Fastify, this `onRoute` hook swaps Nest's handler (router, guard, pipes,
 * interceptors, filter: ~25% of the request's CPU) for the plain one. One route, no Nest code
 * on its request path. Call before the app is initialised (Nest registers routes in `init`);
 * start-up fails if the route never showed up, rather than serving the placeholder.
 */
export function serveAnswerRoute(fastify: FastifyInstance, deps: AnswerRouteDeps): void {
  const handler = answerHandler(deps);
  let served = false;
  fastify.addHook('onRoute', (route) => {
    if (route.method !== ANSWER_ROUTE.method || route.url !== ANSWER_ROUTE.url) return;
    route.handler = handler;
    served = true;
  });
  fastify.addHook('onReady', async () => {
    if (!served) throw new Error(`${ANSWER_ROUTE.method} ${ANSWER_ROUTE.url} was never registered`);
  });
}
