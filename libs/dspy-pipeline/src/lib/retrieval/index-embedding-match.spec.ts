import { matchIndexEmbedding } from './index-embedding-match';

describe('matchIndexEmbedding', () => {
  it('is lexical when no model is configured, whatever the index holds', () => {
    expect(matchIndexEmbedding(undefined, undefined)).toEqual({ kind: 'lexical' });
    expect(matchIndexEmbedding('m1', undefined)).toEqual({ kind: 'lexical' });
  });

  it('is dense when the index holds vectors of the configured model', () => {
    expect(matchIndexEmbedding('m1', 'm1')).toEqual({ kind: 'dense', model: 'm1' });
  });

  it('names what is missing or different', () => {
    expect(matchIndexEmbedding(undefined, 'm1')).toEqual({
      kind: 'no_vectors',
      configuredModel: 'm1',
    });
    expect(matchIndexEmbedding('m0', 'm1')).toEqual({
      kind: 'other_model',
      indexModel: 'm0',
      configuredModel: 'm1',
    });
  });
});
