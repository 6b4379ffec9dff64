import type { Passage } from '../retrieval/passage';
import { PassageTextCache } from '../retrieval/passage-text-cache';
import { analyzeText } from '../retrieval/text-analyzer';
import { questionNameTerms } from './question-names';
import { splitSentences } from './sentence-splitter';

/** A candidate answer sentence with its relevance to the question. */
export interface ScoredSentence {
  text: string;
  passage: Passage;
  /** Rank of the passage in the retrieval result (0 = best). */
  passageRank: number;
  /** Position of the sentence in its passage. */
  position: number;
  /** IDF-weighted share (0–1) of the question's terms the sentence (or its title) contains. */
  coverage: number;
  /**
   * Share (0–1, unweighted) of the question's distinct terms found anywhere in the sentence's passage
   * (any sentence or the title): the question's focus may sit in a neighbouring sentence ("He
   * was born in 1856" after a sentence naming him).
   */
  passageCoverage: number;
  /**
   * Final ranking score: coverage, plus small passage-rank and position bonuses, plus
   * `retrievalWeight` × the passage's retrieval score relative to the best passage's.
   */
  score: number;
  terms: ReadonlySet<string>;
}

interface PassageSentence {
  text: string;
  position: number;
  terms: ReadonlySet<string>;
}

interface PassageAnalysis {
  sentences: readonly PassageSentence[];
  titleTerms: ReadonlySet<string>;
  /** Term → indexes (ascending) of the sentences that contain it. */
  termSentences: ReadonlyMap<string, readonly number[]>;
}

// Chunks are immutable and the same ones come back for many questions: their sentences, terms
// and title terms are computed once (bounded). Saves most of the per-request CPU of the
// extractive pipeline under load.
const SENTENCE_CACHE_MAX = 4096;
const analysisCache = new PassageTextCache<PassageAnalysis>(SENTENCE_CACHE_MAX);

function analyzePassage(passage: Passage): PassageAnalysis {
  return analysisCache.get(passage.title, passage.text, () => {
    const sentences: PassageSentence[] = [];
    splitSentences(passage.text).forEach((s, position) => {
      // Headings restate the title and make poor answers.
      if (s.text === passage.title || s.text.length < 20) return;
      sentences.push({ text: s.text, position, terms: new Set(analyzeText(s.text)) });
    });
    const termSentences = new Map<string, number[]>();
    sentences.forEach((s, i) => {
      for (const t of s.terms) {
        const list = termSentences.get(t);
        if (list) list.push(i);
        else termSentences.set(t, [i]);
      }
    });
    return { sentences, titleTerms: new Set(analyzeText(passage.title)), termSentences };
  });
}

// Scratch arrays reused by every call (rankSentences is synchronous, so calls never overlap):
// four typed arrays per request cost more in allocation and GC than the scoring itself.
let scratch = {
  hit: new Float64Array(256),
  titleHit: new Float64Array(256),
  has: new Uint8Array(256),
  scores: new Float64Array(256),
};

/** The scratch arrays, at least `n` long, with their first `n` entries zeroed. */
function scratchFor(n: number): typeof scratch {
  if (scratch.hit.length < n) {
    const size = Math.max(n, 2 * scratch.hit.length);
    scratch = {
      hit: new Float64Array(size),
      titleHit: new Float64Array(size),
      has: new Uint8Array(size),
      scores: new Float64Array(size),
    };
  }
  scratch.hit.fill(0, 0, n);
  scratch.titleHit.fill(0, 0, n);
  scratch.has.fill(0, 0, n);
  return scratch;
}

/** What {@link rankSentences} found. */
export interface RankedSentences {
  /** The question's distinct terms, in order of first occurrence. */
  qTerms: readonly string[];
  /** Best first (score, then passage rank, then position). */
  ranked: ScoredSentence[];
  /**
   * A name the question mentions (see `questionNameTerms`) that no passage has, in a sentence
   * or its title: the sources are about something else.
   */
  unmatchedName: boolean;
}

/**
 * Scores every sentence of the passages against the question. Term weights are IDF over the
 * sentences of the retrieved passages, and a question term found in no passage keeps the highest
 * weight: a question about something the sources never mention then cannot reach a high
 * coverage, which is what triggers abstention. Returns the sentences scoring at least
 * `minShare` × the best score (all of them for 0), best first. `retrievalWeight` (default 0)
 * adds the passage's retrieval score as a share of the best passage's: when two passages
 * have sentences matching the question about equally, the one the retriever ranked clearly
 * higher (BM25 over the whole passage and its title) is the better source.
 */
