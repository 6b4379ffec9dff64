import { chunkDocuments } from './chunk-documents';
import { sourceDocumentSchema } from './source-document';

const idError = (id: string): string | undefined =>
  sourceDocumentSchema.safeParse({ id, text: 'x' }).error?.issues[0]?.message;

describe('sourceDocumentSchema ids', () => {
  it('accepts "#" inside an id (SQuAD paragraphs are `<title>#p<n>`)', () => {
    for (const id of ['Normans#p0', 'Super_Bowl_50#p12', 'C#', 'a#b#c', 'deposit-limits'])
      expect(idError(id)).toBeUndefined();
  });

  it('refuses whitespace and ids ending in "#<digits>", which look like chunk ids', () => {
    for (const id of ['a#0', 'Normans#p0#12', 'a b', ' a', ''])
      expect(idError(id)).toMatch(/whitespace|non-empty/);
    expect(idError('a#0')).toBe(
      'must not contain whitespace or end in "#<digits>" (chunk ids are `<id>#<n>`)',
    );
  });

  it('gives chunk ids that name their document before the last "#"', async () => {
    const text = Array.from({ length: 40 }, (_, i) => `Sentence ${i} about the Normans.`).join(' ');
    const docs = ['Normans#p0', 'Normans#p1', 'Normans'].map((id) => ({
      id,
      title: 'Normans',
      text,
      metadata: {},
    }));
    const chunks = await chunkDocuments(docs, { chunkSize: 200, chunkOverlap: 0 });
    expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
    for (const c of chunks) expect(c.id.slice(0, c.id.lastIndexOf('#'))).toBe(c.documentId);
    expect(chunks.filter((c) => c.documentId === 'Normans#p1').length).toBeGreaterThan(1);
  });
});
