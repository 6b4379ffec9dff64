import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  EmbeddedIndex,
  INDEX_FORMAT_VERSION,
  chunkDocuments,
  hasStoredIndex,
  openStoredIndex,
  readDocuments,
  storedIndexGeneration,
  type Chunk,
  type Embedder,
  type ProgramRetriever,
  type Retriever,
  type SourceDocument,
} from '@cited/dspy-pipeline';
import { CliError } from '../../cli/cli-error';
import { readIngestRecord } from './ingest-record';

/** A retriever ready for evaluation and how it was built (logged as params). */
export interface RetrieverSetup {
  retriever: Retriever;
  config: ProgramRetriever;
  /** `--index <dir>` or `--corpus <path>`. */
  location: string;
  /** Embedding model of the dense half of a hybrid retriever; null: BM25 only. */
  embedModel: string | null;
}

/** Retriever kind of a BM25-only embedded index (the program default). */
export const BM25_RETRIEVER_KIND = 'embedded-bm25';
/** Retriever kind of an embedded index with dense vectors fused with BM25 (RRF). */
export const HYBRID_RETRIEVER_KIND = 'embedded-hybrid';

/** Reads and chunks a corpus (a folder of .md/.txt, or a .jsonl of documents). */
export async function loadCorpus(
  corpus: string,
  options: { chunkSize: number; chunkOverlap: number; tenantId: string },
): Promise<{ documents: SourceDocument[]; chunks: Chunk[] }> {
  if (!existsSync(corpus))
    throw new CliError(
      'bad_input',
      `corpus not found: ${corpus}. Pass a folder of .md/.txt files or a .jsonl of documents.`,
    );
  const documents = await readDocuments(corpus);
  const chunks = await chunkDocuments(documents, options);
  return { documents, chunks };
}

/** A short digest of chunk ids and texts: the version of an in-memory index. */
export function chunksDigest(chunks: readonly Chunk[]): string {
  const h = createHash('sha256');
  for (const c of chunks) h.update(`${c.tenantId}\u0000${c.id}\u0000${c.text}\u0001`);
  return h.digest('hex').slice(0, 12);
}

/** The version of a stored index: its format version and active generation. */
export function storedIndexVersion(dir: string): string {
  // An index without a generation fails to load anyway; the version is informative only.
  return `v${INDEX_FORMAT_VERSION}:${storedIndexGeneration(dir) ?? 'unknown'}`;
}

/**
 * The embedded retriever an evaluation uses: built in memory from `--corpus`, or loaded from
 * `--index` (default `CITED_INDEX_DIR`). `k` and chunking come from the program unless the
 * index records the chunking it was built with.
 */
export async function setupRetriever(options: {
  corpus?: string;
  indexDir: string;
  program: ProgramRetriever;
  tenantId: string;
  /** Dense retrieval (`CITED_EMBED_MODEL`, see `embedderFromConfig`); default BM25 only. */
  embedder?: Embedder | undefined;
}): Promise<RetrieverSetup> {
  const { program, embedder } = options;
  if (options.corpus) {
    const { chunks } = await loadCorpus(options.corpus, {
      chunkSize: program.chunkSize,
      chunkOverlap: program.chunkOverlap,
      tenantId: options.tenantId,
    });
    const retriever = await EmbeddedIndex.build(chunks, embedder ? { embedder } : {});
    return {
      retriever,
      location: options.corpus,
      embedModel: embedder?.model ?? null,
      config: {
        ...program,
        kind: embedder ? HYBRID_RETRIEVER_KIND : BM25_RETRIEVER_KIND,
        indexVersion: `corpus:${chunksDigest(chunks)}`,
      },
    };
  }
  const dir = options.indexDir;
  if (!hasStoredIndex(dir))
    throw new CliError(
      'bad_input',
      `no index in ${dir}. Build one with \`eval-runner ingest --corpus <dir> --index ${dir}\`, or pass --corpus <dir> to index in memory.`,
    );
  const retriever = await loadIndex(dir, embedder);
  const record = readIngestRecord(dir);
  // loadIndex refuses an index that does not match the embedder: with one, the index is hybrid.
  return {
    retriever,
    location: dir,
    embedModel: embedder?.model ?? null,
    config: {
      ...program,
      kind: embedder ? HYBRID_RETRIEVER_KIND : BM25_RETRIEVER_KIND,
      chunkSize: record?.chunkSize ?? program.chunkSize,
      chunkOverlap: record?.chunkOverlap ?? program.chunkOverlap,
      indexVersion: storedIndexVersion(dir),
    },
  };
}

/**
 * Loads a stored index for a run. With an embedder the index must carry vectors of the same
 * model: measuring BM25 while the configuration says dense would mislabel the run.
 */
async function loadIndex(dir: string, embedder: Embedder | undefined): Promise<EmbeddedIndex> {
  const { index, embedding } = await openStoredIndex(dir, embedder);
  switch (embedding.kind) {
    case 'no_vectors':
      throw new CliError(
        'bad_input',
        `CITED_EMBED_MODEL is "${embedding.configuredModel}" but the index in ${dir} has no dense vectors. Re-ingest with it set (\`eval-runner ingest --corpus <dir> --index ${dir}\`), or unset CITED_EMBED_MODEL for BM25 only.`,
      );
    case 'other_model':
      throw new CliError(
        'bad_input',
        `the index in ${dir} was embedded with "${embedding.indexModel}" but CITED_EMBED_MODEL is "${embedding.configuredModel}". Set CITED_EMBED_MODEL=${embedding.indexModel}, or re-ingest the corpus with the new model.`,
      );
    default:
      return index;
  }
}
