/**
 * Machine-readable reasons a dspy-pipeline operation can fail. Extend the union when a new
 * failure mode is added; callers switch on it (the API maps codes to HTTP statuses).
 */
export type DspyPipelineErrorCode =
  | 'invalid_config'
  | 'invalid_input'
  | 'invalid_corpus'
  | 'unknown_tenant'
  | 'index_error'
  | 'llm_error'
  | 'llm_timeout'
  /** The LLM answered, but not with the JSON or fields the pipeline asked for. */
  | 'llm_invalid_reply'
  | 'invalid_program'
  | 'incompatible_program'
  /** An LLM budget (calls or dollars) is spent: no further request is sent. */
  | 'budget_exceeded';

/** Options for {@link DspyPipelineError}. */
export interface DspyPipelineErrorOptions {
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
export class DspyPipelineError extends Error {
  readonly code: DspyPipelineErrorCode;
  readonly where: string | undefined;
  readonly fix: string | undefined;

  constructor(
    code: DspyPipelineErrorCode,
    message: string,
    options: DspyPipelineErrorOptions = {},
  ) {
    const parts = [
      options.where && !message.startsWith(options.where)
        ? `${options.where}: ${message}`
        : message,
    ];
    if (options.fix) parts.push(options.fix);
    super(parts.join(' '), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DspyPipelineError';
    this.code = code;
    this.where = options.where;
    this.fix = options.fix;
  }

  /** True for instances of this class, also across duplicated module copies. */
  static isInstance(value: unknown): value is DspyPipelineError {
    return (
      value instanceof DspyPipelineError ||
      (value instanceof Error && value.name === 'DspyPipelineError' && 'code' in value)
    );
  }
}
