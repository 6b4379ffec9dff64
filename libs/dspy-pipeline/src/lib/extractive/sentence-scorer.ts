import type { Passage } from '../retrieval/passage';
import { PassageTextCache } from '../retrieval/passage-text-cache';
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

interface PassageAnalysis {
  sentences: readonly PassageSentence[];
  titleTerms: ReadonlySet<string>;
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
    return { sentences, titleTerms: new Set(analyzeText(passage.title)) };
  });
}

/**
 * Scores every sentence of the passages against the question. Term weights are IDF over the
 * sentences of the retrieved passages, and a question term found in no passage keeps the highest
 * weight: a question about something the sources never mention then cannot reach a high
 * coverage, which is what triggers abstention.
 */
export function scoreSentences(question: string, passages: readonly Passage[]): ScoredSentence[] {
  const qTerms = [...new Set(analyzeText(question))];
  if (qTerms.length === 0) return [];
  const analyses = passages.map(analyzePassage);
  let n = 0;
  for (const a of analyses) n += a.sentences.length;
  if (n === 0) return [];
  // The hot path of the extractive pipeline: plain loops, one object per sentence.
  const weights: number[] = [];
  let total = 0;
  for (const t of qTerms) {
    let df = 0;
    for (const a of analyses) for (const s of a.sentences) if (s.terms.has(t)) df++;
    const w = Math.log(1 + (n + 1) / (df + 0.5));
    weights.push(w);
    total += w;
  }
  const out: ScoredSentence[] = [];
  analyses.forEach((a, passageRank) => {
    const passage = passages[passageRank] as Passage;
    const title = a.titleTerms;
    for (const s of a.sentences) {
      let hit = 0;
      let titleHit = 0;
      for (let i = 0; i < qTerms.length; i++) {
        const t = qTerms[i] as string;
        const w = weights[i] as number;
        if (s.terms.has(t)) hit += w;
        else if (title.has(t)) titleHit += w;
      }
      // Title terms count half: "Riverton" in the title supports a sentence that omits it.
      const coverage = total ? (hit + 0.5 * titleHit) / total : 0;
      const score = coverage + 0.04 / (passageRank + 1) + 0.01 / (s.position + 1);
      out.push({
        text: s.text,
        position: s.position,
        terms: s.terms,
        passage,
        passageRank,
        coverage,
        score,
      });
    }
  });
  return out.sort(
    (a, b) => b.score - a.score || a.passageRank - b.passageRank || a.position - b.position,
  );
}
