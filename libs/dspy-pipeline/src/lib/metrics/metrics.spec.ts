import type { AnswerResult } from '../model/answer-result';
import { exactMatch, normalizeAnswer, tokenF1, tokenF1Single } from './answer-metrics';
import { computeMetrics, METRIC_NAMES, type EvalExample } from './compute-metrics';
import {
  citationPrecision,
  citationRecall,
  percentile,
  recallAtK,
  reciprocalRank,
} from './source-metrics';

describe('answer metrics', () => {
  it('normalises like SQuAD', () => {
    expect(normalizeAnswer('The  27.5-year period, an Example!')).toBe('27 5 year period example');
  });
  it('exact match takes the best gold answer', () => {
    expect(exactMatch('the 27.5 years', ['about 30 years', '27.5 years'])).toBe(1);
    expect(exactMatch('27.5 years long', ['27.5 years'])).toBe(0);
  });
  it('token F1 matches a hand computation', () => {
    // pred tokens: [within, 21, days] gold: [21, days, after, move, out]; common 2.
    // P = 2/3, R = 2/5, F1 = 2PR/(P+R) = (8/15)/(16/15) = 0.5
    expect(tokenF1Single('within 21 days', '21 days after move out')).toBeCloseTo(0.5, 10);
    expect(tokenF1('within 21 days', ['no', '21 days after move out', 'within 21 days'])).toBe(1);
    expect(tokenF1('anything', [])).toBe(0);
  });
});

describe('source metrics (by document)', () => {
  it('citation precision and recall', () => {
    expect(citationPrecision(['a', 'a', 'b', 'c'], ['a', 'd'])).toBeCloseTo(1 / 3, 10);
    expect(citationRecall(['a', 'b', 'c'], ['a', 'd'])).toBe(0.5);
    expect(citationPrecision([], ['a'])).toBeNull();
    expect(citationRecall(['a'], [])).toBeNull();
  });
  it('recall@k and MRR de-duplicate documents in rank order', () => {
    const retrieved = ['x', 'x', 'y', 'a', 'z', 'b'];
    expect(recallAtK(retrieved, ['a', 'b'], 1)).toBe(0);
    expect(recallAtK(retrieved, ['a', 'b'], 3)).toBe(0.5); // distinct: x, y, a
    expect(recallAtK(retrieved, ['a', 'b'], 5)).toBe(1);
    expect(reciprocalRank(retrieved, ['a', 'b'])).toBeCloseTo(1 / 3, 10);
    expect(reciprocalRank(retrieved, ['q'])).toBe(0);
    expect(reciprocalRank(retrieved, [])).toBeNull();
  });
  it('nearest-rank percentiles', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 95)).toBe(10);
    expect(percentile([], 50)).toBe(0);
  });
});

function result(
  p: Partial<AnswerResult> & { docs?: string[]; ms?: number; tokens?: number },
): AnswerResult {
  return {
    answer: p.answer ?? 'x',
    abstained: p.abstained ?? false,
    citations: (p.docs ?? []).map((d, i) => ({
      id: `${d}#${i}`,
      documentId: d,
      title: d,
      snippet: '',
      score: 1,
    })),
    verification: p.verification ?? { verdict: 'supported', unsupportedClaims: [] },
    timings: { retrievalMs: 0, llmMs: 0, totalMs: p.ms ?? 0 },
    trace: p.tokens
      ? [
          {
            module: 'reasoner',
            latencyMs: 1,
            passageIds: [],
            tokens: { promptTokens: p.tokens - 1, completionTokens: 1, totalTokens: p.tokens },
          },
        ]
      : [],
  };
}

describe('computeMetrics', () => {
  // 1: answerable, right answer and source. 2: answerable, half-right answer, wrong + right source,
  // partially supported. 3: unanswerable, correctly abstained. 4: unanswerable, answered (hallucination).
  const examples: EvalExample[] = [
    {
      goldAnswers: ['21 days'],
      goldSourceIds: ['a'],
      result: result({ answer: '21 days', docs: ['a'], ms: 10, tokens: 100 }),
      retrievedDocumentIds: ['a', 'b'],
    },
    {
      goldAnswers: ['27.5 years'],
      goldSourceIds: ['c'],
      result: result({
        answer: '27.5 months',
        docs: ['b', 'c'],
        ms: 20,
        tokens: 50,
        verification: { verdict: 'partially_supported', unsupportedClaims: ['x'] },
      }),
      retrievedDocumentIds: ['b', 'b', 'c'],
    },
    {
      goldAnswers: ['Not found'],
      goldSourceIds: [],
      result: result({ abstained: true, ms: 30 }),
      retrievedDocumentIds: ['a'],
    },
    {
      goldAnswers: ['Not found'],
      goldSourceIds: [],
      result: result({ answer: 'Made up.', docs: ['d'], ms: 40 }),
      retrievedDocumentIds: ['d'],
    },
  ];
  const m = computeMetrics(examples);

  it('produces exactly the MLflow metric names', () => {
    expect(Object.keys(m).sort()).toEqual([...METRIC_NAMES].sort());
  });

  it('matches hand-computed values', () => {
    expect(m.exact_match).toBeCloseTo((1 + 0 + 1 + 0) / 4, 10);
    // ex2: tokens [27, 5, months] vs [27, 5, years]: P = R = 2/3 → F1 2/3.
    expect(m.token_f1).toBeCloseTo((1 + 2 / 3 + 1 + 0) / 4, 10);
    // precision over examples citing something: 1, 1/2, (ex4) 0 → 0.5
    expect(m.citation_precision).toBeCloseTo((1 + 0.5 + 0) / 3, 10);
    expect(m.citation_recall).toBe(1);
    expect(m.retrieval_recall_at_1).toBe(0.5);
    expect(m.retrieval_recall_at_5).toBe(1);
    expect(m.retrieval_recall_at_10).toBe(1);
    expect(m.retrieval_mrr).toBeCloseTo((1 + 0.5) / 2, 10);
    // answered: ex1 (supported), ex2 (partial), ex4 (supported but unanswerable)
    expect(m.groundedness).toBeCloseTo(2 / 3, 10);
    expect(m.hallucination_rate).toBeCloseTo(2 / 3, 10);
    expect(m.abstention_accuracy).toBe(0.75);
    expect(m.latency_p50_ms).toBe(20);
    expect(m.latency_p95_ms).toBe(40);
    expect(m.tokens_total).toBe(150);
  });

  it('is all zeros for no examples', () => {
    expect(Object.values(computeMetrics([])).every((v) => v === 0)).toBe(true);
  });
});
