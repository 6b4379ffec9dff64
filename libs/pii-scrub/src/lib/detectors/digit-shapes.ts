/**
 * Digit shapes the {@link TextProbe} notes while it walks a text, so number detectors can be
 * skipped without a regex pass of their own. Each function looks at a few characters around
 * one digit; the probe calls them only at digits, where it already branches.
 *
 * Each shape is exactly the regex named in its JSDoc: a detector gated on a shape skips only
 * texts that regex would have rejected, so findings stay the same.
 */
import { isDigitCode, isLetterCode, isSpaceCode, isUpperCode } from '../text/char-predicates';

/** Separators a 9-digit run may hold between neighbours: ` ().-/` and no-break space. */
export function isRunSeparatorCode(c: number): boolean {
  return c === 32 || c === 40 || c === 41 || c === 46 || c === 45 || c === 47 || c === 0xa0;
}

/**
 * Whether the digits at `prev` and `at` are neighbours in a digit run: at most three run
 * separators between them. A text has a 9-digit run (phone, SSN and card numbers all need
 * one) iff `/\d(?:[ ().\-/\u00a0]{0,3}\d){8}/` matches it.
 */
export function continuesDigitRun(text: string, prev: number, at: number): boolean {
  if (at - prev > 4 || prev < 0) return false;
  if (at - prev === 1) return true;
  for (let k = prev + 1; k < at; k++) if (!isRunSeparatorCode(text.charCodeAt(k))) return false;
  return true;
}

/** `/[A-Z]{2}\d{2}/` with its second digit at `at` (the start of every IBAN). */
export function isIbanStartAt(text: string, at: number): boolean {
  return (
    isDigitCode(text.charCodeAt(at - 1)) &&
    isUpperCode(text.charCodeAt(at - 2)) &&
    isUpperCode(text.charCodeAt(at - 3))
  );
}

/** Skips a non-empty `\s+` run from `i`; -1 when there is none. */
function afterSpaces(text: string, i: number): number {
  if (!isSpaceCode(text.charCodeAt(i))) return -1;
  do i++;
  while (isSpaceCode(text.charCodeAt(i)));
  return i;
}

function isUpperOrDigitCode(c: number): boolean {
  return isUpperCode(c) || isDigitCode(c);
}

/**
 * `/\d[A-Za-z]?\s+[A-Z\d][A-Za-z\d'.\-]*\s+[A-Z\d]/` starting at the digit `at`: house number,
 * a token, then another capitalised token or number. Every street address has it; log lines
 * (`…00.123Z INFO [api]`) do not. Deterministic: each part's characters exclude the next's.
 */
export function isStreetNumberAt(text: string, at: number): boolean {
  let i = at + 1;
  if (isLetterCode(text.charCodeAt(i))) i++;
  i = afterSpaces(text, i);
  if (i < 0 || !isUpperOrDigitCode(text.charCodeAt(i))) return false;
  i++;
  for (;;) {
    const c = text.charCodeAt(i);
    if (!(isLetterCode(c) || isDigitCode(c) || c === 39 || c === 46 || c === 45)) break;
    i++;
  }
  i = afterSpaces(text, i);
  return i >= 0 && isUpperOrDigitCode(text.charCodeAt(i));
}

/** 1–3 digits from `i` followed by `.`: the index after the dot, or -1. */
function afterOctetAndDot(text: string, i: number): number {
  const start = i;
  while (i - start < 3 && isDigitCode(text.charCodeAt(i))) i++;
  return i > start && text.charCodeAt(i) === 46 ? i + 1 : -1;
}

/** `/\d\.\d{1,3}\.\d{1,3}\.\d/` starting at the digit `at` (every IPv4 address has it). */
export function isIpv4ShapeAt(text: string, at: number): boolean {
  if (text.charCodeAt(at + 1) !== 46) return false;
  let i = afterOctetAndDot(text, at + 2);
  if (i < 0) return false;
  i = afterOctetAndDot(text, i);
  return i >= 0 && isDigitCode(text.charCodeAt(i));
}
