import type { Bm25Index } from './bm25-index';
import { BoundedMemo } from './bounded-memo';
import { analyzeText, termOfWord } from './text-analyzer';
import type { Bm25Hit } from './top-k';

/**
 * BM25 candidates re-ordered, whatever k is asked, so that a question ranks its passages the
 * same way for the pipeline's top 5 and the evaluation's top 10.
 */
export const PAIR_RERANK_DEPTH = 10;

/**
 * Bonus of one adjacent question pair found adjacent in a passage, as a share of the pair's
 * mean IDF. Chosen on the train and dev splits of the SQuAD v1.1 dev half (docs/benchmarks.md,
 * `## squad`); one setting for every corpus.
 */
export const ADJACENT_PAIR_WEIGHT = 0.75;

/**
 * Pairs count only when both terms have at least this IDF (a document frequency below about
 * 12%): a phrase of common words is weak evidence, and skipping such pairs spares analysing
 * most candidates' texts. On train + dev it changes no recall@5.
 */
export const MIN_PAIR_IDF = 2;

// Mirrors the analyser's word tokens (text-analyzer.ts), for scanning from a given position.
const TOKEN_RE = /[\p{L}\p{N}]+(?:[.,][\p{N}]+)*/gu;
const WORD_CHAR_RE = /[\p{L}\p{N}]/u;

/**
 * Re-orders BM25's best candidates by adding, for every pair of consecutive question terms
 * (after stopword removal and stemming) that also stand next to each other in a candidate's
 * text, the pair's mean IDF × {@link ADJACENT_PAIR_WEIGHT}: a phrase ("steam engine", "Super
 * Bowl") is stronger evidence than the same two words far apart. A light sequential-dependence
 * model over the top candidates only. The index stores no positions (that would grow it), so a
 * candidate's text is scanned here, only when its postings hold both terms of a pair, and only
 * at the words that can be the pair's first term.
 */
export class AdjacentPairReranker {
  // Word → term id of the index; -1 for a stopword (skipped, as the index skips it), -2 for a
  // term the index does not hold.
  private readonly wordTerms = new BoundedMemo<string, number>(500_000);
  private readonly wordTerm = (word: string): number => {
    const term = termOfWord(word);
    return term === '' ? -1 : (this.bm25.termId(term) ?? -2);
  };

  /**
   * @param bm25 the index the candidates come from.
   * @param text the text of candidate `doc` (the chunk text, without its title).
   */
  constructor(
    private readonly bm25: Bm25Index,
    private readonly text: (doc: number) => string,
  ) {}

  private termOf(token: string): number {
    return this.wordTerms.get(token.includes(',') ? token.replace(/,/g, '') : token, this.wordTerm);
  }

  /**
   * Whether term `a` is followed by term `b` in `lower` (stopwords between them skipped, as the
   * index skips them). Instead of analysing the whole text, it visits only the words that start
   * with `prefix`: a term is a prefix of every word stemmed to it, but for "-ies" → "-y".
   */
  private adjacent(lower: string, prefix: string, a: number, b: number): boolean {
    for (let at = lower.indexOf(prefix); at >= 0; at = lower.indexOf(prefix, at + 1)) {
      if (at > 0 && WORD_CHAR_RE.test(lower[at - 1] as string)) continue;
      TOKEN_RE.lastIndex = at;
      const word = TOKEN_RE.exec(lower);
      if (word === null || word.index !== at || this.termOf(word[0]) !== a) continue;
      let next = TOKEN_RE.exec(lower);
      while (next !== null && this.termOf(next[0]) === -1) next = TOKEN_RE.exec(lower);
      if (next !== null && this.termOf(next[0]) === b) return true;
    }
    return false;
  }

  /** `hits` (BM25 order) re-ordered by score plus adjacent-pair bonus, best first. */
  rerank(query: string, hits: readonly Bm25Hit[]): Bm25Hit[] {
    if (hits.length < 2) return [...hits];
    const terms = analyzeText(query);
    const ids = terms.map((t) => this.bm25.termId(t) ?? -1);
    // Pair key a × 2^32 + b (exact in a double for ids below 2^21) → summed bonus.
    const pairs = new Map<number, { a: number; b: number; prefix: string; bonus: number }>();
    for (let i = 0; i + 1 < ids.length; i++) {
      const a = ids[i] as number;
      const b = ids[i + 1] as number;
      if (a < 0 || b < 0) continue;
      const idfA = this.bm25.idfOf(a);
      const idfB = this.bm25.idfOf(b);
      if (idfA < MIN_PAIR_IDF || idfB < MIN_PAIR_IDF) continue;
      const key = a * 4294967296 + b;
      const bonus = (ADJACENT_PAIR_WEIGHT * (idfA + idfB)) / 2;
      const pair = pairs.get(key);
      if (pair) pair.bonus += bonus;
      else {
        const term = terms[i] as string;
        const prefix = term.length > 1 && term.endsWith('y') ? term.slice(0, -1) : term;
        pairs.set(key, { a, b, prefix, bonus });
      }
    }
    if (pairs.size === 0) return [...hits];
    const out = hits.map((h) => {
      let bonus = 0;
      let lower: string | undefined;
      for (const p of pairs.values()) {
        if (!this.bm25.holds(p.a, h.doc) || !this.bm25.holds(p.b, h.doc)) continue;
        lower ??= this.text(h.doc).toLowerCase();
        if (this.adjacent(lower, p.prefix, p.a, p.b)) bonus += p.bonus;
      }
      return bonus > 0 ? { doc: h.doc, score: h.score + bonus } : h;
    });
    return out.sort((x, y) => y.score - x.score || x.doc - y.doc);
  }
}
