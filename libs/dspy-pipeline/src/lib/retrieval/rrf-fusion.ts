/** The RRF constant from Cormack et al. (2009); 60 is the value every major engine uses. */
export const RRF_K = 60;

/**
 * Reciprocal rank fusion: each list votes 1 / (RRF_K + rank) for each of its items (rank from
 * 1). Returns keys best first, ties broken by first appearance so the order is deterministic.
 */
export function fuseByReciprocalRank<T>(
  lists: readonly (readonly T[])[],
  k = RRF_K,
): { item: T; score: number }[] {
  const scores = new Map<T, { score: number; order: number }>();
  let order = 0;
  for (const list of lists) {
    list.forEach((item, i) => {
      const prev = scores.get(item);
      const add = 1 / (k + i + 1);
      if (prev) prev.score += add;
      else scores.set(item, { score: add, order: order++ });
    });
  }
  return [...scores.entries()]
    .sort((a, b) => b[1].score - a[1].score || a[1].order - b[1].order)
    .map(([item, v]) => ({ item, score: v.score }));
}
