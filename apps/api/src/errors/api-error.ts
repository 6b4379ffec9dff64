/**
 * Machine-readable reasons a request can fail. Each maps to exactly one HTTP status in
 * {@link API_ERROR_STATUS}; clients switch on `code` of the problem+json body.
 */
export type ApiErrorCode =
  | 'invalid_request'
  | 'invalid_json'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'rate_limited'
  | 'pipeline_unavailable'
  | 'upstream_unavailable'
  | 'upstream_timeout'
  | 'not_ready'
  | 'internal';

/** HTTP status of each {@link ApiErrorCode}. */
export const API_ERROR_STATUS: Readonly<Record<ApiErrorCode, number>> = {
  invalid_request: 400,
  invalid_json: 400,
  unsupported_media_type: 415,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  rate_limited: 429,
  pipeline_unavailable: 503,
  upstream_unavailable: 503,
  upstream_timeout: 504,
  not_ready: 503,
  internal: 500,
};

/** Short human title of each code, the `title` of problem+json. */
export const API_ERROR_TITLE: Readonly<Record<ApiErrorCode, string>> = {
  invalid_request: 'Invalid request',
  invalid_json: 'Malformed JSON body',
  unsupported_media_type: 'Unsupported media type',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  payload_too_large: 'Payload too large',
  rate_limited: 'Too many requests',
  pipeline_unavailable: 'Pipeline unavailable',
  upstream_unavailable: 'Upstream unavailable',
  upstream_timeout: 'Upstream timeout',
  not_ready: 'Not ready',
  internal: 'Internal error',
};

/** Options of {@link ApiError}. */
export interface ApiErrorOptions {
  /** The request field at fault, as a JSON pointer-ish path (`question`, `topK`). */
  field?: string;
  /** Seconds until a retry may succeed (429, 503): sent as `Retry-After`. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * The one error class of the API. Its message is shown to the client as `detail`: it names
 * what was wrong and how to fix it, never a secret, a personal value or a stack trace.
 */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly field: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ApiErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.field = options.field;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** The HTTP status this error is answered with. */
  get status(): number {
    return API_ERROR_STATUS[this.code];
  }
}
