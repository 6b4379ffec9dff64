/**
 * Machine-readable reasons a pii-scrub operation can fail. Extend the union when a new
 * failure mode is added; callers switch on it (the API maps codes to HTTP statuses).
 */
export type PiiScrubErrorCode =
  | 'invalid_config'
  | 'invalid_input'
  | 'depth_exceeded'
  | 'circular_reference'
  | 'line_too_long'
  | 'malformed_line'
  | 'invalid_utf8';

/** Options for {@link PiiScrubError}. */
export interface PiiScrubErrorOptions {
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
export class PiiScrubError extends Error {
  readonly code: PiiScrubErrorCode;
  readonly where: string | undefined;
  readonly fix: string | undefined;

  constructor(code: PiiScrubErrorCode, message: string, options: PiiScrubErrorOptions = {}) {
    const parts = [
      options.where && !message.startsWith(options.where)
        ? `${options.where}: ${message}`
        : message,
    ];
    if (options.fix) parts.push(options.fix);
    super(parts.join(' '), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PiiScrubError';
    this.code = code;
    this.where = options.where;
    this.fix = options.fix;
  }

  /** True for instances of this class, also across duplicated module copies. */
  static isInstance(value: unknown): value is PiiScrubError {
    return (
      value instanceof PiiScrubError ||
      (value instanceof Error && value.name === 'PiiScrubError' && 'code' in value)
    );
  }
}
