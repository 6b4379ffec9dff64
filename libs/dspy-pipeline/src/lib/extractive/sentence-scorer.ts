import type { Passage } from '../retrieval/passage';
import { analyzeText } from '../retrieval/text-analyzer';
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
  /** Final ranking score: coverage plus small passage-rank and title bonuses. */
  score: number;
  terms: ReadonlySet<string>;
}

interface PassageSentence {
  text: string;
  position: number;
  terms: ReadonlySet<string>;
}

// Chunks are immutable and the same ones come back for many questions: their sentences and
// terms are computed once (bounded; the oldest entry goes first). Saves most of the
// per-request CPU of the extractive pipeline under load.
const SENTENCE_CACHE_MAX = 4096;
const sentenceCache = new Map<string, readonly PassageSentence[]>();

function passageSentences(passage: Passage): readonly PassageSentence[] {
  const key = `${passage.title}\u0000${passage.text}`;
  const hit = sentenceCache.get(key);
  if (hit !== undefined) return hit;
  const sentences: PassageSentence[] = [];
  splitSentences(passage.text).forEach((s, position) => {
    // Headings restate the title and make poor answers.
    if (s.text === passage.title || s.text.length < 20) return;
    sentences.push({ text: s.text, position, terms: new Set(analyzeText(s.text)) });
  });
  if (sentenceCache.size >= SENTENCE_CACHE_MAX) {
    const oldest = sentenceCache.keys().next().value;
    if (oldest !== undefined) sentenceCache.delete(oldest);
  }
  sentenceCache.set(key, sentences);
  return sentences;
}

/**
 * Scores every sentence of the passages against the question. Term weights are IDF over the
 * sentences of the retrieved passages, and a question term found in no passage keeps the highest
 * weight: a question about something the sources never mention then cannot reach a high
 * coverage, which is what triggers abstention.
 */
export function scoreSentences(question: string, passages: readonly Passage[]): ScoredSentence[] {
  const qTerms = [...new Set(analyzeText(question))];
  const pool: Omit<ScoredSentence, 'coverage' | 'score'>[] = [];
  const titleTerms = passages.map((p) => new Set(analyzeText(p.title)));
  passages.forEach((passage, passageRank) => {
    for (const s of passageSentences(passage)) pool.push({ ...s, passage, passageRank });
  });
  if (qTerms.length === 0 || pool.length === 0) return [];
  const n = pool.length;
  const weight = new Map<string, number>();
  for (const t of qTerms) {
    let df = 0;
    for (const s of pool) if (s.terms.has(t)) df++;
    weight.set(t, Math.log(1 + (n + 1) / (df + 0.5)));
  }
  let total = 0;
  for (const w of weight.values()) total += w;
  return pool
    .map((s) => {
      let hit = 0;
      let titleHit = 0;
      const title = titleTerms[s.passageRank] ?? new Set<string>();
      for (const t of qTerms) {
        const w = weight.get(t) ?? 0;
        if (s.terms.has(t)) hit += w;
        else if (title.has(t)) titleHit += w;
      }
      // Title terms count half: "Riverton" in the title supports a sentence that omits it.
      const coverage = total ? (hit + 0.5 * titleHit) / total : 0;
      const score = coverage + 0.04 / (s.passageRank + 1) + 0.01 / (s.position + 1);
      return { ...s, coverage, score };
    })
    .sort((a, b) => b.score - a.score || a.passageRank - b.passageRank || a.position - b.position);
}
