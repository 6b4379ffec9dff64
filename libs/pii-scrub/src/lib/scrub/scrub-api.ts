import type { ScrubOptions } from '../config/scrub-options';
import { scrubJsonWith, type ScrubJsonResult } from './scrub-json';
import {
  compileScrubber,
  scrubWith,
  type CompiledScrubber,
  type ScrubTextResult,
} from './scrubber';
import { toText } from './text-input';

/** A reusable scrubber: options validated and detectors built once. */
export interface Scrubber {
  /** Enabled entity types. */
  readonly types: readonly string[];
  /** Scrubs one text document (string or UTF-8 bytes). */
  scrubText(text: string | Uint8Array): ScrubTextResult;
  /** Scrubs one JSON document; returns a deep copy. */
  scrubJson<T = unknown>(value: T): ScrubJsonResult;
  /** @internal compiled form, for the stream transform. */
  readonly compiled: CompiledScrubber;
}

/**
 * Builds a {@link Scrubber}. Prefer this over calling {@link scrubText} with a fresh options
 * object each time.
 * @throws PiiScrubError `invalid_config` naming the bad option.
 */
export function createScrubber(options?: ScrubOptions): Scrubber {
  const compiled = compileScrubber(options);
  return {
    types: compiled.types,
    compiled,
    scrubText: (text) =>
      scrubWith(
        compiled,
        toText(text, compiled.options.invalidUtf8, 'text'),
        compiled.newRegistry(),
      ),
    scrubJson: (value) => scrubJsonWith(compiled, value, compiled.newRegistry()),
  };
}

const cache = new WeakMap<object, Scrubber>();
let defaultScrubber: Scrubber | undefined;

function scrubberFor(options: ScrubOptions | undefined): Scrubber {
  if (options === undefined) return (defaultScrubber ??= createScrubber());
  let s = cache.get(options);
  if (!s) {
    s = createScrubber(options);
    cache.set(options, s);
  }
  return s;
}

/**
 * Replaces PII and secrets in `text` with placeholders (`<EMAIL_1>`). Findings carry type and
 * offsets in the original text, never the value.
 * @throws PiiScrubError `invalid_input` (not a string/bytes), `invalid_utf8`, `invalid_config`.
 */
export function scrubText(text: string | Uint8Array, options?: ScrubOptions): ScrubTextResult {
  return scrubberFor(options).scrubText(text);
}

/**
 * Scrubs a JSON-like value (deep copy; input untouched): string leaves, sensitive keys.
 * @throws PiiScrubError `depth_exceeded`, `circular_reference` (unless told to truncate/replace).
 */
export function scrubJson<T = unknown>(value: T, options?: ScrubOptions): ScrubJsonResult {
  return scrubberFor(options).scrubJson(value);
}
