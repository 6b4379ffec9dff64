import { Bm25Index } from './bm25-index';
import { TopK } from './top-k';
import { fuseByReciprocalRank } from './rrf-fusion';
import { analyzeText } from './text-analyzer';

describe('Bm25Index', () => {
  // Lengths 2, 3, 1 (avg 2); "deposit" df = 2 of N = 3 → idf = ln(1 + 1.5 / 2.5) = ln 1.6.
  const index = Bm25Index.build(['rent deposit', 'rent rent tax', 'deposit']);

  it('scores like the BM25 formula (k1 = 1.2, b = 0.75), computed by hand', () => {
    const hits = index.search('deposits', 10);
    expect(hits.map((h) => h.doc)).toEqual([2, 0]);
    // doc 2: tf 1, len 1: norm = 1.2 (0.25 + 0.375) = 0.75 → 2.2 / 1.75 × ln 1.6
    expect(hits[0]?.score).toBeCloseTo((2.2 / 1.75) * Math.log(1.6), 5);
    // doc 0: tf 1, len 2 = avg: norm = 1.2 → 2.2 / 2.2 × ln 1.6
    expect(hits[1]?.score).toBeCloseTo(Math.log(1.6), 5);
  });

  it('filters candidates and breaks ties by document order', () => {
    expect(index.search('deposit', 10, (d) => d !== 2).map((h) => h.doc)).toEqual([0]);
    const ties = Bm25Index.build(['alpha', 'alpha', 'alpha']);
    expect(ties.search('alpha', 2).map((h) => h.doc)).toEqual([0, 1]);
    expect(index.search('nothing matches', 5)).toEqual([]);
  });

  it('returns the exact top k (MaxScore pruning) against a brute-force BM25', () => {
    // Zipf-like vocabulary so that frequent terms exist and pruning kicks in.
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const vocab = Array.from({ length: 300 }, (_, i) => `w${i}x`);
    const pick = (): string => vocab[Math.floor(vocab.length * rand() ** 3)] as string;
    const texts = Array.from({ length: 2000 }, () =>
      Array.from({ length: 5 + Math.floor(rand() * 40) }, pick).join(' '),
    );
    const idx = Bm25Index.build(texts);
    const tokens = texts.map((t) => analyzeText(t));
    const avg = tokens.reduce((a, t) => a + t.length, 0) / tokens.length;
    const dfs = new Map<string, number>();
    for (const d of tokens) for (const t of new Set(d)) dfs.set(t, (dfs.get(t) ?? 0) + 1);
    const brute = (q: string): number[] =>
      tokens.map((doc) =>
        [...new Set(analyzeText(q))].reduce((sum, term) => {
          const df = dfs.get(term) ?? 0;
          const f = doc.filter((x) => x === term).length;
          if (!f) return sum;
          const idf = Math.log(1 + (tokens.length - df + 0.5) / (df + 0.5));
          return sum + (idf * f * 2.2) / (f + 1.2 * (0.25 + (0.75 * doc.length) / avg));
        }, 0),
      );
    for (let q = 0; q < 30; q++) {
      const query =
        Array.from({ length: 2 + (q % 4) }, pick).join(' ') + (q % 3 ? ` w${250 + q}x` : '');
      const expected = brute(query);
      const hits = idx.search(query, 5, (d) => d % 7 !== 0);
      const allowed = expected.map((s, d) => (d % 7 !== 0 ? s : -1)).sort((a, b) => b - a);
      expect(hits).toHaveLength(5);
      hits.forEach((h, i) => {
        expect(h.score).toBeCloseTo(expected[h.doc] as number, 4);
        expect(h.score).toBeCloseTo(allowed[i] as number, 4);
      });
    }
  });

  it('keeps the k best in TopK', () => {
    const top = new TopK(3);
    [5, 1, 9, 3, 7, 7].forEach((s, i) => top.offer(i, s));
    expect(top.sorted().map((h) => [h.doc, h.score])).toEqual([
      [2, 9],
      [4, 7],
      [5, 7],
    ]);
  });
});

describe('text analysis and fusion', () => {
  it('stems plural and verb forms to one term and drops stopwords', () => {
    expect(analyzeText('The deposits were deposited; depositing 1,500 dollars!')).toEqual([
      'deposit',
      'deposit',
      'deposit',
      '1500',
      'dollar',
    ]);
  });

  it('fuses rankings by reciprocal rank (k = 60)', () => {
    const fused = fuseByReciprocalRank([
      ['a', 'b', 'c'],
      ['c', 'a'],
    ]);
    expect(fused.map((f) => f.item)).toEqual(['a', 'c', 'b']);
    expect(fused[0]?.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
  });
});
