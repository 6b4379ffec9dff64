import { QdrantRetriever, type Embedder } from '@cited/dspy-pipeline';
import { QdrantClient } from '@qdrant/js-client-rest';
import type { IndexStatus } from './qa-engine';
import { errorMessage, type RetrievalBackend } from './retrieval-backend';

/** Settings of {@link QdrantBackend}. */
export interface QdrantBackendOptions {
  url: string;
  apiKey?: string;
  collection: string;
  /** Must match the embedder the collection was ingested with (`CITED_EMBED_MODEL`). */
  embedder?: Embedder;
  /** Bound of one Qdrant request. Default 10 s. */
  requestTimeoutMs?: number;
}

/** `<origin><path>/collections/<name>`: where the index lives, without credentials. */
function describeLocation(url: string, collection: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}/collections/${collection}`;
}

function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const status = (error as { status: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * A Qdrant collection (`QDRANT_URL`, `CITED_QDRANT_COLLECTION`) behind the library's
 * {@link QdrantRetriever}: every query carries the tenant filter. The API never ingests into
 * Qdrant (that is `eval-runner ingest --qdrant-url`); it reports a missing or empty
 * collection as an unavailable index.
 */
export class QdrantBackend implements RetrievalBackend {
  readonly kind = 'qdrant';
  readonly waitsOnIo = true;
  readonly retriever: QdrantRetriever;
  /** Shared with the retriever, so readiness sees the same server and credentials. */
  readonly client: QdrantClient;
  /** Whether an API key is sent (the key itself is never reported). */
  readonly apiKeySet: boolean;
  private current: IndexStatus;

  constructor(private readonly options: QdrantBackendOptions) {
    this.apiKeySet = options.apiKey !== undefined;
    this.client = new QdrantClient({
      url: options.url,
      // The version probe would run in the constructor and only log; readiness reports instead.
      checkCompatibility: false,
      timeout: options.requestTimeoutMs ?? 10_000,
      ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    });
    this.retriever = new QdrantRetriever({
      url: options.url,
      collection: options.collection,
      client: this.client,
      ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
      ...(options.embedder === undefined ? {} : { embedder: options.embedder }),
    });
    this.current = {
      ready: false,
      backend: 'qdrant',
      chunks: 0,
      tenants: null,
      origin: 'unavailable',
      location: describeLocation(options.url, options.collection),
      message: 'not checked yet',
    };
  }

  async init(): Promise<void> {
    await this.probe(this.options.requestTimeoutMs ?? 10_000);
  }

  status(): IndexStatus {
    return { ...this.current };
  }

  async probe(timeoutMs: number): Promise<IndexStatus> {
    const { collection } = this.options;
    let timer: NodeJS.Timeout | undefined;
    try {
      const info = await Promise.race([
        this.client.getCollection(collection),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
      const chunks = info.points_count ?? 0;
      const { message: _previous, ...rest } = this.current;
      this.current =
        chunks > 0
          ? { ...rest, ready: true, chunks, origin: 'remote' }
          : {
              ...rest,
              ready: false,
              chunks: 0,
              origin: 'unavailable',
              message: `Qdrant collection "${collection}" is empty; ingest documents first`,
            };
    } catch (error) {
      const missing = httpStatusOf(error) === 404;
      this.current = {
        ...this.current,
        ready: false,
        chunks: 0,
        origin: 'unavailable',
        message: missing
          ? `Qdrant collection "${collection}" not found; create it with ` +
            `\`npx eval-runner ingest --qdrant-url <QDRANT_URL> --collection ${collection}\``
          : `Qdrant unreachable (check QDRANT_URL / QDRANT_API_KEY): ${errorMessage(error)}`,
      };
    } finally {
      clearTimeout(timer);
    }
    return this.status();
  }

  async close(): Promise<void> {
    // The REST client holds no connection pool of its own to release.
  }
}
