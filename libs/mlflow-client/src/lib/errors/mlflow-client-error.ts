/**
 * Machine-readable reasons a mlflow-client operation can fail. Extend the union when a new
 * failure mode is added; callers switch on it (the API maps codes to HTTP statuses).
 */
export type MlflowClientErrorCode =
  | 'invalid_config'
  | 'invalid_argument'
  | 'http_error'
  | 'network_error'
  | 'timeout'
  | 'invalid_response'
  | 'not_found'
  | 'spool_error'
  | 'unauthorized'
  | 'conflict'
  | 'aborted';

/** Options for {@link MlflowClientError}. */
export interface MlflowClientErrorOptions {
  /** Where the problem is: a file:line, a field path or an environment variable. */
  where?: string;
  /** How to fix it, shown after the message. */
  fix?: string;
  cause?: unknown;
  /** HTTP status of the failed response, when there was one. */
  status?: number;
  /** MLflow's `error_code` (e.g. `RESOURCE_DOES_NOT_EXIST`), when the server sent one. */
  errorCode?: string;
  /** `METHOD /path` of the failed request (no query string, never the body). */
  endpoint?: string;
}

/**
 * The one error base class of this package. Messages name what was wrong and where,
 * say how to fix it, and never echo secret or personal values.
 */
export class MlflowClientError extends Error {
  readonly code: MlflowClientErrorCode;
  readonly where: string | undefined;
  readonly fix: string | undefined;
  /** HTTP status of the failed response, when there was one. */
  readonly status: number | undefined;
  /** MLflow's `error_code`, when the server sent one. */
  readonly errorCode: string | undefined;
  /** `METHOD /path` of the failed request. Request bodies are never included anywhere. */
  readonly endpoint: string | undefined;

  constructor(
    code: MlflowClientErrorCode,
    message: string,
    options: MlflowClientErrorOptions = {},
  ) {
    const parts = [
      options.where && !message.startsWith(options.where)
        ? `${options.where}: ${message}`
        : message,
    ];
    if (options.fix) parts.push(options.fix);
    super(parts.join(' '), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MlflowClientError';
    this.code = code;
    this.where = options.where;
    this.fix = options.fix;
    this.status = options.status;
    this.errorCode = options.errorCode;
    this.endpoint = options.endpoint;
  }

  /** True for instances of this class, also across duplicated module copies. */
  static isInstance(value: unknown): value is MlflowClientError {
    return (
      value instanceof MlflowClientError ||
      (value instanceof Error && value.name === 'MlflowClientError' && 'code' in value)
    );
  }
}
