import { KeyAttemptLimiter, MAX_FAILED_KEY_ATTEMPTS } from './key-attempt-limiter';

describe('KeyAttemptLimiter', () => {
  it('blocks an address past 20 failures in a minute, until the oldest leaves the window', () => {
    let now = 0;
    const l = new KeyAttemptLimiter(() => now);
    for (let i = 0; i < MAX_FAILED_KEY_ATTEMPTS; i++) {
      expect(l.blockedFor('10.0.0.1')).toBe(0);
      l.recordFailure('10.0.0.1');
      now += 1000;
    }
    expect(l.blockedFor('10.0.0.1')).toBe(40);
    expect(l.blockedFor('10.0.0.2')).toBe(0);
    now = 60_001;
    expect(l.blockedFor('10.0.0.1')).toBe(0);
  });

  it('forgets the least recently seen addresses when full', () => {
    const l = new KeyAttemptLimiter(() => 0, 2);
    for (let i = 0; i < MAX_FAILED_KEY_ATTEMPTS; i++) l.recordFailure('a');
    l.recordFailure('b');
    l.recordFailure('c');
    expect(l.blockedFor('a')).toBe(0);
  });
});
