/**
 * Calls `fn` on every item with at most `concurrency` calls in flight, started in input
 * order; results are returned by index, so what a caller computes from them does not depend
 * on the order in which the calls finished. The first error is rethrown once the calls in
 * flight have settled (no new call starts after it).
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined) {
      const index = next++;
      if (index >= items.length) return;
      try {
        out[index] = await fn(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const n = Math.max(1, Math.min(Math.floor(concurrency) || 1, items.length));
  await Promise.all(Array.from({ length: n }, () => worker()));
  if (failure) throw failure.error;
  return out;
}
