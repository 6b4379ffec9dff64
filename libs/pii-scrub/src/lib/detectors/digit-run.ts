/**
 * 9 digits with at most three separator characters (` ().-/` or no-break space) between
 * neighbours. Phone, SSN and card numbers all need such a run, so texts whose digits come in
 * short groups (timestamps, counters, versions) skip those detectors. Linear: separators and
 * digits are disjoint, so each attempt ends within 36 characters. The lookbehind starts an
 * attempt only where a run begins: a run too short from its first digit is too short from any
 * later one, and retrying at every digit of timestamps and hex ids was a top profile entry.
 */
const RUN_9 = /(?<!\d[ ().\-/\u00a0]{0,3})\d(?:[ ().\-/\u00a0]{0,3}\d){8}/;

let lastText: string | undefined;
let lastResult = false;

/** Whether `text` holds a 9-digit run (see above). Memoised: three detectors ask in a row. */
export function hasNineDigitRun(text: string): boolean {
  if (text !== lastText) {
    lastText = text;
    lastResult = RUN_9.test(text);
  }
  return lastResult;
}
