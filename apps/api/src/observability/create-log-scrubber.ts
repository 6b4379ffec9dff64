import { createLogScrubber as createPiiLogScrubber } from '@cited/pii-scrub';
import type { PiiEnvConfig } from '@cited/pii-scrub';
import type { TextScrubber } from './log-scrubber';

/**
 * The log scrubber of the API: `@cited/pii-scrub`'s strict log profile (names too), keyed
 * pseudonyms when `CITED_PII_HMAC_KEY` is set. Never throws (unscrubbable → placeholder).
 */
export function createLogScrubber(pii: PiiEnvConfig): TextScrubber {
  const scrub = createPiiLogScrubber({ pseudonymKey: pii.hmacKey });
  return (text: string): string => scrub(text);
}
