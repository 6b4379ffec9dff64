/**
 * How a stored index relates to the configured embedding model (`CITED_EMBED_MODEL`):
 * - `lexical`: no model is configured; the index answers with BM25 only, vectors or not;
 * - `dense`: the index holds vectors of the configured model; queries fuse BM25 and dense ranks;
 * - `no_vectors`: a model is configured but the index was built without vectors;
 * - `other_model`: the index holds vectors of another model, which a query vector of the
 *   configured model cannot be compared with.
 * Callers decide what a mismatch costs: `EmbeddedIndex.load` refuses `other_model` and answers
 * `no_vectors` with BM25; eval-runner refuses both, so a run is never mislabelled as dense.
 */
export type IndexEmbeddingMatch =
  | { kind: 'lexical' }
  | { kind: 'dense'; model: string }
  | { kind: 'no_vectors'; configuredModel: string }
  | { kind: 'other_model'; indexModel: string; configuredModel: string };

/**
 * Compares the model an index was embedded with (undefined: no vectors) with the configured
 * one (undefined: none configured). See {@link IndexEmbeddingMatch}.
 */
export function matchIndexEmbedding(
  indexModel: string | undefined,
  configuredModel: string | undefined,
): IndexEmbeddingMatch {
  if (configuredModel === undefined) return { kind: 'lexical' };
  if (indexModel === undefined) return { kind: 'no_vectors', configuredModel };
  if (indexModel !== configuredModel) return { kind: 'other_model', indexModel, configuredModel };
  return { kind: 'dense', model: indexModel };
}
