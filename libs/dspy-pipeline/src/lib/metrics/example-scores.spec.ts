import type { AnswerResult } from '../model/answer-result';
import { computeMetrics, type EvalExample } from './compute-metrics';
import { exampleScores } from './example-scores';

function example(
  answer: string,
  cited: string[],
  gold: string[],
  verdict: AnswerResult['verification']['verdict'],
): EvalExample {
  const abstained = verdict === 'abstained';
  return {
    goldAnswers: ['two months of rent'],
    goldSourceIds: gold,
    retrievedDocumentIds: cited,
    result: {
      answer,
      abstained,
      citations: cited.map((d) => ({
        id: `${d}#0`,
        documentId: d,
        title: d,
        snippet: '',
        score: 1,
      })),
      verification: { verdict, unsupportedClaims: [] },
      timings: { retrievalMs: 1, llmMs: 0, totalMs: 1 },
      trace: [],
    },
  };
}

describe('exampleScores', () => {
  const examples = [
    example('Two months of rent.', ['lease'], ['lease'], 'supported'),
    example('Three months.', ['lease', 'faq'], ['lease'], 'partially_supported'),
    example('Not found in the sources.', [], ['lease'], 'abstained'),
    example('Not found in the sources.', [], [], 'abstained'),
    example('A cat.', ['faq'], [], 'supported'),
  ];

  it('scores one example as computeMetrics scores the set', () => {
    const scores = examples.map(exampleScores);
    expect(scores[0]).toEqual({
      token_f1: 1,
      exact_match: 1,
      answer_contains_gold: 1,
      citation_precision: 1,
      citation_recall: 1,
      groundedness: 1,
      verdict: 'supported',
      abstention_correct: true,
    });
    expect(scores[2]).toEqual({
      token_f1: 0,
      exact_match: 0,
      answer_contains_gold: 0,
      citation_recall: 0,
      verdict: 'abstained',
      abstention_correct: false,
    });
    expect(scores[3]).toMatchObject({ token_f1: 1, abstention_correct: true });
    const mean = (
      k:
        | 'token_f1'
        | 'exact_match'
        | 'answer_contains_gold'
        | 'citation_precision'
        | 'citation_recall'
        | 'groundedness',
    ) => {
      const xs = scores.map((s) => s[k]).filter((v): v is number => v !== undefined);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    const m = computeMetrics(examples);
    for (const k of [
      'token_f1',
      'exact_match',
      'answer_contains_gold',
      'citation_precision',
      'citation_recall',
      'groundedness',
    ] as const)
      expect(mean(k)).toBeCloseTo(m[k], 10);
    expect(scores.filter((s) => s.abstention_correct).length / scores.length).toBeCloseTo(
      m.abstention_accuracy,
      10,
    );
  });
});
