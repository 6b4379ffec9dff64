import { analyzeText, stemToken } from './text-analyzer';

describe('stemToken', () => {
  it('maps inflected and derived forms of a word onto one term', () => {
    expect(stemToken('deducted')).toBe('deduct');
    expect(stemToken('deductions')).toBe('deduct');
    expect(stemToken('deduction')).toBe('deduct');
    expect(stemToken('discussion')).toBe(stemToken('discussed'));
    expect(stemToken('developments')).toBe(stemToken('developing'));
    expect(stemToken('differences')).toBe(stemToken('differ'));
    expect(stemToken('performance')).toBe(stemToken('performed'));
    expect(stemToken('originals')).toBe(stemToken('origin'));
    expect(stemToken('improvements')).toBe(stemToken('improve'));
  });

  it('strips at most one derivational suffix and leaves short words as they are', () => {
    // Too short for the suffix rules: these would lose their meaning.
    for (const w of ['nation', 'payment', 'rental', 'mission', 'finance']) {
      expect(stemToken(w)).toBe(w.endsWith('e') ? w.slice(0, -1) : w);
    }
    expect(stemToken('additional')).toBe('addition');
    expect(stemToken('numbers')).toBe('number');
    expect(stemToken('1,200')).toBe('1,200');
  });
});

describe('analyzeText', () => {
  it('gives a question and a passage that word it differently the same terms', () => {
    const question = analyzeText('What can be deducted from a deposit?');
    const passage = analyzeText('Allowed deductions from the deposit are unpaid rent and damage.');
    expect(question.filter((t) => passage.includes(t))).toEqual(['deduct', 'deposit']);
  });
});
