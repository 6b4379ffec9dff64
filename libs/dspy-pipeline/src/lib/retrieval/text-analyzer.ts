/**
 * The one tokenizer shared by the BM25 index, the extractive sentence scorer and the lexical
 * verifier. They must agree: a term that the index finds must also count as support.
 */
import { BoundedMemo } from './bounded-memo';

/** English function words that carry no retrieval signal. Kept short on purpose: words like
 * "not", "no" and "after" change meaning and stay searchable. */
const STOPWORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does for from had has have how i if in ' +
    'into is it its may me might must my of on or our shall should so than that the their them then ' +
    'there these they this those to was we were what when where which who whom why will with would ' +
    'you your yours about also any each such very just'
  ).split(' '),
);

const TOKEN_RE = /[\p{L}\p{N}]+(?:[.,][\p{N}]+)*/gu;

/**
 * A light, deterministic suffix stripper: inflections (plural, -ing, -ed, -ly), then at most one
 * common derivational suffix (see {@link DERIVATIONAL_SUFFIXES}), then a final e. Not a full
 * Porter stemmer: it only has to map a question's word form onto the corpus's word form
 * consistently ("deducted" and "deductions" → "deduct", "improvements" → "improv").
 */
export function stemToken(token: string): string {
  let t = token;
  if (t.length <= 3 || /^\p{N}/u.test(t)) return t;
  if (t.endsWith("'s")) t = t.slice(0, -2);
  if (t.endsWith('ies') && t.length > 4) t = `${t.slice(0, -3)}y`;
  else if (t.endsWith('sses')) t = t.slice(0, -2);
  else if (t.endsWith('xes') || t.endsWith('ches') || t.endsWith('shes')) t = t.slice(0, -2);
  else if (t.endsWith('s') && !t.endsWith('ss') && !t.endsWith('us') && !t.endsWith('is'))
    t = t.slice(0, -1);
  if (t.endsWith('ing') && t.length > 5) t = undouble(t.slice(0, -3));
  else if (t.endsWith('ed') && t.length > 4) t = undouble(t.slice(0, -2));
  else if (t.endsWith('ly') && t.length > 5) t = t.slice(0, -2);
  t = stripDerivational(t);
  if (t.endsWith('e') && t.length > 4) t = t.slice(0, -1);
  return t;
}

/**
 * Noun- and adjective-forming suffixes stripped once, longest first, each with what it leaves
 * and the shortest word it applies to (so short words such as "nation", "payment", "rental" or
 * "mission" keep their form): -tion → -t ("deduction" → "deduct", as "deducted" → "deduct"),
 * -ssion → -ss ("discussion" → "discuss"), -ment, -ence, -ance and -al dropped ("development" →
 * "develop", "difference" → "differ", "original" → "origin"). A general rule set chosen on SQuAD
 * train + dev retrieval recall (docs/benchmarks.md); -ity, -ness and -er did not help there.
 */
const DERIVATIONAL_SUFFIXES: readonly (readonly [
  suffix: string,
  keep: string,
  minLength: number,
])[] = [
  ['ssion', 'ss', 8],
  ['tion', 't', 7],
  ['ment', '', 8],
  ['ence', '', 8],
  ['ance', '', 8],
  ['al', '', 7],
];

function stripDerivational(t: string): string {
  for (const [suffix, keep, minLength] of DERIVATIONAL_SUFFIXES)
    if (t.length >= minLength && t.endsWith(suffix)) return t.slice(0, -suffix.length) + keep;
  return t;
}

function undouble(t: string): string {
  const last = t.at(-1);
  return last !== undefined && t.length > 3 && last === t.at(-2) && !'lsz'.includes(last)
    ? t.slice(0, -1)
    : t;
}

/** Raw lower-cased word and number tokens, without stopword removal or stemming. */
export function wordTokens(text: string): string[] {
  const words = text.toLowerCase().replace(/[’‘]/g, "'").match(TOKEN_RE) ?? [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w.includes(',')) words[i] = w.replace(/,/g, '');
  }
  return words;
}

// Word → term ('' for a stopword). Natural vocabularies are small, so caching the stemmer makes
// indexing several times faster; the cache is bounded so adversarial input cannot grow it forever.
const TERM_CACHE = new BoundedMemo<string, string>(500_000);

/** The term of one lower-cased word: '' for a stopword, else its stem. */
export function termOfWord(word: string): string {
  return STOPWORDS.has(word) ? '' : stemToken(word);
}

// The last text analysed and its terms: a question is analysed by the retriever and again by
// the pipeline that scores sentences against it.
let lastText: string | undefined;
let lastTerms: readonly string[] = [];

/** Index/query terms: lower-cased, stopwords removed, stemmed. */
export function analyzeText(text: string): string[] {
  if (text === lastText) return lastTerms.slice();
  const out = analyzeUncached(text);
  lastText = text;
  lastTerms = out.slice();
  return out;
}

function analyzeUncached(text: string): string[] {
  const out: string[] = [];
  for (const w of wordTokens(text)) {
    const term = TERM_CACHE.get(w, termOfWord);
    if (term !== '') out.push(term);
  }
  return out;
}

/** True for tokens that are numbers (amounts, years, percentages, day counts). */
export function isNumberToken(token: string): boolean {
  return /^\p{N}/u.test(token);
}
