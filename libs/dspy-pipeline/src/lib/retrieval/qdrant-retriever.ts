import { createHash } from 'node:crypto';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import type { Chunk } from '../ingest/source-document';
import type { Embedder } from './embedder';
import { indexedText } from './indexed-text';
import type { Passage, RetrieveOptions, Retriever } from './passage';
import { createQdrantClient, type QdrantClientLike } from './qdrant-client-loader';
import { assertRetrieveOptions } from './retrieve-options';
import { analyzeText } from './text-analyzer';

/** Options of {@link QdrantRetriever}. */
export interface QdrantRetrieverOptions {
  url: string;
  apiKey?: string;
  collection: string;
  /** Dense vectors come from this embedder; without one, the collection is sparse (BM25) only. */
  embedder?: Embedder;
  /** Points per upsert request. Default 128. */
  batchSize?: number;
  /** Attempts per upsert batch (exponential back-off from 250 ms). Default 4. */
  maxAttempts?: number;
  /**
   * A pre-built client (a `QdrantClient` shared with a caller, or a test double); default: a new
   * `QdrantClient` from the optional peer `@qdrant/js-client-rest`.
   */
  client?: QdrantClientLike;
}

const DENSE = 'dense';
const SPARSE = 'bm25';
const K1 = 1.2;
const B = 0.75;

