/** Failed key attempts allowed per client address in {@link WINDOW_MS}. */
export const MAX_FAILED_KEY_ATTEMPTS = 20;
const WINDOW_MS = 60_000;

/**
 * Counts failed API-key attempts (a key that matches no configured hash) per client address
 * over a sliding minute. Past {@link MAX_FAILED_KEY_ATTEMPTS}, every key check from that
 * address is refused (429) until the oldest failure leaves the window: guessing keys costs a
 * minute per 20 guesses, and a blocked address learns nothing, not even whether a key is
 * valid. The map is bounded: when full, the least recently seen addresses are forgotten.
 */
export class KeyAttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxAddresses = 10_000,
  ) {}

  private recent(address: string, now: number): number[] {
    const list = this.failures.get(address);
    if (list === undefined) return [];
    const from = now - WINDOW_MS;
    let i = 0;
    while (i < list.length && (list[i] ?? 0) <= from) i++;
    if (i === list.length) {
      this.failures.delete(address);
      return [];
    }
    if (i > 0) list.splice(0, i);
    return list;
  }

  /** Seconds until `address` may try a key again, or 0 when it may now. */
  blockedFor(address: string): number {
    const now = this.now();
    const list = this.recent(address, now);
    if (list.length < MAX_FAILED_KEY_ATTEMPTS) return 0;
    const oldest = list[list.length - MAX_FAILED_KEY_ATTEMPTS] ?? now;
    return Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
  }

  /** Records one failed attempt of `address`. */
  recordFailure(address: string): void {
    const now = this.now();
    const list = this.recent(address, now);
    list.push(now);
    // Only what decides a block is kept.
    if (list.length > MAX_FAILED_KEY_ATTEMPTS)
      list.splice(0, list.length - MAX_FAILED_KEY_ATTEMPTS);
    this.failures.delete(address);
    this.failures.set(address, list);
    if (this.failures.size > this.maxAddresses) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }
}
