import { resolve } from 'node:path';
import {
  DspyPipelineError,
  EmbeddedIndex,
  hasStoredIndex,
  loadBundledCorpus,
  type Embedder,
  type Retriever,
} from '@cited/dspy-pipeline';
import type { IndexStatus } from './qa-engine';
import { errorMessage, type RetrievalBackend } from './retrieval-backend';

/** Settings of {@link EmbeddedBackend}. */
export interface EmbeddedBackendOptions {
  indexDir: string;
  embedder?: Embedder;
  /** Bundled assets directory (corpus); default: found by the library. */
  assetsDir?: string;
}

/**
 * The embedded index: loaded from `CITED_INDEX_DIR`, or built from the bundled corpus and
 * saved there when the directory holds no index.
 */
export class EmbeddedBackend implements RetrievalBackend {
  readonly kind = 'embedded';
  /** A query embeds the question when an embedder is set; BM25 alone is synchronous. */
  readonly waitsOnIo: boolean;
  readonly retriever: Retriever;
  private index: EmbeddedIndex | null = null;
  private current: IndexStatus;

  constructor(private readonly options: EmbeddedBackendOptions) {
    const dir = resolve(options.indexDir);
    this.waitsOnIo = options.embedder !== undefined;
    this.current = {
      ready: false,
      backend: 'embedded',
      chunks: 0,
      tenants: 0,
      origin: 'unavailable',
      location: dir,
    };
    // Pipelines hold this stable retriever; the index behind it is set once by init().
    this.retriever = {
      kind: 'embedded',
      retrieve: (query, opts) => {
        if (this.index === null) {
          throw new DspyPipelineError('index_error', 'the retrieval index is not available', {
            where: this.options.indexDir,
          });
        }
        return this.index.retrieve(query, opts);
      },
    };
  }

  async init(): Promise<void> {
    const dir = resolve(this.options.indexDir);
    const embedder = this.options.embedder;
    try {
      let origin: 'loaded' | 'built';
      if (hasStoredIndex(dir)) {
        this.index = await EmbeddedIndex.load(dir, embedder === undefined ? {} : { embedder });
        origin = 'loaded';
      } else {
        const corpus = await loadBundledCorpus(
          this.options.assetsDir === undefined ? {} : { assetsDir: this.options.assetsDir },
        );
        this.index = await EmbeddedIndex.build(
          corpus.chunks,
          embedder === undefined ? {} : { embedder },
        );
        await this.index.save(dir);
        origin = 'built';
      }
      this.current = {
        ...this.current,
        ready: true,
        chunks: this.index.size,
        tenants: this.index.tenants().length,
        origin,
      };
    } catch (error) {
      this.index = null;
      this.current = {
        ...this.current,
        ready: false,
        origin: 'unavailable',
        message: errorMessage(error),
      };
    }
  }

  status(): IndexStatus {
    return { ...this.current };
  }

  async probe(): Promise<IndexStatus> {
    return this.status();
  }

  async close(): Promise<void> {
    this.index = null;
  }
}
