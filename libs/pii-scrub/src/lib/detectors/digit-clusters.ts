/**
 * `n` digits with at most three separator characters (` ().-/` or no-break space) between
 * neighbours. Phone, SSN and card numbers all need such a run, so texts whose digits come in
 * short groups (timestamps, counters, versions) skip those detectors. Linear: each attempt
 * stops at the first gap longer than three characters.
 */
function digitRunRegex(n: number): RegExp {
  return new RegExp(`\\d(?:[ ().\\-/\\u00a0]{0,3}\\d){${n - 1}}`);
}

const RUN_9 = digitRunRegex(9);
let lastText: string | undefined;
let lastResult = false;

/**
 * Whether `text` holds 9 digits close together (see {@link digitRunRegex}). Memoised for the
 * text asked about last, as three detectors ask in a row.
 */
export function hasNineDigitRun(text: string): boolean {
  if (text !== lastText) {
    lastText = text;
    lastResult = RUN_9.test(text);
  }
  return lastResult;
}
