import { HttpException } from '@nestjs/common';
import { ZodValidationException } from 'nestjs-zod';
import { z } from 'zod';
import { DspyPipelineError } from '@cited/dspy-pipeline';
import { API_ERROR_STATUS, API_ERROR_TITLE, ApiError, type ApiErrorCode } from './api-error';
import { problemType, type ProblemDetails } from './problem-details';

/** Turns the first zod issue into a 400 naming the field. */
export function fromZodError(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? 'body' : issue.path.join('.');
  const message = issue?.message ?? 'is invalid';
  return new ApiError('invalid_request', `${field}: ${message}.`, { field });
}

const DSPY_CODE: Partial<Record<string, ApiErrorCode>> = {
  invalid_input: 'invalid_request',
  llm_timeout: 'upstream_timeout',
  llm_error: 'upstream_unavailable',
  llm_invalid_reply: 'upstream_unavailable',
  index_error: 'pipeline_unavailable',
  unknown_tenant: 'not_found',
};

const FASTIFY_CODE: Partial<Record<string, ApiErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
};

const STATUS_CODE: Partial<Record<number, ApiErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'upstream_unavailable',
  504: 'upstream_timeout',
};

/**
 * Maps anything thrown on the request path to one {@link ApiError}. Unknown errors become a
 * generic 500: their message may carry internals, so it is logged (scrubbed), never sent.
 */
export function toApiError(error: unknown, maxBodyBytes: number): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ZodValidationException) {
    const zodError = error.getZodError();
    if (zodError instanceof z.ZodError) return fromZodError(zodError);
    return new ApiError('invalid_request', 'The request body is invalid.');
  }
  if (error instanceof z.ZodError) return fromZodError(error);
  if (DspyPipelineError.isInstance(error)) {
    const code = DSPY_CODE[error.code];
    if (code === 'upstream_timeout')
      return new ApiError(code, 'The language model did not answer in time; retry later.', {
        cause: error,
      });
    if (code === 'upstream_unavailable')
      return new ApiError(code, 'The language model is unavailable; retry later.', {
        cause: error,
        retryAfterSeconds: 5,
      });
    // The retriever's message may name other tenants (whose names are theirs): a fixed text.
    if (code === 'not_found')
      return new ApiError(code, 'This tenant has no documents to answer from.', {
        cause: error,
        field: 'tenantId',
      });
    if (code !== undefined) return new ApiError(code, error.message, { cause: error });
    return new ApiError('internal', 'The request could not be answered.', { cause: error });
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // Nest re-throws Fastify's body parser errors as HttpExceptions: keep their meaning.
    if (status === 400 && /JSON/i.test(error.message))
      return new ApiError('invalid_json', 'The request body is not valid JSON.', { field: 'body' });
    if (status === 413)
      return new ApiError(
        'payload_too_large',
        `The request body exceeds the limit of ${maxBodyBytes} bytes.`,
      );
    if (status === 415)
      return new ApiError('unsupported_media_type', 'Send the body as application/json.');
    const code = STATUS_CODE[status] ?? (status >= 500 ? 'internal' : 'invalid_request');
    const message =
      code === 'not_found'
        ? 'No such route. See /docs for the API.'
        : code === 'internal'
          ? 'The request could not be answered.'
          : error.message;
    return new ApiError(code, message, { cause: error });
  }
  if (error instanceof SyntaxError && 'statusCode' in error) {
    return new ApiError('invalid_json', 'The request body is not valid JSON.', { field: 'body' });
  }
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    const code = FASTIFY_CODE[error.code];
    if (code === 'payload_too_large')
      return new ApiError(code, `The request body exceeds the limit of ${maxBodyBytes} bytes.`);
    if (code === 'unsupported_media_type')
      return new ApiError(code, 'Send the body as application/json.');
    if (code === 'invalid_json')
      return new ApiError(code, 'The request body is not valid JSON.', { field: 'body' });
    if (code !== undefined) return new ApiError(code, 'The request is malformed.');
  }
  if (error instanceof Error && 'statusCode' in error && typeof error.statusCode === 'number') {
    const code = STATUS_CODE[error.statusCode];
    if (code !== undefined && error.statusCode < 500)
      return new ApiError(code, API_ERROR_TITLE[code], { cause: error });
  }
  if (error instanceof Error && error.name === 'AbortError')
    return new ApiError('upstream_timeout', 'The answer took too long; retry later.');
  return new ApiError('internal', 'The request could not be answered.', { cause: error });
}

/** The problem+json body of `error`. */
export function problemBody(error: ApiError, requestId: string, path: string): ProblemDetails {
  const body: ProblemDetails = {
    type: problemType(error.code),
    title: API_ERROR_TITLE[error.code],
    status: API_ERROR_STATUS[error.code],
    detail: error.message,
    instance: path,
    code: error.code,
    requestId,
  };
  if (error.field !== undefined) body.field = error.field;
  if (error.retryAfterSeconds !== undefined) body.retryAfterSeconds = error.retryAfterSeconds;
  return body;
}
