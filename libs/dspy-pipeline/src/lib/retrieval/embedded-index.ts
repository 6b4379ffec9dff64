import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import type { Chunk } from '../ingest/source-document';
import { AdjacentPairReranker, PAIR_RERANK_DEPTH } from './adjacent-pair-rerank';
import { Bm25Index, type Bm25Params } from './bm25-index';
import type { Bm25Hit } from './top-k';
import { ChunkTable } from './chunk-table';
import { indexedText } from './indexed-text';
import { DenseVectors } from './dense-vectors';
import type { Embedder } from './embedder';
import { matchIndexEmbedding } from './index-embedding-match';
import { readIndexDir, writeIndexDir } from './index-store';
import type { Passage, RetrieveOptions, Retriever } from './passage';
import { fuseByReciprocalRank } from './rrf-fusion';
import { assertRetrieveOptions, matchesFilter } from './retrieve-options';

/** Options of {@link EmbeddedIndex.build}. */
export interface EmbeddedIndexBuildOptions {
  /** When given, chunks are embedded too and queries fuse BM25 and dense ranks (RRF). */
  embedder?: Embedder;
  /** Texts per embedding call. Default 64. */
  embedBatchSize?: number;
  bm25?: Bm25Params;
  signal?: AbortSignal;
}

/** Options of {@link EmbeddedIndex.load}. */
export interface EmbeddedIndexLoadOptions {
  /** Must be the model the index was built with; without it the index answers with BM25 only. */
  embedder?: Embedder;
}

/** How many candidates each ranker contributes to fusion, at least. */
const FUSION_DEPTH = 50;

/**
 * The embedded default retriever: BM25 full text, plus dense retrieval fused by reciprocal rank
 * when an embedder is configured. No server; persisted to a directory and loaded at start-up.
 * Tenants are isolated: a query names one tenant and only that tenant's chunks are candidates.
 */
export class EmbeddedIndex implements Retriever {
  readonly kind = 'embedded';
  private readonly tenantOf: Uint16Array;
  private readonly tenantIds: Map<string, number>;
  private readonly reranker: AdjacentPairReranker;

  /** Use {@link EmbeddedIndex.build} or {@link EmbeddedIndex.load}. */
  constructor(
    readonly table: ChunkTable,
    readonly bm25: Bm25Index,
    readonly dense: DenseVectors | undefined,
    readonly embedder: Embedder | undefined,
    readonly embeddingModel: string | undefined,
  ) {
    this.reranker = new AdjacentPairReranker(bm25, (doc) => table.text(doc));
    this.tenantIds = new Map();
    const docTenant = table.columns.documents.map((d) => {
      let t = this.tenantIds.get(d.tenantId);
      if (t === undefined) this.tenantIds.set(d.tenantId, (t = this.tenantIds.size));
      return t;
    });
    const { docIndex } = table.columns;
    this.tenantOf = new Uint16Array(table.length);
    for (let i = 0; i < docIndex.length; i++) this.tenantOf[i] = docTenant[docIndex[i] ?? 0] ?? 0;
  }

  /**
   * Indexes chunks (from `chunkDocuments`).
   * @throws DspyPipelineError `invalid_corpus` for no chunks or duplicate chunk ids.
   */
  static async build(
    chunks: readonly Chunk[],
    options: EmbeddedIndexBuildOptions = {},
  ): Promise<EmbeddedIndex> {
    if (chunks.length === 0)
      throw new DspyPipelineError('invalid_corpus', 'cannot build an index from an empty corpus', {
        fix: 'Ingest at least one document with text.',
      });
    const seen = new Set<string>();
    for (const c of chunks) {
      const key = `${c.tenantId}\u0000${c.id}`;
      if (seen.has(key))
        throw new DspyPipelineError(
          'invalid_corpus',
          `duplicate chunk id "${c.id}" in tenant "${c.tenantId}"`,
          {
            fix: 'Document ids must be unique within a tenant.',
          },
        );
      seen.add(key);
    }
    // Tenants are stored as 16-bit numbers per chunk.
    if (new Set(chunks.map((c) => c.tenantId)).size > 65535)
      throw new DspyPipelineError('invalid_corpus', 'more than 65,535 tenants in one index', {
        fix: 'Split tenants across several index directories.',
      });
    const bm25 = Bm25Index.build(chunks.map(indexedText), options.bm25);
    let dense: DenseVectors | undefined;
    if (options.embedder) {
      const batch = options.embedBatchSize ?? 64;
      const vectors: number[][] = [];
      for (let i = 0; i < chunks.length; i += batch) {
        options.signal?.throwIfAborted();
        vectors.push(
          ...(await options.embedder.embed(
            chunks.slice(i, i + batch).map(indexedText),
            options.signal,
          )),
        );
      }
      dense = DenseVectors.fromVectors(vectors);
    }
    return new EmbeddedIndex(
      ChunkTable.fromChunks(chunks),
      bm25,
      dense,
      options.embedder,
      options.embedder?.model,
    );
  }

