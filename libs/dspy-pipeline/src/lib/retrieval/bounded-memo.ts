/**
 * A memo of values computed from a key, bounded in entries: when full, it starts over. The
 * keys it serves (words, claims, chunk numbers, prompt shapes) repeat from a working set far
 * below the bound, so a rare full reset costs one round of recomputation, and a hit costs one
 * map lookup: no recency bookkeeping on the request path.
 */
export class BoundedMemo<K, V> {
  private readonly values = new Map<K, V>();

  /** @param max most entries kept; storing one more first drops them all. */
  constructor(private readonly max: number) {}

  /** The value of `key`, from `compute(key)` on a miss (then stored). */
  get(key: K, compute: (key: K) => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      value = compute(key);
      if (this.values.size >= this.max) this.values.clear();
      this.values.set(key, value);
    }
    return value;
  }

  /** Number of entries held. */
  get size(): number {
    return this.values.size;
  }
}
