import { ENTITY_PRIORITY } from '../entity-types';
import type { Detector, Emit } from './detector';
import { WordClass, nameLexicon, type NameLexicon } from './name-lexicon';
import { nameTokens, type NameToken } from './name-tokens';

/** Lower-case particles that may sit inside a name (Ludwig van Beethoven, María de la Cruz). */
const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'da',
  'di',
  'du',
  'le',
  'la',
  'bin',
  'ibn',
  'dos',
  'das',
]);
const MAX_NAME_TOKENS = 4;

/** Whether the text between two tokens keeps them in one run (one space, or particles). */
function joins(gap: string): boolean {
  if (gap === ' ' || gap === '\u00a0') return true;
  if (gap.length > 12 || gap[0] !== ' ' || gap[gap.length - 1] !== ' ') return false;
  return gap
    .slice(1, -1)
    .split(' ')
    .every((p) => PARTICLES.has(p));
}

/** Classes that may continue a name once it has started. */
const continues = (t: NameToken): boolean =>
  t.initial ||
  t.cls === WordClass.Given ||
  t.cls === WordClass.GivenAmbiguous ||
  t.cls === WordClass.Personish ||
  t.cls === WordClass.Surname ||
  t.cls === WordClass.Unknown;

/** Marks words of multi-word lexicon entries (New York, Bill Gates) before the name rules. */
function applyPhrases(run: NameToken[], text: string, lex: NameLexicon, emit: Emit): boolean[] {
  const used = run.map(() => false);
  for (let i = 0; i + 1 < run.length; i++) {
    for (const n of [3, 2]) {
      const last = run[i + n - 1];
      const first = run[i];
      if (!last || !first) continue;
      const cls = lex.multi(text.slice(first.start, last.end).toLowerCase());
      if (cls === undefined) continue;
      if (cls === WordClass.Personish || cls === WordClass.Given || cls === WordClass.Surname)
        emit(first.start, last.end);
      for (let k = i; k < i + n; k++) used[k] = true;
      i += n - 1;
      break;
    }
  }
  return used;
}

/**
 * Finds names in one run of adjacent capitalised words, using compromise's lexicon classes:
 * honorific + name words; a given name (or initial) + more name words; an unknown word + a
 * known surname; a lone unambiguous given name that is not part of a Title Case phrase.
 */
function scanRun(run: NameToken[], text: string, lex: NameLexicon, emit: Emit): void {
  const used = applyPhrases(run, text, lex, emit);
  // A sentence-initial common word (Hi, Dear, Ask, Thanks) introduces the run, it is not in it.
  const head = run[0];
  const lead = head && head.sentenceStart && !continues(head) ? 1 : 0;
  const body = run.length - lead;
  let i = 0;
  while (i < run.length) {
    const t = run[i];
    if (!t || used[i]) {
      i++;
      continue;
    }
    let j = i + 1;
    if (t.cls === WordClass.Honorific) {
      while (
        j < run.length &&
        j - i <= MAX_NAME_TOKENS &&
        !used[j] &&
        continues(run[j] as NameToken)
      )
        j++;
      const last = run[j - 1];
      // The title is part of what is removed: Mrs/Mr alone say much about a person.
      if (j > i + 1 && last) emit(t.start, last.end);
      i = j;
      continue;
    }
    while (j < run.length && j - i < MAX_NAME_TOKENS && !used[j] && continues(run[j] as NameToken))
      j++;
    const second = run[i + 1];
    // "Robert Brown", "Anne-Marie Dupont": the last of a two-word run after a given name may be
    // a common word or an organisation; "Hiroshi Brown": an adjective after an unknown word.
    if (j === i + 1 && second && !used[i + 1] && i + 2 === run.length) {
      const afterGiven =
        t.cls === WordClass.Given &&
        (second.cls === WordClass.Common ||
          second.cls === WordClass.Organization ||
          second.cls === WordClass.Adjective);
      const afterUnknown =
        t.cls === WordClass.Unknown && !t.sentenceStart && second.cls === WordClass.Adjective;
      if (afterGiven || afterUnknown) j = i + 2;
    }
    if (isName(run, i, j, lead, body)) {
      j = withSuffix(run, j, text);
      emit(t.start, (run[j - 1] as NameToken).end);
      i = j;
    } else i++;
  }
}

const isSuffix = (t: NameToken | undefined, text: string): boolean =>
  !!t && t.cls === WordClass.Honorific && /^(?:jr|sr)$/i.test(text.slice(t.start, t.end));

/** Extends a name over "Jr."/"Sr.", and over one more word before one (Martin Luther King Jr.). */
function withSuffix(run: NameToken[], j: number, text: string): number {
  if (isSuffix(run[j], text)) return j + 1;
  const t = run[j];
  if (t && t.cls !== WordClass.NotName && isSuffix(run[j + 1], text)) return j + 2;
  return j;
}

function isName(run: NameToken[], i: number, j: number, lead: number, body: number): boolean {
  const t = run[i] as NameToken;
  const second = run[i + 1];
  if (j - i >= 2 && second) {
    if (t.initial || t.cls === WordClass.Given) return true;
    // Mark, Grace, Chase: a name only before a word that is itself a name.
    if (t.cls === WordClass.GivenAmbiguous)
      return second.cls !== WordClass.Unknown || !t.sentenceStart;
    if (t.cls === WordClass.Personish) return second.cls !== WordClass.Unknown || !t.sentenceStart;
    // Hiroshi Tanaka, Yuki Kim, Walker Evans: an unknown word or surname before name words.
    if (t.cls !== WordClass.Unknown && t.cls !== WordClass.Surname) return false;
    if (second.cls === WordClass.Adjective) return true; // admitted above only when safe
    for (let k = i + 1; k < j; k++) {
      const c = (run[k] as NameToken).cls;
      if (c === WordClass.Surname || c === WordClass.Given) return true;
    }
    return false;
  }
  // A lone given name: "Hi Sarah", "ask Maria"; not inside "Grace Period Rules".
  if (j - i !== 1 || body !== 1 || i !== lead) return false;
  if (t.cls === WordClass.Given) return true;
  return t.cls === WordClass.GivenAmbiguous && !t.sentenceStart;
}

function scan(text: string, emit: Emit): void {
  const lex = nameLexicon();
  const tokens = nameTokens(text, lex);
  let run: NameToken[] = [];
  for (const t of tokens) {
    const prev = run[run.length - 1];
    if (prev && !joins(text.slice(prev.next, t.start))) {
      scanRun(run, text, lex, emit);
      run = [];
    }
    run.push(t);
  }
  if (run.length > 0) scanRun(run, text, lex, emit);
}

/**
 * Person names, found with the `compromise` NLP library's own lexicon (≈25k words: given
 * names, surnames, honorifics, places, organisations, months, common words) and its suffix
 * rules, in one linear scan over capitalised words — no full parse, which cost ≈0.5 ms per
 * word. Off in the default profile, on in `strict`.
 */
export const personNameDetector: Detector = {
  type: 'person_name',
  priority: ENTITY_PRIORITY.person_name,
  mayMatch: (t) => /\p{Lu}/u.test(t),
  scan,
};
