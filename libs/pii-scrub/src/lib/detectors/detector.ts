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
   * Words (ASCII, case-insensitive, as {@link TriggerSpec}s) that make a match more likely
   * without being part of it, such as `tel` for phone numbers. Where any detector's word
   * occurs, or any non-ASCII character (the probe reads ASCII only), the probe reports the
   * `contextWord` fact; the detector still checks its words itself, and may skip that check
   * on texts without the fact.
   */
  readonly contextTriggers?: readonly TriggerSpec[];
  /**
   * Cheap test run before `scan` (an `indexOf` or a short regex that any match must satisfy).
   * Returning false skips the detector for this text. `probeBits` is what `TextProbe.scan`
   * returned for the text (test facts with `hasFacts`).
   */
  readonly mayMatch: (text: string, probeBits: number) => boolean;
  /** Finds the matches; `probeBits` as for `mayMatch` (absent: assume every fact may hold). */
  readonly scan: (text: string, emit: Emit, probeBits?: number) => void;
}