/** FNV-1a: a stable 32-bit term id for the sparse vector (collisions are rare and harmless). */
export function termHash(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * BM25-style sparse vector: term weights carry the term-frequency saturation and length
 * normalisation; Qdrant's `idf` modifier supplies the IDF part at query time.
 */
export function sparseDocumentVector(
  text: string,
  avgLength: number,
): { indices: number[]; values: number[] } {
  const terms = analyzeText(text);
  const tf = new Map<number, number>();
  for (const t of terms) tf.set(termHash(t), (tf.get(termHash(t)) ?? 0) + 1);
  const norm = K1 * (1 - B + (B * terms.length) / (avgLength || 1));
  const indices = [...tf.keys()].sort((a, b) => a - b);
  return {
    indices,
    values: indices.map((i) => ((tf.get(i) ?? 0) * (K1 + 1)) / ((tf.get(i) ?? 0) + norm)),
  };
}

/** Query-side sparse vector: each distinct term once, weight 1. */
export function sparseQueryVector(text: string): { indices: number[]; values: number[] } {
  const indices = [...new Set(analyzeText(text).map(termHash))].sort((a, b) => a - b);
  return { indices, values: indices.map(() => 1) };
}

/** A deterministic UUID for a chunk in a tenant (Qdrant point ids are UUIDs or integers). */
export function pointId(tenantId: string, chunkId: string): string {
  const h = createHash('sha1').update(`${tenantId}\u0000${chunkId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type Filter = { must: { key: string; match: { value: string | number | boolean } }[] };

/**
 * Qdrant retriever: one collection with a sparse BM25-style vector (IDF modifier) and, with an
 * embedder, a dense cosine vector; hybrid queries fuse both with RRF inside Qdrant. Every query
 * carries a `tenantId` payload filter, so a tenant never sees another tenant's chunks.
 * @throws DspyPipelineError `invalid_config` from the constructor when no `client` is given and
 * the optional peer `@qdrant/js-client-rest` is not installed.
 */
export class QdrantRetriever implements Retriever {
  readonly kind = 'qdrant';
  private readonly client: QdrantClientLike;
  private readonly knownTenants = new Set<string>();

  constructor(private readonly options: QdrantRetrieverOptions) {
    this.client =
      options.client ??
      createQdrantClient({
        url: options.url,
        // The version probe runs in the constructor and logs on failure; errors surface on first use.
        checkCompatibility: false,
        ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      });
  }

  /** Creates the collection and its payload indexes when missing (`dimensions` for dense). */
  async ensureCollection(dimensions?: number): Promise<void> {
    const name = this.options.collection;
    const { exists } = await this.call('collection check', () =>
      this.client.collectionExists(name),
    );
    if (exists) return;
    await this.call('collection create', () =>
      this.client.createCollection(name, {
        ...(this.options.embedder && dimensions
          ? { vectors: { [DENSE]: { size: dimensions, distance: 'Cosine' } } }
          : {}),
        sparse_vectors: { [SPARSE]: { modifier: 'idf' } },
      }),
    );
    for (const field of ['tenantId', 'documentId'])
      await this.call('payload index', () =>
        this.client.createPayloadIndex(name, {
          field_name: field,
          field_schema: 'keyword',
          wait: true,
        }),
      );
  }

  /** Embeds (when configured) and upserts chunks in batches, retrying each failed batch. */
  async upsert(chunks: readonly Chunk[], signal?: AbortSignal): Promise<void> {
    if (chunks.length === 0)
      throw new DspyPipelineError('invalid_corpus', 'nothing to upsert: the corpus is empty');
    const avg = chunks.reduce((s, c) => s + analyzeText(indexedText(c)).length, 0) / chunks.length;
    const batchSize = this.options.batchSize ?? 128;
    let created = false;
    for (let i = 0; i < chunks.length; i += batchSize) {
      signal?.throwIfAborted();
      const batch = chunks.slice(i, i + batchSize);
      const texts = batch.map(indexedText);
      const dense = this.options.embedder
        ? await this.options.embedder.embed(texts, signal)
        : undefined;
      if (!created) {
        await this.ensureCollection(dense?.[0]?.length);
        created = true;
      }
      const points = batch.map((c, j) => ({
        id: pointId(c.tenantId, c.id),
        vector: {
          [SPARSE]: sparseDocumentVector(texts[j] ?? '', avg),
          ...(dense?.[j] ? { [DENSE]: dense[j] } : {}),
        },
        payload: { ...c },
      }));
      await this.withRetries(`upsert batch ${i / batchSize + 1}`, () =>
        this.client.upsert(this.options.collection, { wait: true, points }),
      );
      for (const c of batch) this.knownTenants.add(c.tenantId);
    }
  }

  /** {@inheritDoc Retriever.retrieve} */
  async retrieve(query: string, opts: RetrieveOptions): Promise<Passage[]> {
    assertRetrieveOptions(opts);
    opts.signal?.throwIfAborted();
    const filter: Filter = { must: [{ key: 'tenantId', match: { value: opts.tenantId } }] };
    for (const [key, value] of Object.entries(opts.filter ?? {}))
      filter.must.push({
        key: key === 'documentId' || key === 'title' ? key : `metadata.${key}`,
        match: { value },
      });
    await this.assertTenant(opts.tenantId);
    const sparse = sparseQueryVector(query);
    const depth = Math.max(opts.k, 50);
    const prefetch: { query: unknown; using: string; limit: number; filter: Filter }[] = [];
    if (sparse.indices.length > 0)
      prefetch.push({ query: sparse, using: SPARSE, limit: depth, filter });
    if (this.options.embedder) {
      const [vector] = await this.options.embedder.embed([query], opts.signal);
      if (vector) prefetch.push({ query: vector, using: DENSE, limit: depth, filter });
    }
    if (prefetch.length === 0) return [];
    const res = await this.call('query', () =>
      this.client.query(this.options.collection, {
        ...(prefetch.length > 1
          ? { prefetch: prefetch as never, query: { fusion: 'rrf' } }
          : { query: prefetch[0]?.query as never, using: prefetch[0]?.using as string }),
        filter,
        limit: opts.k,
        with_payload: true,
      }),
    );
    return res.points.flatMap((p) => {
      const c = p.payload as Chunk | null | undefined;
      // Defence in depth: the filter already restricts to the tenant.
      if (!c || c.tenantId !== opts.tenantId) return [];
      return [
        {
          id: c.id,
          documentId: c.documentId,
          title: c.title,
          text: c.text,
          score: p.score,
          tenantId: c.tenantId,
          start: c.start,
          end: c.end,
          metadata: c.metadata ?? {},
        },
      ];
    });
  }

  private async assertTenant(tenantId: string): Promise<void> {
    if (this.knownTenants.has(tenantId)) return;
    const { count } = await this.call('tenant check', () =>
      this.client.count(this.options.collection, {
        filter: { must: [{ key: 'tenantId', match: { value: tenantId } }] },
        exact: false,
      }),
    );
    if (count === 0)
      throw new DspyPipelineError(
        'unknown_tenant',
        `tenant "${tenantId}" has no documents in Qdrant`,
        {
          where: `collection ${this.options.collection}`,
          fix: 'Ingest documents for this tenant first.',
        },
      );
    this.knownTenants.add(tenantId);
  }

  private async withRetries<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const attempts = this.options.maxAttempts ?? 4;
    let last: unknown;
    for (let a = 1; a <= attempts; a++) {
      try {
        return await fn();
      } catch (err) {
        last = err;
        if (a < attempts) await new Promise((r) => setTimeout(r, 250 * 2 ** (a - 1)));
      }
    }
    throw new DspyPipelineError('index_error', `Qdrant ${what} failed after ${attempts} attempts`, {
      where: this.options.url,
      cause: last,
    });
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (cause) {
      throw new DspyPipelineError('index_error', `Qdrant ${what} failed`, {
        where: `${this.options.url} collection ${this.options.collection}`,
        fix: 'Check QDRANT_URL / QDRANT_API_KEY and that the server is up.',
        cause,
      });
    }
  }
}
