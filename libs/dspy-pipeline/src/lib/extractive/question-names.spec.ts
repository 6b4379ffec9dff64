import { analyzeText } from '../retrieval/text-analyzer';
import { questionNameTerms } from './question-names';

describe('questionNameTerms', () => {
  it('gives the terms of capitalised words inside the question', () => {
    // In the analyser's stemmed form, as the passages' terms are.
    expect([...questionNameTerms('What is the deposit limit in Lakeside County?')]).toEqual(
      analyzeText('Lakeside County'),
    );
    expect([...questionNameTerms('Who founded the University of Chicago?')]).toEqual([
      'university',
      'chicago',
    ]);
  });

  it("skips each sentence's first word and capitalised stopwords", () => {
    expect(questionNameTerms('When was the deposit returned?').size).toBe(0);
    expect([...questionNameTerms('Rent is due. When is The deposit due?')]).toEqual([]);
  });
});
