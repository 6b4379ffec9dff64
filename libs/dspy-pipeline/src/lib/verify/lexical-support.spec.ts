import type { Passage } from '../retrieval/passage';
import {
  assessClaims,
  checkLexicalSupport,
  isAbstentionText,
  splitClaims,
} from './lexical-support';

const passage = (id: string, text: string, title = 'Doc'): Passage => ({
  id,
  documentId: id.split('#')[0] ?? id,
  title,
  text,
  score: 1,
  tenantId: 'default',
  start: 0,
  end: text.length,
  metadata: {},
});

const deposits = passage(
  'deposits#0',
  'A landlord must return the security deposit within 21 days after the tenant moves out.',
);
const depreciation = passage(
  'depreciation#0',
  'Residential rental buildings are depreciated using the straight-line method over 27.5 years.',
);

describe('checkLexicalSupport', () => {
  it('supports a claim restated from a passage (stems and stopwords aside)', () => {
    expect(
      checkLexicalSupport(
        'The landlord returns the deposit within 21 days after the tenant moved out.',
        [deposits],
      ),
    ).toEqual({
      verdict: 'supported',
      unsupportedClaims: [],
    });
  });

  it('rejects a number the passage does not state, even with the same words', () => {
    const v = checkLexicalSupport('A landlord must return the security deposit within 30 days.', [
      deposits,
    ]);
    expect(v.verdict).toBe('unsupported');
    expect(v.unsupportedClaims).toEqual([
      'A landlord must return the security deposit within 30 days.',
    ]);
  });

  it('is partially supported when one claim of two is invented', () => {
    const v = checkLexicalSupport(
      'Residential rental buildings are depreciated over 27.5 years. Swimming pools need a municipal permit.',
      [deposits, depreciation],
    );
    expect(v).toEqual({
      verdict: 'partially_supported',
      unsupportedClaims: ['Swimming pools need a municipal permit.'],
    });
  });

  it('ignores citation markers and reports abstentions as abstained', () => {
    expect(
      checkLexicalSupport(
        'Residential buildings are depreciated over 27.5 years [depreciation#0].',
        [depreciation],
      ).verdict,
    ).toBe('supported');
    expect(checkLexicalSupport('Not found in the sources.', [deposits])).toEqual({
      verdict: 'abstained',
      unsupportedClaims: [],
    });
    expect(isAbstentionText('  ')).toBe(true);
    expect(isAbstentionText('The deposit is returned.')).toBe(false);
  });

  it('finds nothing supported without passages', () => {
    expect(checkLexicalSupport('Deposits are returned within 21 days.', []).verdict).toBe(
      'unsupported',
    );
  });

  it('names the passage that supports each claim', () => {
    const claims = assessClaims('Buildings are depreciated over 27.5 years.', [
      deposits,
      depreciation,
    ]);
    expect(claims).toHaveLength(1);
    expect(claims[0]?.passageId).toBe('depreciation#0');
    expect(claims[0]?.supported).toBe(true);
    expect(splitClaims('One claim here [a#1]. Another claim (b#2).')).toEqual([
      'One claim here.',
      'Another claim.',
    ]);
    // Chunks of documents whose ids hold "#" (SQuAD's `<title>#p<n>`).
    expect(splitClaims('One claim [Normans#p0#1]. Another (Normans#p2#0, Steam#p1#3).')).toEqual([
      'One claim.',
      'Another.',
    ]);
  });
});
