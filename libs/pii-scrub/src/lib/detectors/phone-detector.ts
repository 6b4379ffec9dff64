/* eslint-disable no-useless-escape -- '-' and '/' are escaped inside character classes on purpose, so a class stays correct when edited. */
import { ENTITY_PRIORITY } from '../entity-types';
import { isWordCode, prevIs } from '../text/char-predicates';
import { isLuhnValid } from '../validators/luhn-validator';
import {
  createNationalCheck,
  isPossibleInternational,
  knownPhoneRegions,
} from '../validators/phone-possibility';
import { createContextMatcher, type ContextMatcher } from './context-matcher';
import { PHONE_CONTEXT_WORDS } from './context-words';
import type { Detector } from './detector';
import { digitGroups, type DigitGroup } from './digit-groups';
import {
  digitCount,
  isDecimalLike,
  isDottedQuad,
  isPhoneLayout,
  startsWithDate,
} from './phone-layouts';
import { hasFacts, PROBE_FACTS } from './text-probe';

/** How the phone detector decides; see the README's "Phone numbers" section. */
export interface PhoneDetectorConfig {
  /** Regions (ISO 3166-1 alpha-2) a number without a country code may belong to. */
  readonly regions: readonly string[];
  /** Context words added to {@link PHONE_CONTEXT_WORDS}. */
  readonly extraContextWords: readonly string[];
}

/** Fewest digits of a number without a country code (with a context word). */
export const NATIONAL_MIN_DIGITS = 6;
/** Most digits of a number without a country code. */
export const NATIONAL_MAX_DIGITS = 13;

/**
 * The cheap scan: runs of 6+ digits at most three separators apart, with a leading `+`, `(`
 * or `(+`. Shorter digit runs never reach code; everything else (layouts, context,
 * libphonenumber) is decided per run in code.
 */
