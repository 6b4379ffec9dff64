import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QdrantRetriever } from '@cited/dspy-pipeline';
import { QdrantClient } from '@qdrant/js-client-rest';
import { loadApiConfig } from '../config/api-config';
import { createQaEngine } from './create-qa-engine';
import { createRetrievalBackend } from './create-retrieval-backend';
import { EmbeddedBackend } from './embedded-backend';
import { LibraryQaEngine } from './library-qa-engine';
import { QdrantBackend } from './qdrant-backend';

function engineOf(env: Record<string, string>): LibraryQaEngine {
  const engine = createQaEngine(loadApiConfig(env));
  if (!(engine instanceof LibraryQaEngine)) throw new Error('not the library engine');
  return engine;
}

describe('retrieval backend selection', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cited-backend-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the embedded index when QDRANT_URL is not set', async () => {
    const engine = engineOf({ CITED_INDEX_DIR: join(dir, 'index') });
    expect(engine.backend).toBeInstanceOf(EmbeddedBackend);
    expect(engine.backend.retriever.kind).toBe('embedded');
    // BM25 alone never waits: extractive answers get no abort signal (AnswerService).
    expect(engine.retrievalWaitsOnIo).toBe(false);
    await engine.init();
    expect(engine.indexStatus()).toMatchObject({
      ready: true,
      backend: 'embedded',
      origin: 'built',
      location: join(dir, 'index'),
    });
    const hits = await engine.backend.retriever.retrieve('security deposit', {
      k: 2,
      tenantId: 'default',
    });
    expect(hits).toHaveLength(2);
  });

  it('uses the Qdrant retriever of @cited/dspy-pipeline when QDRANT_URL is set', () => {
    const engine = engineOf({
      CITED_INDEX_DIR: join(dir, 'unused-index'),
      QDRANT_URL: 'http://127.0.0.1:6333',
      QDRANT_API_KEY: 'key-1',
      CITED_QDRANT_COLLECTION: 'docs_v2',
    });
    const backend = engine.backend;
    expect(backend).toBeInstanceOf(QdrantBackend);
    if (!(backend instanceof QdrantBackend)) return;
    expect(backend.retriever).toBeInstanceOf(QdrantRetriever);
    expect(backend.retriever.kind).toBe('qdrant');
    expect(backend.client).toBeInstanceOf(QdrantClient);
    expect(backend.apiKeySet).toBe(true);
    expect(engine.retrievalWaitsOnIo).toBe(true);
    expect(backend.status()).toMatchObject({
      ready: false,
      backend: 'qdrant',
      tenants: null,
      location: 'http://127.0.0.1:6333/collections/docs_v2',
    });
  });

  it('an embedded index with an embedder waits on I/O (the embedding call)', () => {
    const engine = engineOf({
      CITED_INDEX_DIR: join(dir, 'unused-dense-index'),
      CITED_LLM_PROVIDER: 'openai-compatible',
      CITED_LLM_MODEL: 'stub-model',
      CITED_LLM_BASE_URL: 'http://127.0.0.1:9/v1',
      CITED_EMBED_MODEL: 'stub-embed',
    });
    expect(engine.backend).toBeInstanceOf(EmbeddedBackend);
    expect(engine.retrievalWaitsOnIo).toBe(true);
  });

  it('defaults the collection to "cited" (the eval-runner ingest default) and sends no key unless set', () => {
    const backend = createRetrievalBackend({
      retrieval: loadApiConfig({ QDRANT_URL: 'https://user:pw@qdrant.example:6333/base/' })
        .retrieval,
      qdrantCollection: loadApiConfig({}).server.qdrantCollection,
    });
    expect(backend).toBeInstanceOf(QdrantBackend);
    if (!(backend instanceof QdrantBackend)) return;
    expect(backend.apiKeySet).toBe(false);
    // The location names the server and collection, never the credentials in the URL.
    expect(backend.status().location).toBe('https://qdrant.example:6333/base/collections/cited');
  });
});
