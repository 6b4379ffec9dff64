import { analyzeText, termOfWord, wordTokens } from './text-analyzer';
import { TopK, type Bm25Hit } from './top-k';

/** BM25 parameters. The usual defaults (k1 = 1.2, b = 0.75). */
export interface Bm25Params {
  k1: number;
  b: number;
}

/** The serialisable parts of a {@link Bm25Index}: plain arrays and typed arrays only. */
export interface Bm25Data {
  params: Bm25Params;
  /** Terms in term-id order. */
  terms: string[];
  /** Postings of term t are `docs[offsets[t]..offsets[t+1])` with frequencies in `tfs`. */
  offsets: Uint32Array;
  docs: Uint32Array;
  tfs: Uint16Array;
  docLengths: Uint16Array;
}

/**
 * An inverted index with BM25 ranking, stored as compressed sparse rows (one typed array of
 * postings for all terms). Written for this project because MiniSearch missed the build-time and
 * load-time goals at 100,000 chunks (see docs/benchmarks.md, `## retrieval`): typed arrays load
 * as raw buffers, without parsing.
 */
export class Bm25Index {
  private readonly termIds: Map<string, number>;
  /** Per posting: the BM25 term-frequency part (saturation and length normalisation). */
  private readonly weights: Float32Array;
  private scores: Float32Array;

  constructor(private readonly data: Bm25Data) {
    this.termIds = new Map();
    data.terms.forEach((t, i) => this.termIds.set(t, i));
    const { docLengths, docs, tfs, params } = data;
    let total = 0;
    for (const l of docLengths) total += l;
    const avg = docLengths.length ? total / docLengths.length || 1 : 1;
    // Precomputed once so that a query only multiplies by IDF and adds.
    const norm = new Float32Array(docLengths.length);
    for (let d = 0; d < norm.length; d++)
      norm[d] = params.k1 * (1 - params.b + (params.b * (docLengths[d] ?? 0)) / avg);
    this.weights = new Float32Array(docs.length);
    for (let p = 0; p < docs.length; p++) {
      const f = tfs[p] ?? 0;
      this.weights[p] = (f * (params.k1 + 1)) / (f + (norm[docs[p] ?? 0] ?? 0));
    }
    this.scores = new Float32Array(docLengths.length);
  }

  /** Indexes `texts` (document i of the index is `texts[i]`). */
  static build(texts: readonly string[], params: Bm25Params = { k1: 1.2, b: 0.75 }): Bm25Index {
    // Two passes over compact typed arrays instead of one JS array per term: pass 1 maps each
    // document to (term id, tf) pairs and counts document frequencies; pass 2 lays the postings
    // out in compressed sparse rows. Documents are visited in order, so postings stay sorted.
    const termIds = new Map<string, number>();
    const wordIds = new Map<string, number>(); // word → term id, -1 for stopwords
    const terms: string[] = [];
    const docLengths = new Uint16Array(texts.length);
    let df = new Uint32Array(1024);
    let counts = new Uint32Array(1024);
    let pairTerms = new Uint32Array(1 << 16);
    let pairTfs = new Uint16Array(1 << 16);
    const pairStart = new Uint32Array(texts.length + 1);
    let pairs = 0;
    const seen: number[] = [];
    texts.forEach((text, doc) => {
      seen.length = 0;
      let length = 0;
      for (const word of wordTokens(text)) {
        let id = wordIds.get(word);
        if (id === undefined) {
          const term = termOfWord(word);
          if (term === '') id = -1;
          else {
            id = termIds.get(term);
            if (id === undefined) {
              id = terms.length;
              termIds.set(term, id);
              terms.push(term);
              if (id >= df.length) {
                df = grow(df, df.length * 2);
                counts = grow(counts, counts.length * 2);
              }
            }
          }
          wordIds.set(word, id);
        }
        if (id < 0) continue;
        length++;
        if (counts[id] === 0) seen.push(id);
        counts[id] = (counts[id] as number) + 1;
      }
      docLengths[doc] = Math.min(length, 65535);
      if (pairs + seen.length > pairTerms.length) {
        const size = Math.max(pairTerms.length * 2, pairs + seen.length);
        pairTerms = grow(pairTerms, size);
        pairTfs = grow(pairTfs, size);
      }
      for (const id of seen) {
        pairTerms[pairs] = id;
        pairTfs[pairs] = Math.min(counts[id] as number, 65535);
        pairs++;
        df[id] = (df[id] as number) + 1;
        counts[id] = 0;
      }
      pairStart[doc + 1] = pairs;
    });
    const offsets = new Uint32Array(terms.length + 1);
    for (let t = 0; t < terms.length; t++)
      offsets[t + 1] = (offsets[t] as number) + (df[t] as number);
    const fill = offsets.slice(0, terms.length);
    const docs = new Uint32Array(pairs);
    const tfs = new Uint16Array(pairs);
    for (let doc = 0; doc < texts.length; doc++) {
      for (let p = pairStart[doc] as number; p < (pairStart[doc + 1] as number); p++) {
        const t = pairTerms[p] as number;
        const at = fill[t] as number;
        docs[at] = doc;
        tfs[at] = pairTfs[p] as number;
        fill[t] = at + 1;
      }
    }
    return new Bm25Index({ params, terms, offsets, docs, tfs, docLengths });
  }

