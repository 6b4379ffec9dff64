import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  EmbeddedIndex,
  INDEX_FORMAT_VERSION,
  axEmbedder,
  chunkDocuments,
  createLlmService,
  readDocuments,
  type Chunk,
  type Embedder,
  type LlmService,
  type ProgramRetriever,
  type Retriever,
  type SourceDocument,
} from '@cited/dspy-pipeline';
import { CliError } from '../cli/cli-error';
import type { RunnerConfig } from '../config/runner-config';

/** What `ingest` records next to an embedded index (chunking is not part of the index itself). */
export const ingestRecordSchema = z.object({
  corpus: z.string(),
  documents: z.number().int().min(0),
  chunks: z.number().int().min(0),
  chunkSize: z.number().int().positive(),
  chunkOverlap: z.number().int().min(0),
  tenant: z.string(),
  indexVersion: z.string(),
  /** `CITED_EMBED_MODEL` the chunks were embedded with; absent: BM25 only. */
  embedModel: z.string().optional(),
  createdAt: z.string(),
});

/** The ingest record of an index directory. */
export type IngestRecord = z.infer<typeof ingestRecordSchema>;

/** File name of the ingest record inside an index directory. */
export const INGEST_RECORD_FILE = 'ingest.json';

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

/**
 * The embedder of dense retrieval, built like the API does: Ax `ai.embed` over the configured
 * LLM provider (`CITED_LLM_PROVIDER`, `CITED_LLM_BASE_URL`, `CITED_LLM_API_KEY`) with
 * `CITED_EMBED_MODEL`. Undefined when `CITED_EMBED_MODEL` is unset (BM25 only). Unlike a silent
 * BM25 fallback, a model without a provider is refused: an index or a run would otherwise not
 * be what the configuration says.
 * @param llm an LLM service of the run to reuse (its HTTP limits); default: one from `config.llm`.
 */
export function embedderFromConfig(
  config: Pick<RunnerConfig, 'llm' | 'retrieval'>,
  llm?: LlmService | null,
): Embedder | undefined {
  const model = config.retrieval.embedModel;
  if (model === undefined) return undefined;
  if (config.llm === null)
    throw new CliError(
      'bad_input',
      `CITED_EMBED_MODEL is set ("${model}") but no LLM provider is configured: embeddings are served by the CITED_LLM_PROVIDER endpoint (with CITED_LLM_BASE_URL / CITED_LLM_API_KEY). Set CITED_LLM_PROVIDER, or unset CITED_EMBED_MODEL for BM25 only.`,
    );
  return axEmbedder((llm ?? createLlmService(config.llm)).ai, model);
}

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
  let generation = 'unknown';
  try {
    generation = readFileSync(join(dir, 'CURRENT'), 'utf8').trim() || generation;
  } catch {
    // An index without CURRENT fails to load anyway; the version is informative only.
  }
  return `v${INDEX_FORMAT_VERSION}:${generation}`;
}

/** Reads the ingest record of an index directory, if `ingest` wrote one. */
export function readIngestRecord(dir: string): IngestRecord | undefined {
  try {
    const parsed = ingestRecordSchema.safeParse(
      JSON.parse(readFileSync(join(dir, INGEST_RECORD_FILE), 'utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the ingest record atomically. */
export async function writeIngestRecord(dir: string, record: IngestRecord): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, INGEST_RECORD_FILE);
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, `${JSON.stringify(record, null, 2)}\n`);
  await rename(tmp, file);
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
  /** Dense retrieval (`CITED_EMBED_MODEL`, see {@link embedderFromConfig}); default BM25 only. */
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
  if (!existsSync(join(dir, 'CURRENT')))
    throw new CliError(
      'bad_input',
      `no index in ${dir}. Build one with \`eval-runner ingest --corpus <dir> --index ${dir}\`, or pass --corpus <dir> to index in memory.`,
    );
  const retriever = await loadIndex(dir, embedder);
  const record = readIngestRecord(dir);
  const hybrid = retriever.dense !== undefined && retriever.embedder !== undefined;
  return {
    retriever,
    location: dir,
    embedModel: hybrid ? (retriever.embeddingModel ?? null) : null,
    config: {
      ...program,
      kind: hybrid ? HYBRID_RETRIEVER_KIND : BM25_RETRIEVER_KIND,
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
  const index = await EmbeddedIndex.load(dir);
  if (!embedder) return index;
  if (!index.dense || index.embeddingModel === undefined)
    throw new CliError(
      'bad_input',
      `CITED_EMBED_MODEL is "${embedder.model}" but the index in ${dir} has no dense vectors. Re-ingest with it set (\`eval-runner ingest --corpus <dir> --index ${dir}\`), or unset CITED_EMBED_MODEL for BM25 only.`,
    );
  if (index.embeddingModel !== embedder.model)
    throw new CliError(
      'bad_input',
      `the index in ${dir} was embedded with "${index.embeddingModel}" but CITED_EMBED_MODEL is "${embedder.model}". Set CITED_EMBED_MODEL=${index.embeddingModel}, or re-ingest the corpus with the new model.`,
    );
  // Same as `load(dir, { embedder })`, without reading the files a second time.
  return new EmbeddedIndex(index.table, index.bm25, index.dense, embedder, index.embeddingModel);
}
