import { WordClass, type NameLexicon } from './name-lexicon';

/** A capitalised word (or an initial such as `J.`) that may be part of a person's name. */
export interface NameToken {
  start: number;
  /** End of the word itself: without a possessive `'s` or the dot of an abbreviation. */
  end: number;
  /** End including an abbreviation's or initial's dot: where the gap to the next token starts. */
  next: number;
  cls: WordClass;
  initial: boolean;
  /** Only spaces, quotes, bullets or nothing since the last sentence end, line or colon. */
  sentenceStart: boolean;
}

// A capital, then letters, marks, hyphens or apostrophes. Which ones are names is decided in
// code, per match; a leading lookbehind would run at every position of the text.
const WORD = /\p{Lu}[\p{L}\p{M}'’-]*/gu;
const LOWER = /\p{Ll}/u;
const UPPER = /\p{Lu}/u;
const MARKS = /\p{M}/gu;
// A name never continues an identifier, a path, an e-mail or a number.
const BEFORE_BAD = /[\p{L}\p{M}\p{N}_@./\\'’-]/u;
const AFTER_BAD = /[\p{L}\p{M}\p{N}_@=/\\]/u;
/** Prefixes after which a capital inside a surname is normal (McDonald, DeShawn, FitzGerald). */
const INNER_CAP_PREFIX = /^(?:mc|mac|de|di|da|du|la|le|van|von|fitz)$/;
const SURNAME_SHAPE = /^(?:o|d)['’]\p{L}|^mc\p{L}/u;

function lower(word: string): string {
  const w = word.toLowerCase().replace(/’/g, "'");
  // compromise's lexicon is ASCII-folded (josé is listed as jose).
  for (let i = 0; i < w.length; i++)
    if (w.charCodeAt(i) > 127) return w.normalize('NFD').replace(MARKS, '');
  return w;
}

function classify(word: string, lex: NameLexicon): WordClass {
  const w = lower(word);
  const cls = lex.classify(w);
  if (cls !== WordClass.Unknown) return cls;
  if (SURNAME_SHAPE.test(w)) return WordClass.Surname;
  if (!w.includes('-')) return cls;
  // Hyphenated: Anne-Marie is a given name, Smith-Jones a surname; Al-Sayed stays unknown.
  let out: WordClass = WordClass.Unknown;
  for (const part of w.split('-')) {
    const p = lex.classify(part);
    if (p === WordClass.Given || p === WordClass.GivenAmbiguous) return WordClass.Given;
    if (p === WordClass.Surname) out = WordClass.Surname;
  }
  return out;
}

/** A capital inside the word after a lower-case letter (TypeScript, iPhone-like) marks code. */
function hasInnerCapital(word: string): boolean {
  for (let k = 2; k < word.length; k++) {
    const c = word[k] ?? '';
    const p = word[k - 1] ?? '';
    if (c === '-' || c === "'" || c === '’') {
      k++;
      continue;
    }
    if (UPPER.test(c) && LOWER.test(p) && !INNER_CAP_PREFIX.test(word.slice(0, k).toLowerCase()))
      return true;
  }
  return false;
}

function atSentenceStart(text: string, start: number): boolean {
  for (let i = start - 1; i >= 0; i--) {
    const c = text[i] ?? '';
    if (c === ' ' || c === '\t' || c === '"' || c === '(' || c === '*' || c === '#') continue;
    if (c === '-' || c === '>' || c === '“' || c === '‘' || c === '\u00a0') continue;
    return c === '\n' || c === '.' || c === '!' || c === '?' || c === ':' || c === ';';
  }
  return true;
}

/** Capitalised words and initials of `text`, classified with compromise's lexicon. */
export function nameTokens(text: string, lex: NameLexicon): NameToken[] {
  const out: NameToken[] = [];
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) {
    const start = m.index;
    let word = m[0];
    if (start > 0 && BEFORE_BAD.test(text[start - 1] ?? '')) continue;
    while (word.length > 1 && /['’-]$/.test(word)) word = word.slice(0, -1);
    let end = start + word.length;
    const after = text[end] ?? '';
    const dotted = after === '.' && !/[\p{L}\p{N}]/u.test(text[end + 1] ?? '');
    if (word.length === 1) {
      // Only `J.`-style initials count; a lone `A` or `I` is a word.
      if (!dotted) continue;
      out.push({
        start,
        end: end + 1,
        next: end + 1,
        cls: WordClass.Unknown,
        initial: true,
        sentenceStart: atSentenceStart(text, start),
      });
      continue;
    }
    // O’Brien, D'Angelo: an apostrophe and a capital may follow the first letter.
    const second = /['’]/.test(word[1] ?? '') ? word[3] : word[1];
    if (!LOWER.test(second ?? '') || (after && AFTER_BAD.test(after))) continue;
    if (after === '.' && !dotted) continue;
    if (/['’]s$/.test(word)) {
      word = word.slice(0, -2);
      end -= 2;
    }
    if (hasInnerCapital(word)) continue;
    const cls = classify(word, lex);
    out.push({
      start,
      end,
      next: dotted && cls === WordClass.Honorific ? end + 1 : end,
      cls,
      initial: false,
      sentenceStart: atSentenceStart(text, start),
    });
  }
  return out;
}
