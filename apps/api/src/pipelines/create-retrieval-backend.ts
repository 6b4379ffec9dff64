import type { Embedder, RetrievalEnvConfig } from '@cited/dspy-pipeline';
import { EmbeddedBackend } from './embedded-backend';
import { QdrantBackend } from './qdrant-backend';
import type { RetrievalBackend } from './retrieval-backend';

/** Inputs of {@link createRetrievalBackend}. */
export interface RetrievalBackendSettings {
  retrieval: RetrievalEnvConfig;
  /** Qdrant collection (`CITED_QDRANT_COLLECTION`). */
  qdrantCollection: string;
  embedder?: Embedder;
  assetsDir?: string;
}

/**
 * Qdrant when `QDRANT_URL` is configured (with `QDRANT_API_KEY` when set), else the embedded
 * index in `CITED_INDEX_DIR`.
 */
export function createRetrievalBackend(settings: RetrievalBackendSettings): RetrievalBackend {
  const { retrieval, embedder } = settings;
  if (retrieval.qdrantUrl !== undefined) {
    return new QdrantBackend({
      url: retrieval.qdrantUrl,
      collection: settings.qdrantCollection,
      ...(retrieval.qdrantApiKey === undefined ? {} : { apiKey: retrieval.qdrantApiKey }),
      ...(embedder === undefined ? {} : { embedder }),
    });
  }
  return new EmbeddedBackend({
    indexDir: retrieval.indexDir,
    ...(embedder === undefined ? {} : { embedder }),
    ...(settings.assetsDir === undefined ? {} : { assetsDir: settings.assetsDir }),
  });
}
