import { analyzeText } from '../retrieval/text-analyzer';
import { answerSpan } from './answer-span';
import { answerTypeOf } from './question-type';

const span = (question: string, sentence: string) =>
  answerSpan(sentence, new Set(analyzeText(question)), answerTypeOf(question));

describe('answerTypeOf', () => {
  it.each([
    ['When did the Normans reach Sicily?', 'date'],
    ['In what year was the engine patented?', 'date'],
    ['How many days of notice must a landlord give?', 'number'],
    ['What percentage of the vote did they win?', 'number'],
    ['Who designed the first steam engine?', 'person'],
    ['Where was Tesla born?', 'place'],
    ['What is depreciation?', 'other'],
    ['Why is the deposit held in escrow?', 'other'],
  ])('%s → %s', (question, type) => {
    expect(answerTypeOf(question)).toBe(type);
  });
});

describe('answerSpan', () => {
  it('answers "when" with the date next to the question terms', () => {
    expect(
      span(
        'When was the engine patented?',
        'The engine was patented in January 1769, and Watt died in 1819.',
      ),
    ).toBe('January 1769');
    expect(
      span('In what century did the Normans arrive?', 'They arrived in the 10th century.'),
    ).toBe('10th century');
  });

  it('answers "how many" with the number and its unit', () => {
    expect(
      span(
        'How many days of notice must a landlord give before entering?',
        'A landlord must give at least 30 days notice in writing before entering the unit.',
      ),
    ).toBe('30 days');
  });

  it('answers "who" with a name that is not already in the question', () => {
    expect(
      span(
        'Who led the Normans into Italy?',
        'The Normans were led into Italy by Robert Guiscard, a Norman adventurer.',
      ),
    ).toBe('Robert Guiscard');
  });

  it('gives nothing for "other" questions or when the sentence has no phrase of the type', () => {
    expect(span('What is depreciation?', 'Depreciation recovers the cost of property.')).toBe(
      undefined,
    );
    expect(span('When was it built?', 'It was built long ago by hand.')).toBe(undefined);
    // A name the question already holds is not an answer.
    expect(span('Who was Robert Guiscard?', 'Robert Guiscard was a soldier.')).toBe(undefined);
  });
});
