import { loadBundledCorpus } from '../corpus/bundled-assets';
import { chunkDocuments } from '../ingest/chunk-documents';
import {
  QdrantRetriever,
  pointId,
  sparseDocumentVector,
  sparseQueryVector,
  termHash,
} from './qdrant-retriever';

describe('Qdrant vectors (no server)', () => {
  it('hashes terms stably and weights sparse vectors BM25-style', () => {
    expect(termHash('deposit')).toBe(termHash('deposit'));
    expect(termHash('deposit')).not.toBe(termHash('deposits2'));
    const v = sparseDocumentVector('deposit deposit rent', 3);
    expect(v.indices).toHaveLength(2);
    const dep = v.values[v.indices.indexOf(termHash('deposit'))] ?? 0;
    const rent = v.values[v.indices.indexOf(termHash('rent'))] ?? 0;
    expect(dep).toBeGreaterThan(rent);
    expect(dep).toBeLessThan(2 * rent); // saturation
    expect(sparseQueryVector('deposit deposits').values).toEqual([1]);
    expect(pointId('a', 'd#0')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(pointId('a', 'd#0')).not.toBe(pointId('b', 'd#0'));
  });
});

// Runs only against a real server: QDRANT_URL=http://127.0.0.1:6333 npm test.
(process.env['QDRANT_URL'] ? describe : describe.skip)('QdrantRetriever against QDRANT_URL', () => {
  const url = process.env['QDRANT_URL'] ?? '';
  const collection = `cited_test_${Date.now()}`;
  const retriever = new QdrantRetriever({ url, collection, batchSize: 16 });

  it('upserts, retrieves, filters and isolates tenants', async () => {
    const { chunks } = await loadBundledCorpus();
    const other = await chunkDocuments(
      [{ id: 'secret', title: 'Acme', text: 'Zorblax fee is 77 dollars.', metadata: {} }],
      { tenantId: 'acme' },
    );
    await retriever.upsert([...chunks, ...other]);
    const hits = await retriever.retrieve('security deposit returned within 21 days', {
      k: 5,
      tenantId: 'default',
    });
    expect(hits[0]?.documentId).toBe('security-deposit-return-deadlines');
    expect(
      (await retriever.retrieve('zorblax fee', { k: 5, tenantId: 'default' })).map((h) => h.id),
    ).not.toContain('secret#0');
    expect(
      (await retriever.retrieve('zorblax fee', { k: 5, tenantId: 'acme' })).map((h) => h.id),
    ).toEqual(['secret#0']);
    const filtered = await retriever.retrieve('deposit', {
      k: 5,
      tenantId: 'default',
      filter: { path: 'security-deposit-interest.md' },
    });
    expect(filtered.every((h) => h.documentId === 'security-deposit-interest')).toBe(true);
    await expect(retriever.retrieve('rent', { k: 5, tenantId: 'nobody' })).rejects.toMatchObject({
      code: 'unknown_tenant',
    });
  }, 60_000);
});
