import { TokenBucketLimiter } from './token-bucket';

describe('TokenBucketLimiter', () => {
  it('admits a burst, then refuses with a Retry-After that refills one token', () => {
    let now = 0;
    const l = new TokenBucketLimiter(60, 3, () => now); // 1 per second, bucket of 3
    expect([l.take('a').ok, l.take('a').ok, l.take('a').ok]).toEqual([true, true, true]);
    const refused = l.take('a');
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(l.take('b').ok).toBe(true);
    now += 1000;
    expect(l.take('a').ok).toBe(true);
    expect(l.take('a').ok).toBe(false);
  });

  it('forgets the least recently used keys beyond its bound', () => {
    const l = new TokenBucketLimiter(1, 1, () => 0, 2);
    l.take('a');
    l.take('b');
    l.take('c'); // evicts a
    expect(l.take('a').ok).toBe(true);
    expect(l.take('c').ok).toBe(false);
  });
});
