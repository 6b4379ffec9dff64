import type { ProbeFact } from './text-probe';
import type { TriggerSpec } from './trigger-spec';

/** A span a detector found in a text, in UTF-16 offsets of that text. */
export interface Candidate {
  type: string;
  start: number;
  end: number;
  /** Higher wins an overlap of equal length. */
  priority: number;
}

/** Receives each candidate a detector finds. */
export type Emit = (start: number, end: number) => void;

/**
 * One entity detector. `scan` must be linear in the text length (no catastrophic
 * backtracking) and must validate candidates in code where a format has rules.
 */
export interface Detector {
  readonly type: string;
  readonly priority: number;
  /**
   * Literals (ASCII, case-insensitive), one of which occurs in every text this detector can
   * match. All detectors' triggers are found in one combined pass (`TextProbe`); a detector
   * none of whose triggers occur is skipped before `mayMatch`. Omit when no such list exists.
   */
  readonly triggers?: readonly TriggerSpec[];
  /**
   * Facts about a text's digits that every match implies (see `PROBE_FACTS`): texts the
   * probe found without one of them skip the detector before `mayMatch`.
   */
  readonly needs?: readonly ProbeFact[];
  /**
   * Cheap test run before `scan` (an `indexOf` or a short regex that any match must satisfy).
   * Returning false skips the detector for this text. `probeBits` is what `TextProbe.scan`
   * returned for the text (test facts with `hasFacts`).
   */
  readonly mayMatch: (text: string, probeBits: number) => boolean;
  readonly scan: (text: string, emit: Emit) => void;
}

/** Runs a global regex over `text` and calls `onMatch` for each match. Resets `lastIndex`. */
export function eachMatch(re: RegExp, text: string, onMatch: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    onMatch(m);
    if (m[0].length === 0) re.lastIndex++;
  }
}

/** True for ASCII letters, digits and underscore. */
export function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * Whether the character before `index` is one of `chars` (or a word character when
 * `word` is set). Used instead of a leading regex lookbehind, which V8 would evaluate at
 * every position of the text.
 */
export function prevIs(text: string, index: number, chars: string, word = true): boolean {
  if (index === 0) return false;
  const c = text.charCodeAt(index - 1);
  return (word && isWordCode(c)) || chars.indexOf(text[index - 1] ?? '') >= 0;
}

/** True for ASCII digits. */
export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Same set as the regex `\s` (ECMAScript WhiteSpace and LineTerminator). */
export function isSpaceCode(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
