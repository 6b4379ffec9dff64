import { loadBundledCorpus } from '../corpus/bundled-assets';
import { chunkDocuments } from '../ingest/chunk-documents';
import { answerOptionsSchema } from '../model/answer-result';
import { INDEX_FORMAT_VERSION } from '../retrieval/index-store';
import { DEFAULT_RETRIEVER, defaultProgram } from './default-program';

describe('default program', () => {
  it('records the chunking that ingestion uses by default', async () => {
    const { documents, chunks } = await loadBundledCorpus();
    const explicit = await chunkDocuments(documents, {
      chunkSize: DEFAULT_RETRIEVER.chunkSize,
      chunkOverlap: DEFAULT_RETRIEVER.chunkOverlap,
    });
    expect(chunks.length).toBeGreaterThan(documents.length);
    expect(explicit).toEqual(chunks);
    // The comparison can fail: other settings give other chunks.
    const other = await chunkDocuments(documents, { chunkSize: 400, chunkOverlap: 50 });
    expect(other).not.toEqual(chunks);
  });

  it('records the default topK, the index kind and the index format version', () => {
    expect(DEFAULT_RETRIEVER.k).toBe(answerOptionsSchema.parse({}).topK);
    expect(DEFAULT_RETRIEVER.kind).toBe('embedded-bm25');
    expect(DEFAULT_RETRIEVER.indexVersion).toBe(`v${INDEX_FORMAT_VERSION}`);
    expect(defaultProgram().retriever).toEqual(DEFAULT_RETRIEVER);
    expect(defaultProgram().pipeline).toBe('extractive');
  });
});
