import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { requestState } from '../request/request-state';
import { PROBLEM_JSON } from './problem-details';
import { problemBody, toApiError } from './to-problem';

/**
 * Sends any error as `application/problem+json` (RFC 9457). Used both as THE Nest exception
 * filter and as Fastify's error handler (body parsing errors happen before Nest sees the
 * request), so every error response has one shape and no stack trace.
 */
export function sendProblem(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  maxBodyBytes: number,
  logger: Logger,
): void {
  const apiError = toApiError(error, maxBodyBytes);
  requestState(request).errorCode = apiError.code;
  if (apiError.code === 'internal') {
    logger.error({ requestId: request.id, err: error }, 'unhandled error on the request path');
  }
  const path = request.url.split('?')[0] ?? '/';
  const body = problemBody(apiError, request.id, path);
  if (apiError.retryAfterSeconds !== undefined)
    void reply.header('retry-after', String(apiError.retryAfterSeconds));
  void reply.status(body.status).header('content-type', PROBLEM_JSON).send(JSON.stringify(body));
}

/** The one exception filter of the API (see {@link sendProblem}). */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(
    private readonly maxBodyBytes: number,
    private readonly logger: Logger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(
      exception,
      http.getRequest<FastifyRequest>(),
      http.getResponse<FastifyReply>(),
      this.maxBodyBytes,
      this.logger,
    );
  }
}
