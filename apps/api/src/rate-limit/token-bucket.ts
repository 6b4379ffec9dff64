/** Result of {@link TokenBucketLimiter.take}. */
export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * Per-key token buckets: `capacity` requests at once, refilled at `perMinute / 60` per second.
 * The map is bounded: when it is full, the least recently used keys are forgotten (a forgotten
 * key starts again with a full bucket, which only errs on the side of admitting).
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly ratePerMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {
    this.ratePerMs = perMinute / 60_000;
  }

  /** Takes one token for `key`. */
  take(key: string): TakeResult {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.capacity, updatedMs: now };
    b.tokens = Math.min(this.capacity, b.tokens + (now - b.updatedMs) * this.ratePerMs);
    b.updatedMs = now;
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true, remaining: Math.floor(b.tokens) };
    }
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / this.ratePerMs / 1000)),
    };
  }
}
