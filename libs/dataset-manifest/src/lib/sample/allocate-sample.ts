/** How many sample rows each split gets. */
export interface SampleAllocation {
  /** Total rows in the sample. */
  total: number;
  /** Rows per split, keys in sorted order. */
  perSplit: Record<string, number>;
  /** True when the cap was raised because there are more non-empty splits than the cap. */
  capExceededBySplits: boolean;
}

/**
 * Sizes a stratified sample: `round(rate × rows)` capped at `cap`, at least one row from every
 * non-empty split, and otherwise proportional to split sizes (largest-remainder method, ties
 * broken by split name so the result is deterministic).
 */
export function allocateSample(
  counts: Readonly<Record<string, number>>,
  rate: number,
  cap: number,
): SampleAllocation {
  const splits = Object.keys(counts)
    .filter((s) => (counts[s] ?? 0) > 0)
    .sort();
  const rows = splits.reduce((n, s) => n + (counts[s] ?? 0), 0);
  if (rows === 0) return { total: 0, perSplit: {}, capExceededBySplits: false };
  const target = Math.min(rows, Math.max(splits.length, Math.min(cap, Math.round(rate * rows))));
  const ideal = new Map(splits.map((s) => [s, (target * (counts[s] ?? 0)) / rows]));
  const quota = new Map(
    splits.map((s) => [s, Math.min(counts[s] ?? 0, Math.max(1, Math.floor(ideal.get(s) ?? 0)))]),
  );
  const gap = (s: string) => (ideal.get(s) ?? 0) - (quota.get(s) ?? 0);
  let sum = [...quota.values()].reduce((a, b) => a + b, 0);
  while (sum < target) {
    const s = pick(
      splits.filter((x) => (quota.get(x) ?? 0) < (counts[x] ?? 0)),
      (x, y) => gap(y) - gap(x),
    );
    if (s === undefined) break;
    quota.set(s, (quota.get(s) ?? 0) + 1);
    sum += 1;
  }
  while (sum > target) {
    const s = pick(
      splits.filter((x) => (quota.get(x) ?? 0) > 1),
      (x, y) => gap(x) - gap(y),
    );
    if (s === undefined) break;
    quota.set(s, (quota.get(s) ?? 0) - 1);
    sum -= 1;
  }
  return {
    total: sum,
    perSplit: Object.fromEntries(splits.map((s) => [s, quota.get(s) ?? 0])),
    capExceededBySplits: splits.length > cap,
  };
}

function pick(candidates: string[], order: (a: string, b: string) => number): string | undefined {
  // Stable sort over name-sorted input: equal gaps resolve to the first split name.
  return [...candidates].sort(order)[0];
}
