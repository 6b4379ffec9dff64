import { AxMockAIService } from '@ax-llm/ax';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import { chunkDocuments } from '../ingest/chunk-documents';
import { EmbeddedIndex } from './embedded-index';
import { axEmbedder, type AxEmbedService } from './embedder';

// Ax's own mock service (the accepted LLM double): embeddings by keyword, 3 dimensions.
function keywordVector(text: string): number[] {
  const t = text.toLowerCase();
  return [t.includes('deposit') ? 1 : 0, t.includes('roof') ? 1 : 0, 0.1];
}

describe('axEmbedder (Ax ai.embed)', () => {
  const ai = new AxMockAIService<string>({
    features: { functions: false, streaming: false },
    embedResponse: async (req) => ({ embeddings: (req.texts ?? []).map(keywordVector) }),
  });

  it('embeds through ai.embed and fuses dense and BM25 ranks', async () => {
    const chunks = await chunkDocuments([
      { id: 'a', title: 'A', text: 'The deposit goes back to the tenant.', metadata: {} },
      { id: 'b', title: 'B', text: 'A new roof is an improvement.', metadata: {} },
    ]);
    const index = await EmbeddedIndex.build(chunks, {
      embedder: axEmbedder(ai as AxEmbedService, 'mock-embed'),
    });
    expect(index.dense?.dimensions).toBe(3);
    const hits = await index.retrieve('deposit', { k: 2, tenantId: 'default' });
    expect(hits.map((h) => h.documentId)).toEqual(['a', 'b']);
    // RRF: a is first in both lists → 2 / 61; b appears only in the dense list, second → 1 / 62.
    expect(hits[0]?.score).toBeCloseTo(2 / 61, 10);
    expect(hits[1]?.score).toBeCloseTo(1 / 62, 10);
  });

  it('refuses an embedder that returns the wrong number of vectors', async () => {
    const broken: AxEmbedService = { embed: async () => ({ embeddings: [[1, 2]] }) };
    const chunks = await chunkDocuments([
      { id: 'a', title: '', text: 'one', metadata: {} },
      { id: 'b', title: '', text: 'two', metadata: {} },
    ]);
    const err = await EmbeddedIndex.build(chunks, { embedder: axEmbedder(broken, 'x') }).catch(
      (e: unknown) => e,
    );
    expect(DspyPipelineError.isInstance(err) && err.code).toBe('index_error');
  });
});
