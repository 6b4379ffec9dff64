import { createLogScrubber as createPiiLogScrubber } from '@cited/pii-scrub';
import type { PiiEnvConfig } from '@cited/pii-scrub';
import type { TextScrubber } from './log-scrubber';

const MEMO_MAX_LENGTH = 160;
const MEMO_MAX_ENTRIES = 20_000;

/**
 * The log scrubber of the API: `@cited/pii-scrub`'s strict log profile (names too), keyed
 * pseudonyms when `CITED_PII_HMAC_KEY` is set. Never throws (unscrubbable → placeholder).
 */
export function createLogScrubber(pii: PiiEnvConfig): TextScrubber {
  const scrub = createPiiLogScrubber({ pseudonymKey: pii.hmacKey });
  // Most logged strings repeat on every request (messages, event names, routes, pipelines,
  // program and chunk ids). The scrubber is deterministic for a given key, so short strings
  // are scrubbed once and their result reused; long text (errors, opted-in questions) is
  // always scrubbed afresh. The cache is bounded: full, it starts over.
  const cache = new Map<string, string>();
  const one = (text: string): string => {
    if (text.length > MEMO_MAX_LENGTH) return scrub(text);
    let out = cache.get(text);
    if (out === undefined) {
      out = scrub(text);
      if (cache.size >= MEMO_MAX_ENTRIES) cache.clear();
      cache.set(text, out);
    }
    return out;
  };
  // One JSON document, one placeholder registry: numbered placeholders agree across the strings.
  const together = (texts: readonly string[]): string[] => {
    const out = scrub([...texts]);
    return Array.isArray(out) && out.length === texts.length
      ? out.map((v) => (typeof v === 'string' ? v : '<UNSCRUBBABLE>'))
      : texts.map(() => '<UNSCRUBBABLE>');
  };
  return Object.assign(one, { together });
}
