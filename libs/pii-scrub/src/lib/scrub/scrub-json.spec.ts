import { createScrubber, scrubJson } from './scrub-api';

describe('scrubJson', () => {
  it('scrubs string leaves, redacts sensitive keys, keeps types and does not mutate', () => {
    const input = {
      user: { email: 'x@example.com', age: 42, admin: false, note: null },
      tags: ['ok', 'call 415-555-0132'],
      password: 'hunter2',
      apiKey: 12345,
      db_password: { nested: true },
      max_tokens: 1024,
      again: 'x@example.com',
    };
    const copy = structuredClone(input);
    const r = scrubJson(input);
    expect(input).toEqual(copy);
    expect(r.value).toEqual({
      user: { email: '<EMAIL_1>', age: 42, admin: false, note: null },
      tags: ['ok', 'call <PHONE_1>'],
      password: '<SENSITIVE_KEY_1>',
      apiKey: '<SENSITIVE_KEY_2>',
      db_password: '<SENSITIVE_KEY_3>',
      max_tokens: 1024,
      again: '<EMAIL_1>',
    });
    expect(r.findings.map((f) => f.path)).toEqual([
      '/user/email',
      '/tags/1',
      '/password',
      '/apiKey',
      '/db_password',
      '/again',
    ]);
  });

  it('takes a configurable key list', () => {
    expect(
      scrubJson({ internal_ref: 'abc' }, { extraSensitiveKeys: ['internal-ref'] }).value,
    ).toEqual({ internal_ref: '<SENSITIVE_KEY_1>' });
    expect(scrubJson({ password: 'abc' }, { sensitiveKeys: ['other'] }).value).toEqual({
      password: 'abc',
    });
  });

  it('stops at the depth limit with a clear error, or truncates when asked', () => {
    let deep: unknown = 'x@example.com';
    for (let i = 0; i < 100; i++) deep = { a: deep };
    expect(() => scrubJson(deep)).toThrow(expect.objectContaining({ code: 'depth_exceeded' }));
    const t = createScrubber({ maxDepth: 3, onDepthExceeded: 'truncate' }).scrubJson(deep).value;
    expect(JSON.stringify(t)).toContain('<TRUNCATED>');
  });

  it('reports circular references without echoing values, or replaces them', () => {
    const a: Record<string, unknown> = { email: 'x@example.com' };
    a['self'] = a;
    try {
      scrubJson(a);
      throw new Error('expected a throw');
    } catch (e) {
      expect((e as { code: string }).code).toBe('circular_reference');
      expect((e as Error).message).toContain('/self');
      expect((e as Error).message).not.toContain('example.com');
    }
    expect(createScrubber({ onCircular: 'replace' }).scrubJson(a).value).toEqual({
      email: '<EMAIL_1>',
      self: '<CIRCULAR>',
    });
    const shared = { v: 1 };
    expect(scrubJson({ a: shared, b: shared }).value).toEqual({ a: { v: 1 }, b: { v: 1 } });
  });

  it('scrubs keys that hold PII and respects toJSON', () => {
    const r = scrubJson({ 'x@example.com': 1, when: new Date(0) });
    expect(Object.keys(r.value as object)).toEqual(['<EMAIL_1>', 'when']);
  });
});