  /** The index's arrays, for persistence. */
  toData(): Bm25Data {
    return this.data;
  }

  /** Id of an analysed term, or undefined when the index does not hold it. */
  termId(term: string): number | undefined {
    return this.termIds.get(term);
  }

  /** Inverse document frequency of term `t` (an id from {@link termId}). */
  idfOf(t: number): number {
    const { offsets, docLengths } = this.data;
    const df = (offsets[t + 1] ?? 0) - (offsets[t] ?? 0);
    const n = docLengths.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Whether document `doc` holds term `t` (binary search in the term's postings). */
  holds(t: number, doc: number): boolean {
    const { offsets, docs } = this.data;
    const to = offsets[t + 1] ?? 0;
    const p = lowerBound(docs, offsets[t] ?? 0, to, doc);
    return p < to && docs[p] === doc;
  }

  /** Number of indexed documents. */
  get size(): number {
    return this.data.docLengths.length;
  }

  /**
   * The `k` best documents for `query`, best first; ties broken by document order so results
   * are deterministic. `accept(doc)` filters candidates (tenant, metadata) before ranking.
   */
  search(query: string, k: number, accept?: (doc: number) => boolean): Bm25Hit[] {
    const { offsets, docs, docLengths, params } = this.data;
    const weights = this.weights;
    const n = docLengths.length;
    if (n === 0 || k <= 0) return [];
    if (this.scores.length !== n) this.scores = new Float32Array(n);
    const scores = this.scores;
    const touched: number[] = [];
    const qterms: { from: number; to: number; idf: number; bound: number; id: number }[] = [];
    for (const term of new Set(analyzeText(query))) {
      const t = this.termIds.get(term);
      if (t === undefined) continue;
      const from = offsets[t] ?? 0;
      const to = offsets[t + 1] ?? from;
      const idf = this.idfOf(t);
      // A posting weight is below k1 + 1, so idf × (k1 + 1) bounds what the term can add.
      qterms.push({ from, to, idf, bound: idf * (params.k1 + 1), id: t });
    }
    // MaxScore: rare (high-bound) terms first. Once the k-th best partial score beats what all
    // remaining terms could add, no untouched document can enter the top k; the remaining,
    // usually very frequent, terms are then only looked up for documents that still can.
    qterms.sort((a, b) => b.bound - a.bound || a.id - b.id);
    // A plain array: a typed array per query costs an off-heap allocation and GC tracking.
    const rest: number[] = new Array<number>(qterms.length + 1).fill(0);
    for (let i = qterms.length - 1; i >= 0; i--)
      rest[i] = (rest[i + 1] as number) + (qterms[i] as { bound: number }).bound;
    let i = 0;
    let kth = -Infinity;
    for (; i < qterms.length; i++) {
      if (i > 0 && touched.length >= k) {
        kth = kthScore(scores, touched, k, accept);
        if (kth > (rest[i] as number)) break;
      }
      const { from, to, idf } = qterms[i] as { from: number; to: number; idf: number };
      for (let p = from; p < to; p++) {
        const d = docs[p] as number;
        const s = scores[d] as number;
        if (s === 0) touched.push(d);
        scores[d] = s + idf * (weights[p] as number);
      }
    }
    if (i < qterms.length) {
      let candidates = touched.filter(
        (d) => (scores[d] as number) + (rest[i] as number) >= kth && (!accept || accept(d)),
      );
      for (let j = i; j < qterms.length; j++) {
        const { from, to, idf } = qterms[j] as { from: number; to: number; idf: number };
        for (const d of candidates) {
          const p = lowerBound(docs, from, to, d);
          if (p < to && docs[p] === d)
            scores[d] = (scores[d] as number) + idf * (weights[p] as number);
        }
        const bound = rest[j + 1] as number;
        candidates = candidates.filter((d) => (scores[d] as number) + bound >= kth);
      }
    }
    const top = new TopK(k);
    for (const d of touched) {
      const s = scores[d] as number;
      scores[d] = 0;
      // Cheap bound check first: most candidates cannot enter the top k.
      if (s < top.threshold()) continue;
      if (accept && !accept(d)) continue;
      top.offer(d, s);
    }
    return top.sorted();
  }
}

/** The k-th best score among accepted touched documents (-Infinity when fewer than k). */
function kthScore(
  scores: Float32Array,
  touched: readonly number[],
  k: number,
  accept: ((doc: number) => boolean) | undefined,
): number {
  const top = new TopK(k);
  for (const d of touched) {
    const s = scores[d] as number;
    if (s < top.threshold()) continue;
    if (accept && !accept(d)) continue;
    top.offer(d, s);
  }
  return top.threshold();
}

/** First index in the sorted range `a[from..to)` whose value is ≥ `x`. */
function lowerBound(a: Uint32Array, from: number, to: number, x: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function grow<T extends Uint32Array | Uint16Array>(a: T, size: number): T {
  const out = new (a.constructor as new (n: number) => T)(size);
  out.set(a);
  return out;
}
