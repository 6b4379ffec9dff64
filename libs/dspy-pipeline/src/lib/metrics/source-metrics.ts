/** Distinct values in first-seen order. */
export function distinctInOrder(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/**
 * Share of the cited documents that are gold sources. Citations are counted per document (two
 * chunks of one document are one citation). Undefined (null) when nothing is cited.
 */
export function citationPrecision(
  citedDocumentIds: readonly string[],
  goldSourceIds: readonly string[],
): number | null {
  const cited = distinctInOrder(citedDocumentIds);
  if (cited.length === 0) return null;
  const gold = new Set(goldSourceIds);
  return cited.filter((d) => gold.has(d)).length / cited.length;
}

/** Share of the gold source documents that are cited. Undefined (null) without gold sources. */
export function citationRecall(
  citedDocumentIds: readonly string[],
  goldSourceIds: readonly string[],
): number | null {
  const gold = distinctInOrder(goldSourceIds);
  if (gold.length === 0) return null;
  const cited = new Set(citedDocumentIds);
  return gold.filter((d) => cited.has(d)).length / gold.length;
}

/**
 * Recall@k over documents: the retrieved chunks' document ids are de-duplicated in rank order,
 * the first `k` distinct documents are kept, and the share of gold documents among them is
 * returned. Undefined (null) without gold sources.
 */
export function recallAtK(
  retrievedDocumentIds: readonly string[],
  goldSourceIds: readonly string[],
  k: number,
): number | null {
  const gold = distinctInOrder(goldSourceIds);
  if (gold.length === 0) return null;
  const top = new Set(distinctInOrder(retrievedDocumentIds).slice(0, k));
  return gold.filter((d) => top.has(d)).length / gold.length;
}

/** 1 / rank of the first gold document among the distinct retrieved documents (0 if none). */
export function reciprocalRank(
  retrievedDocumentIds: readonly string[],
  goldSourceIds: readonly string[],
): number | null {
  if (goldSourceIds.length === 0) return null;
  const gold = new Set(goldSourceIds);
  const idx = distinctInOrder(retrievedDocumentIds).findIndex((d) => gold.has(d));
  return idx < 0 ? 0 : 1 / (idx + 1);
}

/** Nearest-rank percentile (p in 0–100) of `values`; 0 for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0;
}

/** Mean of the defined values; 0 when none is defined. */
export function meanDefined(values: readonly (number | null)[]): number {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}