export function rankSentences(
  question: string,
  passages: readonly Passage[],
  minShare = 0,
  retrievalWeight = 0,
): RankedSentences {
  const qTerms = [...new Set(analyzeText(question))];
  if (qTerms.length === 0) return { qTerms, ranked: [], unmatchedName: false };
  const analyses = passages.map(analyzePassage);
  let n = 0;
  for (const a of analyses) n += a.sentences.length;
  if (n === 0) return { qTerms, ranked: [], unmatchedName: false };
  const names = questionNameTerms(question);
  let unmatchedName = false;
  let topScore = 0;
  for (const p of passages) if (p.score > topScore) topScore = p.score;
  const retrievalBonus = (p: Passage): number =>
    retrievalWeight > 0 && topScore > 0 && p.score > 0 ? (retrievalWeight * p.score) / topScore : 0;
  // The hot path of the extractive pipeline. Each passage's term → sentences map replaces a set
  // lookup per sentence and term; per sentence, weights are still added in question-term order,
  // so every sum (and so every score and tie) is bit-for-bit what the per-sentence loop gave.
  const { hit, titleHit, has, scores } = scratchFor(n);
  // Each passage's sentence list of the current term, looked up once: under load the maps are
  // cold in cache, and these lookups were a third of this function's time.
  const lists: (readonly number[] | undefined)[] = new Array(analyses.length);
  const passageHit = new Float64Array(analyses.length);
  let total = 0;
  for (const t of qTerms) {
    let df = 0;
    for (let p = 0; p < analyses.length; p++) {
      const list = (analyses[p] as PassageAnalysis).termSentences.get(t);
      lists[p] = list;
      if (list) df += list.length;
    }
    const w = Math.log(1 + (n + 1) / (df + 0.5));
    total += w;
    if (df === 0 && names.has(t) && !analyses.some((a) => a.titleTerms.has(t)))
      unmatchedName = true;
    let offset = 0;
    for (let p = 0; p < analyses.length; p++) {
      const a = analyses[p] as PassageAnalysis;
      const list = lists[p];
      if (list || a.titleTerms.has(t)) passageHit[p] = (passageHit[p] as number) + 1;
      if (list) for (const i of list) hit[offset + i] = (hit[offset + i] as number) + w;
      // Title terms count only for sentences without the term.
      if (a.titleTerms.has(t)) {
        if (list) for (const i of list) has[offset + i] = 1;
        for (let i = 0; i < a.sentences.length; i++) {
          if (has[offset + i] === 0) titleHit[offset + i] = (titleHit[offset + i] as number) + w;
          else has[offset + i] = 0;
        }
      }
      offset += a.sentences.length;
    }
  }
  let best = 0;
  let offset = 0;
  analyses.forEach((a, passageRank) => {
    const bonus = retrievalBonus(passages[passageRank] as Passage);
    a.sentences.forEach((s, i) => {
      const j = offset + i;
      // Title terms count half: "Riverton" in the title supports a sentence that omits it.
      const coverage = total ? ((hit[j] as number) + 0.5 * (titleHit[j] as number)) / total : 0;
      hit[j] = coverage;
      scores[j] = coverage + 0.04 / (passageRank + 1) + 0.01 / (s.position + 1) + bonus;
      if ((scores[j] as number) > (scores[best] as number)) best = j;
    });
    offset += a.sentences.length;
  });
  const floor = minShare * (scores[best] as number);
  const ranked: ScoredSentence[] = [];
  offset = 0;
  analyses.forEach((a, passageRank) => {
    const passage = passages[passageRank] as Passage;
    a.sentences.forEach((s, i) => {
      const score = scores[offset + i] as number;
      if (score < floor) return;
      ranked.push({
        text: s.text,
        position: s.position,
        terms: s.terms,
        passage,
        passageRank,
        coverage: hit[offset + i] as number,
        passageCoverage: (passageHit[passageRank] as number) / qTerms.length,
        score,
      });
    });
    offset += a.sentences.length;
  });
  ranked.sort(
    (x, y) => y.score - x.score || x.passageRank - y.passageRank || x.position - y.position,
  );
  return { qTerms, ranked, unmatchedName };
}
