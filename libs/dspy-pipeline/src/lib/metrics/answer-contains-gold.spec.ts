import { answerContainsGold } from './answer-metrics';
import { computeMetrics, type EvalExample } from './compute-metrics';

const result = (answer: string, abstained = false): EvalExample['result'] => ({
  answer,
  abstained,
  citations: [],
  verification: { verdict: abstained ? 'abstained' : 'supported', unsupportedClaims: [] },
  timings: { retrievalMs: 0, llmMs: 0, totalMs: 1 },
  trace: [],
});

describe('answerContainsGold', () => {
  it('finds a gold answer inside a longer answer, after SQuAD normalisation', () => {
    expect(answerContainsGold('It opened in 1856, in London.', ['1856'])).toBe(1);
    expect(answerContainsGold('The Denver Broncos won.', ['Denver Broncos!'])).toBe(1);
    expect(answerContainsGold('Built by the Normans', ['a norman', 'Normans'])).toBe(1);
  });

  it('matches whole tokens only, and never on an empty gold', () => {
    expect(answerContainsGold('about 11,000 people', ['1,000'])).toBe(0);
    expect(answerContainsGold('Normandy', ['Norman'])).toBe(0);
    expect(answerContainsGold('anything', ['', 'the'])).toBe(0);
  });

  it('is aggregated per example: max over the gold answers, abstentions by answerability', () => {
    const examples: EvalExample[] = [
      {
        goldAnswers: ['Saint Bernadette Soubirous', 'Bernadette'],
        goldSourceIds: ['d1'],
        result: result('to Bernadette in 1858'),
        retrievedDocumentIds: ['d1'],
      },
      {
        goldAnswers: ['1858'],
        goldSourceIds: ['d1'],
        result: result('Not found in the sources.', true),
        retrievedDocumentIds: ['d1'],
      },
      {
        goldAnswers: ['Not found in the sources.'],
        goldSourceIds: [],
        result: result('Not found in the sources.', true),
        retrievedDocumentIds: [],
      },
      {
        goldAnswers: ['x'],
        goldSourceIds: ['d2'],
        result: result('something else'),
        retrievedDocumentIds: ['d2'],
      },
    ];
    expect(computeMetrics(examples).answer_contains_gold).toBeCloseTo(2 / 4, 10);
  });
});
