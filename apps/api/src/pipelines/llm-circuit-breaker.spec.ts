import { LlmCircuitBreaker, type CircuitTransition } from './llm-circuit-breaker';

function breaker(failureThreshold = 3, cooldownMs = 1000) {
  let now = 0;
  const seen: CircuitTransition[] = [];
  const b = new LlmCircuitBreaker(
    'openai-compatible llm.example',
    { failureThreshold, cooldownMs },
    (t) => seen.push(t),
    () => now,
  );
  return { b, seen, advance: (ms: number) => (now += ms) };
}

describe('LlmCircuitBreaker', () => {
  it('opens after N consecutive failures; a success in between starts the count again', () => {
    const { b, seen } = breaker(3);
    b.failure(b.admit());
    b.failure(b.admit());
    b.success(b.admit());
    b.failure(b.admit());
    b.failure(b.admit());
    expect(b.state).toBe('closed');
    b.failure(b.admit());
    expect(b.state).toBe('open');
    expect(b.admit()).toBe('skip');
    expect(seen.map((t) => `${t.from}>${t.to}`)).toEqual(['closed>open']);
    expect(seen[0]?.reason).toBe('3 consecutive upstream failures');
  });

  it('lets exactly one probe through after the cool-down; its outcome decides', () => {
    const { b, seen, advance } = breaker(1, 1000);
    b.failure(b.admit());
    advance(999);
    expect(b.admit()).toBe('skip');
    advance(1);
    expect(b.admit()).toBe('probe');
    expect(b.state).toBe('half_open');
    expect(b.admit()).toBe('skip');
    b.failure('probe');
    expect(b.state).toBe('open');
    expect(b.admit()).toBe('skip');
    advance(1000);
    const probe = b.admit();
    // A call admitted before the breaker opened does not move it; only the probe does.
    b.success('call');
    expect(b.state).toBe('half_open');
    b.success(probe);
    expect(b.state).toBe('closed');
    expect(seen.map((t) => t.to)).toEqual(['open', 'half_open', 'open', 'half_open', 'closed']);
    expect(b.status().transitions[0]).toMatchObject({ from: 'half_open', to: 'closed' });
  });

  it('a probe that ends without an outcome (client gone) frees the slot for the next request', () => {
    const { b, advance } = breaker(1, 10);
    b.failure(b.admit());
    advance(10);
    b.release(b.admit());
    expect(b.admit()).toBe('probe');
  });
});
