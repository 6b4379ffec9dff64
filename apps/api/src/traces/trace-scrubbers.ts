import { createScrubber, type PiiEnvConfig } from '@cited/pii-scrub';

/** The scrubbing of what goes into an answer trace. Never throws. */
export interface TraceScrubbers {
  /** Questions, answers, prompts, replies, comments. */
  text: (text: string) => string;
  /** Passage texts and titles: the same chunks recur, so their scrubbed form is remembered. */
  passage: (text: string) => string;
}

/** Passages whose scrubbed form is kept; full, the memo starts over. */
const PASSAGE_MEMO_ENTRIES = 20_000;

/**
 * pii-scrub's default profile (keyed pseudonyms when `CITED_PII_HMAC_KEY` is set) for traces:
 * every text of a trace goes through it before it is queued.
 */
export function createTraceScrubbers(pii: PiiEnvConfig): TraceScrubbers {
  const scrubber = createScrubber({
    profile: 'default',
    ...(pii.hmacKey ? { pseudonymKey: pii.hmacKey } : {}),
    invalidUtf8: 'replace',
  });
  const text = (t: string): string => {
    try {
      return scrubber.scrubText(t).text;
    } catch {
      return '<UNSCRUBBABLE>';
    }
  };
  const memo = new Map<string, string>();
  const passage = (t: string): string => {
    let out = memo.get(t);
    if (out === undefined) {
      out = text(t);
      if (memo.size >= PASSAGE_MEMO_ENTRIES) memo.clear();
      memo.set(t, out);
    }
    return out;
  };
  return { text, passage };
}
