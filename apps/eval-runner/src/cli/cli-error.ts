import { ExitCode, type ExitCodeValue } from './exit-codes';

/** Why a command stopped; decides the exit code. */
export type CliErrorCode =
  'bad_input' | 'usage' | 'check_failed' | 'unavailable' | 'tracking_unavailable' | 'internal';

/** An error a command raises on purpose: its message is shown as is, with the fix. */
export class CliError extends Error {
  readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.code = code;
  }

  /** The exit code this error ends the process with. */
  get exitCode(): ExitCodeValue {
    if (this.code === 'tracking_unavailable') return ExitCode.TrackingUnavailable;
    return this.code === 'bad_input' || this.code === 'usage'
      ? ExitCode.BadInput
      : ExitCode.CheckFailed;
  }
}

/** Library error codes that mean "the input given to the command is wrong". */
const BAD_INPUT_CODES = new Set([
  'invalid_config',
  'invalid_argument',
  'invalid_input',
  'file_not_found',
  'empty_file',
  'invalid_utf8',
  'invalid_json',
  'invalid_row',
  'duplicate_id',
  'line_too_long',
  'malformed_line',
  'depth_exceeded',
  'circular_reference',
  'invalid_corpus',
  'invalid_program',
  'incompatible_program',
  'unknown_tenant',
  'not_found',
]);

/** Maps any thrown value to an exit code and a code string for `--json` output. */
export function classifyError(error: unknown): {
  exitCode: ExitCodeValue;
  code: string;
  message: string;
} {
  if (error instanceof CliError)
    return { exitCode: error.exitCode, code: error.code, message: error.message };
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'string' ? error.code : 'internal';
    const exitCode = BAD_INPUT_CODES.has(code) ? ExitCode.BadInput : ExitCode.CheckFailed;
    return { exitCode, code, message: error.message };
  }
  return { exitCode: ExitCode.CheckFailed, code: 'internal', message: String(error) };
}
