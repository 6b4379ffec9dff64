import {
  isDigitCode,
  isHexCode,
  isLetterCode,
  isSpaceCode,
  isUpperCode,
  isWordCode,
  prevIs,
} from './char-predicates';
import { eachMatch } from './each-match';

/** The one-character regex each predicate stands for. */
const REGEX_OF: ReadonlyArray<[string, (c: number) => boolean, RegExp]> = [
  ['isDigitCode', isDigitCode, /^\d$/],
  ['isUpperCode', isUpperCode, /^[A-Z]$/],
  ['isLetterCode', isLetterCode, /^[A-Za-z]$/],
  ['isHexCode', isHexCode, /^[0-9A-Fa-f]$/],
  ['isWordCode', isWordCode, /^\w$/],
  ['isSpaceCode', isSpaceCode, /^\s$/],
];

describe('character predicates', () => {
  it.each(REGEX_OF)('%s agrees with its regex on every UTF-16 code unit', (_, pred, re) => {
    const disagree: number[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (pred(c) !== re.test(String.fromCharCode(c))) disagree.push(c);
    }
    expect(disagree).toEqual([]);
  });

  it('prevIs looks at the character before the index only', () => {
    expect(prevIs('a-1', 2, '-', false)).toBe(true);
    expect(prevIs('a-1', 1, '-', false)).toBe(false);
    expect(prevIs('a-1', 1, '-')).toBe(true);
    expect(prevIs('x1', 0, 'x')).toBe(false);
  });
});

describe('eachMatch', () => {
  it('visits every match from the start, whatever lastIndex was, and survives empty matches', () => {
    const re = /\d*/g;
    re.lastIndex = 3;
    const seen: Array<[number, string]> = [];
    eachMatch(re, '12a3', (m) => seen.push([m.index, m[0]]));
    expect(seen).toEqual([
      [0, '12'],
      [2, ''],
      [3, '3'],
      [4, ''],
    ]);
  });
});
