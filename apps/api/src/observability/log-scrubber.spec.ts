import { scrubLogValue, type TextScrubber } from './log-scrubber';

// A visible stand-in for the PII scrubber: the walk, not the detectors, is under test here.
const upper: TextScrubber = (text) => text.toUpperCase();

describe('scrubLogValue', () => {
  it('passes every string, at any depth, through the scrubber', () => {
    expect(
      scrubLogValue({ a: 'x', b: ['y', { c: 'z' }], n: 3, ok: true, none: null }, upper),
    ).toEqual({ a: 'X', b: ['Y', { c: 'Z' }], n: 3, ok: true, none: null });
  });

  it('drops secret-named keys whatever their case, every time they are logged', () => {
    const line = {
      Authorization: 'Bearer abc',
      'X-API-KEY': 'k1',
      password: 'p',
      PassWord: 'p2',
      nested: { token: 't', apiKey: 'k2', tokenCount: 3 },
      requestId: 'r1',
    };
    // Twice: the second walk answers from the key memo and must decide the same.
    for (let i = 0; i < 2; i++) {
      expect(scrubLogValue(line, upper)).toEqual({ nested: { tokenCount: 3 }, requestId: 'R1' });
    }
  });

  it('logs errors as type, code and scrubbed message only', () => {
    const error = Object.assign(new Error('no access for alice'), {
      code: 'E_DENIED',
      secret: 's',
    });
    expect(scrubLogValue({ error }, upper)).toEqual({
      error: { type: 'Error', code: 'E_DENIED', message: 'NO ACCESS FOR ALICE' },
    });
  });

  it('skips undefined fields and cuts nesting deeper than 8 levels', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10; i++) deep = { d: deep };
    const out = scrubLogValue({ gone: undefined, deep }, upper) as Record<string, unknown>;
    expect('gone' in out).toBe(false);
    expect(JSON.stringify(out)).toContain('"[depth]"');
    expect(JSON.stringify(out)).not.toContain('LEAF');
  });
});
