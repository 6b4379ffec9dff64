/**
 * Runs `fn` over `items` with at most `concurrency` calls in flight, in input order of start.
 * Stops starting new items once `signal` aborts (items in flight finish) or once `fn` throws
 * (the first error is rethrown after the items in flight settle).
 */
export async function mapBounded<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && !signal?.aborted) {
      const index = next++;
      if (index >= items.length) return;
      try {
        await fn(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const n = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: n }, () => worker()));
  if (failure) throw failure.error;
}
