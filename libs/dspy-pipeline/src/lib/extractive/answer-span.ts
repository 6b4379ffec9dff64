import { termOfWord } from '../retrieval/text-analyzer';
import type { AnswerType } from './question-type';

/** A candidate phrase of a sentence, by character offsets. */
interface Candidate {
  start: number;
  end: number;
  /** Token indexes the phrase covers. */
  from: number;
  to: number;
}

interface Token {
  text: string;
  start: number;
  end: number;
  /** The analyser's term ('' for a stopword). */
  term: string;
}

const WORD_RE = /[\p{L}\p{N}$£€%]+(?:[.,'’-][\p{L}\p{N}]+)*/gu;
const MONTHS =
  'january|february|march|april|may|june|july|august|september|october|november|december';
const DATE_RE = new RegExp(
  [
    `(?:\\d{1,2}\\s+)?(?:${MONTHS})(?:\\s+\\d{1,2}(?:st|nd|rd|th)?(?!\\d))?(?:,?\\s+\\d{3,4})?`,
    `\\d{1,2}(?:st|nd|rd|th)\\s+century(?:\\s+(?:BC|AD|BCE|CE))?`,
    `(?:early|mid|late)?-?\\d{3,4}s`,
    `\\d{3,4}(?:\\s*(?:–|-|to)\\s*\\d{2,4})?(?:\\s+(?:BC|AD|BCE|CE))?`,
  ].join('|'),
  'giu',
);
const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|dozen|dozens|half';
const NUMBER_RE = new RegExp(
  `(?:about |around |over |nearly |almost |approximately |more than |less than )?[$£€]?(?:\\d+(?:[,.]\\d+)*|\\b(?:${NUMBER_WORDS})\\b)(?:[\\s-]+(?:million|billion|trillion|thousand|hundred|${NUMBER_WORDS})\\b)*(?:\\s*(?:%|percent\\b|per cent\\b))?(?:[\\s-]+[a-z]+\\b)?`,
  'giu',
);
// A run of capitalised words, allowing short joining words inside ("University of Paris").
const NAME_RE =
  /\p{Lu}[\p{L}\p{N}.'’-]*(?:\s+(?:(?:of|de|da|von|van|der|du|la|le|the|and|&)\s+)?\p{Lu}[\p{L}\p{N}.'’-]*)*/gu;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD_RE)) {
    const word = m[0];
    out.push({
      text: word,
      start: m.index,
      end: m.index + word.length,
      term: termOfWord(word.toLowerCase().replace(/[’]/g, "'")),
    });
  }
  return out;
}

function candidatesOf(text: string, tokens: readonly Token[], re: RegExp): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(re)) {
    let s = m.index;
    let e = s + m[0].length;
    // Trim trailing spaces and dots the patterns may have swallowed.
    while (e > s && /[\s.,]/.test(text[e - 1] as string)) e--;
    while (s < e && /\s/.test(text[s] as string)) s++;
    if (e <= s) continue;
    const from = tokens.findIndex((t) => t.end > s);
    let to = from;
    while (to + 1 < tokens.length && (tokens[to + 1] as Token).start < e) to++;
    if (from < 0) continue;
    // A trailing function word ("1991 and") is not part of the answer.
    while (
      to > from &&
      (tokens[to] as Token).term === '' &&
      !HAS_NUMBER.test((tokens[to] as Token).text)
    )
      to--;
    out.push({ start: s, end: Math.min(e, (tokens[to] as Token).end), from, to });
  }
  return out;
}

const PATTERNS: Record<Exclude<AnswerType, 'other'>, RegExp> = {
  date: DATE_RE,
  number: NUMBER_RE,
  person: NAME_RE,
  place: NAME_RE,
};

/**
 * The short phrase of `sentence` that answers a question of type `type`, or undefined when the
 * sentence holds no phrase of that type outside the question's own words (the caller then
 * answers with the sentence). Candidates are the phrases of the type (a date, a number with its
 * unit, a run of capitalised words) that do not merely repeat question terms; the one closest to
 * the question's terms in the sentence wins (the answer sits next to what the question asks
 * about), ties to the earlier one.
 */
export function answerSpan(
  sentence: string,
  questionTerms: ReadonlySet<string>,
  type: AnswerType,
): string | undefined {
  if (type === 'other') return undefined;
  const tokens = tokenize(sentence);
  // Each question term found in the sentence, with the positions it occurs at.
  const anchors = new Map<string, number[]>();
  tokens.forEach((t, i) => {
    if (t.term === '' || !questionTerms.has(t.term)) return;
    const at = anchors.get(t.term);
    if (at) at.push(i);
    else anchors.set(t.term, [i]);
  });
  let best: Candidate | undefined;
  let bestScore = -1;
  for (const c of candidatesOf(sentence, tokens, PATTERNS[type])) {
    if (!isAnswerCandidate(c, tokens, questionTerms, type)) continue;
    // Closeness to each question term the sentence holds (nearest occurrence): the answer sits
    // next to what the question asks about.
    let score = 0;
    for (const positions of anchors.values()) {
      let d = Infinity;
      for (const a of positions) {
        if (a >= c.from && a <= c.to) continue;
        d = Math.min(d, a < c.from ? c.from - a : a - c.to);
      }
      if (d !== Infinity) score += 1 / (1 + d);
    }
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best ? sentence.slice(best.start, best.end) : undefined;
}

const HAS_NUMBER = new RegExp(`\\d|^(?:${NUMBER_WORDS})$`, 'iu');

/**
 * Whether a phrase can answer: it must say something the question does not (for dates and
 * numbers, the number itself must be new: "in 2001" does not answer "how many … in 2001?"),
 * a lone year is not a count, and the capitalised first word of a sentence alone is no name.
 */
function isAnswerCandidate(
  c: Candidate,
  tokens: readonly Token[],
  questionTerms: ReadonlySet<string>,
  type: Exclude<AnswerType, 'other'>,
): boolean {
  const numeric = type === 'date' || type === 'number';
  let fresh = false;
  for (let i = c.from; i <= c.to; i++) {
    const t = tokens[i] as Token;
    if (numeric && !HAS_NUMBER.test(t.text)) continue;
    if (t.term !== '' && !questionTerms.has(t.term)) fresh = true;
  }
  if (!fresh) return false;
  if (
    type === 'number' &&
    c.from === c.to &&
    /^(?:1\d|20)\d\d$/.test((tokens[c.from] as Token).text)
  )
    return false;
  return !((type === 'person' || type === 'place') && c.from === 0 && c.to === 0);
}
