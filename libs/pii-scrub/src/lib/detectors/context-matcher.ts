import { isDigitCode } from '../text/char-predicates';

/** Characters a context word may be followed by before the number: at most this many. */
export const CONTEXT_BEFORE = 24;
/** Characters between the number and a context word after it: at most this many. */
export const CONTEXT_AFTER = 16;

const LETTER = /\p{L}/u;
const LOWER = /\p{Ll}/u;
const UPPER = /\p{Lu}/u;
/** CJK, kana and Hangul are written without spaces: their words match anywhere. */
const SPACELESS = /^[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;
const CSV_DELIMITERS = ',;\t|';
/** What may follow a label at the end of its line: `Phone:`, `Tel.`, `Fax`. */
const LABEL_END = /^[ \t]*[.:]?[ \t]*$/;
/** Letters and `_`: the rest of an identifier a stem starts (`phone_number`, `Telefonnummer`). */
const WORD_TAIL = /[\p{L}_]/u;
/**
 * Key separators (`:` `=`) between the word and the number: one is the word's own label or
 * the number's key (`Tel.: `, `"sms_sent","to":"`); a second (`"phone":null,"order":"`,
 * `phone=n/a order=`) means the number belongs to another key.
 */
function keySeparators(gap: string): number {
  let n = 0;
  for (let i = 0; i < gap.length; i++) if (gap[i] === ':' || gap[i] === '=') n++;
  return n;
}

/** Finds context words near a span of text (see `context-words.ts` for the word syntax). */
export interface ContextMatcher {
  /**
   * Whether a word ends at most {@link CONTEXT_BEFORE} characters before `start`, or starts at
   * most {@link CONTEXT_AFTER} after `end`, with no digit, line break, `;`, `|`, prose comma
   * or second key separator between: a label or phrase about this number, not about a
   * neighbouring field. Or the number starts a line and a word ends the line above, followed
   * by nothing but `:` or `.` (a form whose label stands above its value).
   */
  near(text: string, start: number, end: number): boolean;
  /** Whether the word occurs anywhere in `cell` (a CSV column name). */
  inCell(cell: string): boolean;
  /** Whether the span is a field of a delimited row whose header names the column with a word. */
  inCsvColumn(text: string, start: number, end: number): boolean;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Stops a context window: digits (another number), line breaks, `;`, `|`, and commas other
 * than between two JSON fields (`"sms_sent","to":"…"`).
 */
function stopsWindow(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 44) return text.charCodeAt(i - 1) !== 34;
  return isDigitCode(c) || c === 10 || c === 13 || c === 59 || c === 124;
}

/** Builds a matcher for `words` (`stem*` matches word starts; others whole words). */
export function createContextMatcher(words: readonly string[]): ContextMatcher {
  const alternatives = [...new Set(words.map((w) => w.trim()).filter((w) => w.length > 0))]
    .map((w) => {
      const stem = w.endsWith('*');
      const base = stem ? w.slice(0, -1) : w;
      return { base, open: stem || SPACELESS.test(base) };
    })
    .sort((a, b) => b.base.length - a.base.length);
  // Longest first, so `telefon*` is tried before `tel` at the same position; whole words carry
  // their end condition so a failed `tel` does not hide a later alternative.
  const source = alternatives.map((a) => escape(a.base) + (a.open ? '' : '(?!\\p{L})')).join('|');
  const re = new RegExp(source, 'giu');
  const longest = alternatives.reduce((n, a) => Math.max(n, a.base.length), 0);

  /** Offsets of word matches in text[from, to) that start at a word start; calls `ok(s, e)`. */
  const scan = (text: string, from: number, to: number, ok: (s: number, e: number) => boolean) => {
    if (alternatives.length === 0 || to <= from) return false;
    const slice = text.slice(from, to);
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(slice)) !== null) {
      const s = from + m.index;
      const prev = text[s - 1] ?? '';
      const first = text[s] ?? '';
      const atStart =
        s === 0 ||
        SPACELESS.test(first) ||
        !LETTER.test(prev) ||
        (LOWER.test(prev) && UPPER.test(first));
      let e = s + m[0].length;
      while (e < to && WORD_TAIL.test(text[e] ?? '')) e++;
      if (atStart && ok(s, e)) return true;
      re.lastIndex = m.index + 1;
    }
    return false;
  };

  /** A label that ends the line above the number, which starts its line: `Phone:\n60-56-85-91`. */
  const labelAbove = (text: string, start: number): boolean => {
    let ls = start;
    while (ls > 0 && (text[ls - 1] === ' ' || text[ls - 1] === '\t')) ls--;
    if (ls === 0 || text[ls - 1] !== '\n') return false;
    let le = ls - 1;
    if (text[le - 1] === '\r') le--;
    const ps = Math.max(text.lastIndexOf('\n', le - 1) + 1, le - CONTEXT_BEFORE - longest);
    return scan(text, ps, le, (_, e) => LABEL_END.test(text.slice(e, le)));
  };

  const near = (text: string, start: number, end: number): boolean => {
    let lo = start;
    while (lo > 0 && start - lo < CONTEXT_BEFORE + longest && !stopsWindow(text, lo - 1)) lo--;
    const before = (_: number, e: number) =>
      start - e <= CONTEXT_BEFORE && keySeparators(text.slice(e, start)) <= 1;
    if (scan(text, lo, start, before) || labelAbove(text, start)) return true;
    let hi = end;
    while (hi < text.length && hi - end < CONTEXT_AFTER + longest && !stopsWindow(text, hi)) hi++;
    return scan(text, end, hi, (s) => s - end <= CONTEXT_AFTER);
  };

  const inCell = (cell: string) => scan(cell, 0, cell.length, () => true);

  const inCsvColumn = (text: string, start: number, end: number): boolean => {
    let s = start;
    let e = end;
    if (text[s - 1] === '"' && text[e] === '"') {
      s--;
      e++;
    }
    const before = text[s - 1];
    const after = text[e];
    const delimiter =
      before !== undefined && CSV_DELIMITERS.includes(before)
        ? before
        : after !== undefined && CSV_DELIMITERS.includes(after)
          ? after
          : undefined;
    if (delimiter === undefined) return false;
    const okBefore = before === undefined || before === '\n' || before === delimiter;
    const okAfter = after === undefined || after === '\n' || after === '\r' || after === delimiter;
    if (!okBefore || !okAfter) return false;
    const lineStart = text.lastIndexOf('\n', s - 1) + 1;
    if (lineStart === 0) return false;
    const column = fieldIndex(text, lineStart, s, delimiter);
    const headerEnd = text.indexOf('\n');
    const header = splitRow(text.slice(0, headerEnd).replace(/\r$/, ''), delimiter);
    const name = header[column];
    return name !== undefined && inCell(name);
  };

  return { near, inCell, inCsvColumn };
}

/** Index of the field starting at `at` in the row starting at `lineStart` (quotes respected). */
function fieldIndex(text: string, lineStart: number, at: number, delimiter: string): number {
  let index = 0;
  let quoted = false;
  for (let i = lineStart; i < at; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) index++;
  }
  return index;
}

/** Field texts of one delimited row, quotes removed. */
function splitRow(row: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (const c of row) {
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}
