import { PiiScrubError } from '../errors/pii-scrub-error';

const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const lenientDecoder = new TextDecoder('utf-8');

/** Describes a value's kind for error messages without showing the value. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Accepts a string or UTF-8 bytes (Buffer/Uint8Array). Anything else, or invalid UTF-8 in
 * `error` mode, is a {@link PiiScrubError} that names the kind, never the content.
 */
export function toText(input: unknown, invalidUtf8: 'error' | 'replace', where = 'input'): string {
  if (typeof input === 'string') return input;
  if (input instanceof Uint8Array) {
    if (invalidUtf8 === 'replace') return lenientDecoder.decode(input);
    try {
      return strictDecoder.decode(input);
    } catch {
      throw new PiiScrubError('invalid_utf8', `${where} is not valid UTF-8.`, {
        where,
        fix: 'Re-encode the input as UTF-8, or pass `invalidUtf8: "replace"`.',
      });
    }
  }
  throw new PiiScrubError(
    'invalid_input',
    `${where} must be a string or UTF-8 bytes, got ${kindOf(input)}.`,
    {
      where,
      fix: 'Use scrubJson for objects and arrays.',
    },
  );
}
