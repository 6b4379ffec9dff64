/**
 * Machine-readable reasons a dataset-manifest operation can fail. Extend the union when a new
 * failure mode is added; callers switch on it (the API maps codes to HTTP statuses).
 */
export type DatasetManifestErrorCode =
  | 'invalid_config'
  | 'file_not_found'
  | 'empty_file'
  | 'invalid_utf8'
  | 'invalid_json'
  | 'invalid_row'
  | 'duplicate_id'
  | 'line_too_long'
  | 'io_error'
  | 'invalid_argument';

/** Options for {@link DatasetManifestError}. */
export interface DatasetManifestErrorOptions {
  /** Where the problem is: a file:line, a field path or an environment variable. */
  where?: string;
  /** How to fix it, shown after the message. */
  fix?: string;
  cause?: unknown;
}

/**
 * The one error base class of this package. Messages name what was wrong and where,
 * say how to fix it, and never echo secret or personal values.
 */
export class DatasetManifestError extends Error {
  readonly code: DatasetManifestErrorCode;
  readonly where: string | undefined;
  readonly fix: string | undefined;

  constructor(
    code: DatasetManifestErrorCode,
    message: string,
    options: DatasetManifestErrorOptions = {},
  ) {
    const parts = [
      options.where && !message.startsWith(options.where)
        ? `${options.where}: ${message}`
        : message,
    ];
    if (options.fix) parts.push(options.fix);
    super(parts.join(' '), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DatasetManifestError';
    this.code = code;
    this.where = options.where;
    this.fix = options.fix;
  }

  /** True for instances of this class, also across duplicated module copies. */
  static isInstance(value: unknown): value is DatasetManifestError {
    return (
      value instanceof DatasetManifestError ||
      (value instanceof Error && value.name === 'DatasetManifestError' && 'code' in value)
    );
  }
}
