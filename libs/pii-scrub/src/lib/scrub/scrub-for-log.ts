import type { ScrubOptions } from '../config/scrub-options';
import { createScrubber } from './scrub-api';

/** Options for {@link createLogScrubber}. */
export interface LogScrubberOptions {
  /** HMAC key for pseudonyms (apps pass `CITED_PII_HMAC_KEY`). */
  pseudonymKey?: ScrubOptions['pseudonymKey'];
  /** Profile (default `strict`: names too). */
  profile?: ScrubOptions['profile'];
}

/** Scrubs anything before it reaches a log line, an MLflow upload or an error bundle. */
export type LogScrub = <T>(value: T) => T extends string ? string : unknown;

/**
 * A never-throwing scrubber for logs and MLflow uploads: strict profile, circular references
 * replaced, deep values truncated, Errors reduced to name/message/stack (scrubbed), bytes
 * decoded leniently. On an internal failure it returns `<UNSCRUBBABLE>` rather than the value.
 */
export function createLogScrubber(options: LogScrubberOptions = {}): LogScrub {
  const scrubber = createScrubber({
    profile: options.profile ?? 'strict',
    pseudonymKey: options.pseudonymKey,
    onCircular: 'replace',
    onDepthExceeded: 'truncate',
    invalidUtf8: 'replace',
    maxDepth: 32,
  });
  const scrub = (value: unknown): unknown => {
    try {
      if (typeof value === 'string' || value instanceof Uint8Array)
        return scrubber.scrubText(value).text;
      if (value instanceof Error) {
        return scrubber.scrubJson({ name: value.name, message: value.message, stack: value.stack })
          .value;
      }
      return scrubber.scrubJson(value).value;
    } catch {
      return '<UNSCRUBBABLE>';
    }
  };
  return scrub as LogScrub;
}

let shared: LogScrub | undefined;

/**
 * {@link createLogScrubber} with default settings (strict profile, numbered placeholders).
 * Use `createLogScrubber({ pseudonymKey })` when a key is configured.
 */
export function scrubForLog<T>(value: T): T extends string ? string : unknown {
  shared ??= createLogScrubber();
  return shared(value);
}
