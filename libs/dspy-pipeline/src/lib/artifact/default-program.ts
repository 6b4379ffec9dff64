import { answerOptionsSchema } from '../model/answer-result';
import { INDEX_FORMAT_VERSION } from '../retrieval/index-store';
import { buildProgram } from './build-program';
import type { ProgramRetriever, QaProgram } from './program-schema';

/**
 * Retriever settings of the default program: the embedded BM25 index of a fresh install,
 * built with the ingestion defaults (`chunkDocuments`: 800 characters, 100 overlap; a test
 * checks they agree), queried with the default `topK`. `indexVersion` is the index format
 * version in the form eval-runner records (`v<format>`; eval-runner appends the stored
 * generation, `v<format>:<generation>`, once an index has been built).
 */
export const DEFAULT_RETRIEVER: ProgramRetriever = {
  kind: 'embedded-bm25',
  k: answerOptionsSchema.parse({}).topK,
  chunkSize: 800,
  chunkOverlap: 100,
  indexVersion: `v${INDEX_FORMAT_VERSION}`,
};

/** Fixed so that the committed default program is byte-for-byte reproducible. */
const DEFAULT_CREATED_AT = new Date('2025-01-01T00:00:00.000Z');

/**
 * The program a fresh install serves: the extractive pipeline, no LLM, no modules.
 * `assets/default.program.json` is this value, saved with `saveProgram`.
 */
export function defaultProgram(): QaProgram {
  return buildProgram({
    name: 'cited-default-extractive',
    pipeline: 'extractive',
    llm: null,
    retriever: DEFAULT_RETRIEVER,
    datasetDigest: null,
    metrics: {},
    seed: 0,
    createdAt: DEFAULT_CREATED_AT,
  });
}
