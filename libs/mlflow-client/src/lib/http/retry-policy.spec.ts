import { backoffDelayMs, isConnectionError } from './retry-policy';

describe('retry policy', () => {
  it('grows exponentially, is capped and adds at most 10 % jitter', () => {
    const p = { maxRetries: 5, backoffFactorMs: 100, backoffMaxMs: 1000 };
    for (const [attempt, base] of [
      [0, 100],
      [1, 200],
      [2, 400],
      [3, 800],
      [4, 1000],
      [9, 1000],
    ] as const) {
      const d = backoffDelayMs(p, attempt);
      expect(d).toBeGreaterThanOrEqual(base);
      expect(d).toBeLessThanOrEqual(base * 1.1);
    }
  });

  it('recognizes connection errors, also from another realm', () => {
    expect(isConnectionError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionError({ message: 'socket hang up' })).toBe(true);
    expect(isConnectionError(new Error('bad request'))).toBe(false);
    expect(isConnectionError('ECONNRESET')).toBe(false);
  });
});
