import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Chunk } from '../ingest/source-document';
import { EmbeddedIndex } from './embedded-index';
import type { Embedder } from './embedder';
import { matchIndexEmbedding, type IndexEmbeddingMatch } from './index-embedding-match';
import { CURRENT } from './index-store';

/** Whether `dir` holds a stored index (its generation pointer exists); not whether it loads. */
export function hasStoredIndex(dir: string): boolean {
  return existsSync(join(dir, CURRENT));
}

/** The name of the generation a stored index serves, or undefined when `dir` holds none. */
export function storedIndexGeneration(dir: string): string | undefined {
  try {
    return readFileSync(join(dir, CURRENT), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A stored index opened for the configured embedder, with how the two match. */
export interface OpenedIndex {
  /** Queries fuse BM25 and dense ranks only when `embedding.kind` is `dense`; else BM25 only. */
  index: EmbeddedIndex;
  embedding: IndexEmbeddingMatch;
}

/**
 * Loads a stored index (reading its files once) and matches it against `embedder`. Unlike
 * {@link EmbeddedIndex.load} it never refuses a mismatch: the caller reads `embedding` and
 * decides, e.g. to fail with its own advice.
 * @throws DspyPipelineError `index_error` for a missing, damaged or incompatible index.
 */
export async function openStoredIndex(
  dir: string,
  embedder: Embedder | undefined,
): Promise<OpenedIndex> {
  const lexical = await EmbeddedIndex.load(dir);
  const embedding = matchIndexEmbedding(lexical.embeddingModel, embedder?.model);
  if (embedding.kind !== 'dense' || embedder === undefined) return { index: lexical, embedding };
  const index = new EmbeddedIndex(
    lexical.table,
    lexical.bm25,
    lexical.dense,
    embedder,
    lexical.embeddingModel,
  );
  return { index, embedding };
}

/**
 * Every chunk of a stored index, in index order: what `ingest` keeps of the other tenants when
 * it rebuilds an index for one tenant.
 * @throws DspyPipelineError `index_error` for a missing, damaged or incompatible index.
 */
export async function readStoredChunks(dir: string): Promise<Chunk[]> {
  const index = await EmbeddedIndex.load(dir);
  const chunks: Chunk[] = [];
  for (let i = 0; i < index.table.length; i++) chunks.push(index.table.get(i));
  return chunks;
}