const RUN = /(?:\(\+|\+|\()?\d(?:[ \u00a0().\-\/]{0,3}\d){5,}/g;
/** An extension right after a number: `x45`, ` ext. 123`, ` #12`, `доб. 7`. */
const EXTENSION =
  /[ \u00a0]?(?:x|ext\.?|extn\.?|extension|#|доб\.?|poste|durchwahl)[ \u00a0.:]?\d{1,6}(?![\w])/iy;
/**
 * A decimal part glued to the number: `.5`, `,50 €` (a comma followed by a CSV field such as
 * `,42,` or `,3d…` is not one).
 */
const DECIMAL_TAIL = /^(?:\.\d|,\d{1,2}(?![\d,\w]))/;
/** `+` and 8 digits, a few separator characters apart: the shortest international number. */
const PLUS_RUN = /\+[ ().\-\/\u00a0]{0,3}\d(?:[ ().\-\/\u00a0]{0,3}\d){7}/;

/**
 * Triggers for the probe's context fact: each ASCII word itself. Words with other characters
 * need none: any non-ASCII character sets the fact.
 */
function contextTriggers(words: readonly string[]): string[] {
  const out = new Set<string>();
  for (const w of words) {
    const word = w.replace(/\*$/, '').toLowerCase();
    if (/^[a-z][a-z._ -]*$/.test(word)) out.add(word);
  }
  return [...out];
}

/** 13–19 digits in groups of four (the last 1–4), passing Luhn. */
function looksLikeCardNumber(groups: readonly DigitGroup[]): boolean {
  if (groups.length < 4) return false;
  const n = digitCount(groups);
  if (n < 13 || n > 19) return false;
  for (let k = 0; k < groups.length - 1; k++)
    if ((groups[k] as DigitGroup).digits.length !== 4) return false;
  return isLuhnValid(groups.map((g) => g.digits).join(''));
}

/** Offset in the run where the number starting at group `i` begins (its `(` or `+` included). */
function numberStart(run: string, groups: readonly DigitGroup[], i: number): number {
  const g = groups[i] as DigitGroup;
  if (i === 0) return 0;
  let s = g.start;
  const floor = (groups[i - 1] as DigitGroup).end;
  while (s > floor && (run[s - 1] === '(' || run[s - 1] === '+')) s--;
  return s;
}

/** Digits of an international number, a `(0)` trunk marker after the country code dropped. */
function internationalDigits(groups: readonly DigitGroup[]): string {
  let d = '';
  groups.forEach((g, k) => {
    const next = groups[k + 1];
    const trunkMarker =
      k > 0 && g.digits === '0' && g.sep.endsWith('(') && (next?.sep.startsWith(')') ?? false);
    if (!trunkMarker) d += g.digits;
  });
  return d;
}

/**
 * Phone numbers, with libphonenumber deciding what is possible:
 * - `+` (or `00`) and a country code: possible for that country, or 8–15 digits (E.164);
 * - no country code: 6–13 digits that are a possible number in at least one configured
 *   region, **and** either a context word near (`Tel.`, `call me at`, `Handy`, a CSV column
 *   named `phone` …) or a typical phone layout ({@link isPhoneLayout}). A bare run of digits
 *   with neither is not a phone number; dates, dotted quads and values glued to letters or
 *   decimals never are;
 * - an extension right after the number (`x45`, `ext. 12`) is part of it.
 */
export function createPhoneDetector(config: PhoneDetectorConfig): Detector {
  const words = [...PHONE_CONTEXT_WORDS, ...config.extraContextWords];
  const context: ContextMatcher = createContextMatcher(words);
  const possibleNationally = createNationalCheck(config.regions);

  /** Whether the text being scanned may hold a context word (the probe's fact). */
  let wordsPossible = true;

  const accept = (
    text: string,
    start: number,
    groups: readonly DigitGroup[],
    end: number,
    plus: boolean,
    firstParen: boolean,
  ): boolean => {
    const n = digitCount(groups);
    const near = () =>
      wordsPossible && (context.near(text, start, end) || context.inCsvColumn(text, start, end));
    if (plus) {
      const d = internationalDigits(groups);
      if (d.length < 7 || d.length > 15) return false;
      return isPossibleInternational(d) || (d.length >= 8 && d[0] !== '0') || near();
    }
    const d = groups.map((g) => g.digits).join('');
    if (startsWithDate(groups) || isDottedQuad(groups) || isDecimalLike(groups)) return false;
    // `00` + country code (`0041 79 …`, `001-415-…`): phone-sized groups or a context word.
    // Written without groups it is a bare run of digits (`ISBN 0031773303`): a word decides.
    const first = groups[0] as DigitGroup;
    if (first.digits.startsWith('00') && d[2] !== '0' && n >= 10 && n <= 17) {
      const shortGroups =
        groups.length > 1 &&
        first.digits.length <= 5 &&
        groups.slice(1).every((g) => g.digits.length <= 4);
      if (isPossibleInternational(d.slice(2)) && (shortGroups || near())) return true;
    }
    if (n < NATIONAL_MIN_DIGITS || n > NATIONAL_MAX_DIGITS) return false;
    if (!isPhoneLayout(groups, firstParen) && !near()) return false;
    return possibleNationally(d);
  };

  return {
    type: 'phone',
    priority: ENTITY_PRIORITY.phone,
    needs: ['digit'],
    contextTriggers: contextTriggers(words),
    // `indexOf` first: scanning for the `+` pattern costs more than this check on most texts.
    mayMatch: (t, bits) =>
      hasFacts(bits, PROBE_FACTS.nineDigitRun) ||
      hasFacts(bits, PROBE_FACTS.contextWord) ||
      (t.indexOf('+') >= 0 && PLUS_RUN.test(t)),
    scan(text, emit, bits) {
      wordsPossible = bits === undefined || hasFacts(bits, PROBE_FACTS.contextWord);
      RUN.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = RUN.exec(text)) !== null) {
        const run = m[0];
        const at = m.index;
        const groups = digitGroups(run);
        // A Luhn-valid card-sized run (`1800 0234 5678 906`) is a card number whether or not
        // the card detector took it: no phone is carved out of it.
        if (looksLikeCardNumber(groups)) continue;
        const gluedBefore = prevIs(text, at, '+./-#');
        let i = gluedBefore ? 1 : 0;
        while (i < groups.length) {
          // A later group starts a number of its own only after whitespace.
          if (i > 0 && !/\s/.test((groups[i] as DigitGroup).sep)) {
            i++;
            continue;
          }
          const s = numberStart(run, groups, i);
          const found = longestNumber(text, at, run, groups, i, s, accept);
          if (found > 0) {
            emit(at + s, found);
            i = groups.findIndex((g) => at + g.end >= found) + 1 || groups.length;
          } else i++;
        }
      }
    },
  };
}

type Accept = (
  text: string,
  start: number,
  groups: readonly DigitGroup[],
  end: number,
  plus: boolean,
  firstParen: boolean,
) => boolean;

/**
 * The longest number starting at group `i` that `accept` takes, as its end offset in `text`
 * (an extension included), or -1. A number ends at the run's end or before whitespace.
 */
function longestNumber(
  text: string,
  at: number,
  run: string,
  groups: readonly DigitGroup[],
  i: number,
  s: number,
  accept: Accept,
): number {
  const plus = run[s] === '+' || (run[s] === '(' && run[s + 1] === '+');
  const firstParen = run[s] === '(';
  let digits = 0;
  let top = i;
  while (top < groups.length && top < i + 8 && digits <= 17)
    digits += (groups[top++] as DigitGroup).digits.length;
  for (let j = top; j > i; j--) {
    if (j < top) digits -= (groups[j] as DigitGroup).digits.length;
    if (digits < NATIONAL_MIN_DIGITS) break;
    if (digits > 17) continue;
    const next = groups[j];
    if (next && !/\s/.test(next.sep)) continue;
    const last = groups[j - 1] as DigitGroup;
    let end = at + last.end;
    EXTENSION.lastIndex = end;
    const ext = EXTENSION.exec(text);
    if (ext) end += ext[0].length;
    else if (isWordCode(text.charCodeAt(end)) || DECIMAL_TAIL.test(text.slice(end, end + 5)))
      continue;
    if (accept(text, at + s, groups.slice(i, j), end, plus, firstParen)) return end;
  }
  return -1;
}

/** Regions the phone detector uses when none are configured: all libphonenumber knows. */
export function defaultPhoneRegions(): readonly string[] {
  return knownPhoneRegions();
}
