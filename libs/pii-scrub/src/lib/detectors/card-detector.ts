/* eslint-disable no-useless-escape -- '-' and '/' are escaped inside character classes on purpose, so a class stays correct when edited. */
import { ENTITY_PRIORITY } from '../entity-types';
import { prevIs } from '../text/char-predicates';
import { eachMatch } from '../text/each-match';
import { isKnownCardIssuer } from '../validators/card-issuer';
import { isLuhnValid } from '../validators/luhn-validator';
import { createContextMatcher } from './context-matcher';
import { CARD_CONTEXT_WORDS } from './context-words';
import type { Detector } from './detector';
import { digitGroups, longestValidPrefix } from './digit-groups';

/** What the card detector needs besides its rules. */
export interface CardDetectorConfig {
  /** Context words added to {@link CARD_CONTEXT_WORDS}. */
  readonly extraContextWords: readonly string[];
}

/** The start of every card candidate: 12 digits, single spaces or dashes between. */
const CARD_DIGITS = /\d{4}(?:[ \-]?\d){8}/;
const CARD_CANDIDATE = /\b\d{4}(?:[ \-]?\d){8,20}(?![\w])/g;

/** Card group layouts written with separators: 4-4-4-4(-1..3), Amex 4-6-5, Diners 4-6-4. */
function groupsLookLikeCard(sizes: readonly number[]): boolean {
  if (sizes.length === 1) return true;
  const key = sizes.join('-');
  if (key === '4-6-5' || key === '4-6-4') return true;
  for (let i = 0; i < sizes.length - 1; i++) if (sizes[i] !== 4) return false;
  const last = sizes[sizes.length - 1] ?? 0;
  return last >= 1 && last <= 4;
}

/**
 * Payment card numbers: 12–19 digits (compact or in card groups) that pass Luhn, and either
 * lie in a known issuer range ({@link isKnownCardIssuer}) or have a card word near
 * (`card`, `credit`, `visa`, `cc`, `número de tarjeta` …, or a CSV column so named); 12
 * digits written without groups always need the word. A number that fails Luhn never is one.
 */
export function createCardDetector(config: CardDetectorConfig): Detector {
  const context = createContextMatcher([...CARD_CONTEXT_WORDS, ...config.extraContextWords]);
  return {
    type: 'credit_card',
    priority: ENTITY_PRIORITY.credit_card,
    needs: ['nineDigitRun'],
    mayMatch: (t) => CARD_DIGITS.test(t),
    scan(text, emit) {
      eachMatch(CARD_CANDIDATE, text, (m) => {
        if (prevIs(text, m.index, '-./:')) return;
        const groups = digitGroups(m[0]);
        const end = longestValidPrefix(groups, 1, (p) => {
          const seps = new Set(p.slice(1).map((g) => g.sep));
          if (seps.size > 1) return false;
          const last = p[p.length - 1];
          const next = m.index + (last?.end ?? 0);
          if (text.charCodeAt(next) === 46 && /\d/.test(text[next + 1] ?? '')) return false;
          const digits = p.map((g) => g.digits).join('');
          if (digits.length < 12 || digits.length > 19) return false;
          if (!groupsLookLikeCard(p.map((g) => g.digits.length)) || !isLuhnValid(digits))
            return false;
          const near = () =>
            context.near(text, m.index, next) || context.inCsvColumn(text, m.index, next);
          // Only Maestro issues 12 digits, the length of many order and reference numbers:
          // written without card groups, such a number needs a card word.
          if (digits.length === 12 && p.length === 1) return near();
          return isKnownCardIssuer(digits) || near();
        });
        if (end > 0) emit(m.index, m.index + end);
      });
    },
  };
}
