import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api-config';
import { API_LOGGER } from '../observability/api-logger.token';
import { requestState } from '../request/request-state';
import { PROBLEM_JSON } from './problem-details';
import { problemBody, toApiError } from './to-problem';

/**
 * The one exception filter of the API (registered as `APP_FILTER`): sends any error as
 * `application/problem+json` (RFC 9457), with no stack trace. Nest also routes Fastify's own
 * errors here (body parsing fails before a route runs: 400, 413, 415) and unknown routes
 * (404), so every error response has one shape. Unexpected errors (500) are logged.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly maxBodyBytes: number;

  constructor(
    @Inject(API_CONFIG) config: ApiConfig,
    @Inject(API_LOGGER) private readonly logger: Logger,
  ) {
    this.maxBodyBytes = config.server.maxBodyBytes;
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const apiError = toApiError(exception, this.maxBodyBytes);
    requestState(request).errorCode = apiError.code;
    if (apiError.code === 'internal') {
      this.logger.error(
        { requestId: request.id, err: exception },
        'unhandled error on the request path',
      );
    }
    const path = request.url.split('?')[0] ?? '/';
    const body = problemBody(apiError, request.id, path);
    if (apiError.retryAfterSeconds !== undefined)
      void reply.header('retry-after', String(apiError.retryAfterSeconds));
    void reply.status(body.status).header('content-type', PROBLEM_JSON).send(JSON.stringify(body));
  }
}