  /**
   * Loads an index saved with {@link EmbeddedIndex.save}.
   * @throws DspyPipelineError `index_error` when the directory holds no index, an index of another
   * format version, a damaged file, or was built with another embedding model than `embedder`.
   */
  static async load(dir: string, options: EmbeddedIndexLoadOptions = {}): Promise<EmbeddedIndex> {
    const stored = await readIndexDir(dir);
    const match = matchIndexEmbedding(stored.embeddingModel, options.embedder?.model);
    if (match.kind === 'other_model')
      throw new DspyPipelineError(
        'index_error',
        `index was embedded with "${match.indexModel}", not "${match.configuredModel}"`,
        { where: dir, fix: 'Configure the same embedding model or rebuild the index.' },
      );
    const embedder = stored.dense ? options.embedder : undefined;
    return new EmbeddedIndex(
      stored.table,
      stored.bm25,
      stored.dense,
      embedder,
      stored.embeddingModel,
    );
  }

  /** Writes the index to `dir` atomically (a reader sees the old or the new index, never half). */
  async save(dir: string): Promise<void> {
    await writeIndexDir(dir, {
      table: this.table,
      bm25: this.bm25,
      dense: this.dense,
      embeddingModel: this.embeddingModel,
    });
  }

  /** Tenants that have chunks in this index, sorted. */
  tenants(): string[] {
    return [...this.tenantIds.keys()].sort();
  }

  /** Number of chunks. */
  get size(): number {
    return this.table.length;
  }

  /**
   * BM25 only, synchronously (no embedder call). Same validation and isolation as `retrieve`.
   * @throws DspyPipelineError `unknown_tenant`, `invalid_input`.
   */
  searchText(query: string, opts: RetrieveOptions): Passage[] {
    const accept = this.acceptor(opts);
    return this.lexical(query, opts.k, accept).map((h) => this.toPassage(h));
  }

  /** {@inheritDoc Retriever.retrieve} */
  async retrieve(query: string, opts: RetrieveOptions): Promise<Passage[]> {
    opts.signal?.throwIfAborted();
    const accept = this.acceptor(opts);
    if (!this.dense || !this.embedder)
      return this.lexical(query, opts.k, accept).map((h) => this.toPassage(h));
    const depth = Math.max(opts.k, FUSION_DEPTH);
    const lexical = this.lexical(query, depth, accept);
    const [vector] = await this.embedder.embed([query], opts.signal);
    const semantic = vector ? this.dense.search(vector, depth, accept) : [];
    return fuseByReciprocalRank([lexical.map((h) => h.doc), semantic.map((h) => h.doc)])
      .slice(0, opts.k)
      .map(({ item, score }) => this.toPassage({ doc: item, score }));
  }

  /** BM25's best {@link PAIR_RERANK_DEPTH} (or k, if more), re-ranked by adjacent pairs, top k. */
  private lexical(query: string, k: number, accept: (doc: number) => boolean): Bm25Hit[] {
    const hits = this.bm25.search(query, Math.max(k, PAIR_RERANK_DEPTH), accept);
    return this.reranker.rerank(query, hits).slice(0, k);
  }

  private acceptor(opts: RetrieveOptions): (doc: number) => boolean {
    assertRetrieveOptions(opts);
    const tenant = this.tenantIds.get(opts.tenantId);
    if (tenant === undefined)
      throw new DspyPipelineError(
        'unknown_tenant',
        `tenant "${opts.tenantId}" has no documents in this index`,
        {
          where: 'tenantId',
          // Other tenants' names are theirs: an error never lists them.
          fix: 'Ingest documents for this tenant first (eval-runner ingest --tenant <id>).',
        },
      );
    const filter = opts.filter;
    if (!filter || Object.keys(filter).length === 0) return (d) => this.tenantOf[d] === tenant;
    return (d) => this.tenantOf[d] === tenant && matchesFilter(this.table.document(d), filter);
  }

  private toPassage(hit: Bm25Hit): Passage {
    const c = this.table.get(hit.doc);
    return {
      id: c.id,
      documentId: c.documentId,
      title: c.title,
      text: c.text,
      score: hit.score,
      tenantId: c.tenantId,
      start: c.start,
      end: c.end,
      metadata: c.metadata,
    };
  }
}
