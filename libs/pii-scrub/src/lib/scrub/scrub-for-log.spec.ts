import { createLogScrubber, scrubForLog } from './scrub-for-log';

describe('scrubForLog', () => {
  it('uses the strict profile (names too) and never throws', () => {
    expect(scrubForLog('Maria Gonzalez <maria@example.com>')).toBe('<PERSON_NAME_1> <<EMAIL_1>>');
    const cyclic: Record<string, unknown> = { token: 'abc', msg: 'ip 8.8.8.8' };
    cyclic['me'] = cyclic;
    expect(scrubForLog(cyclic)).toEqual({
      token: '<SENSITIVE_KEY_1>',
      msg: 'ip <IPV4_1>',
      me: '<CIRCULAR>',
    });
    const err = scrubForLog(new Error('login failed for x@example.com')) as { message: string };
    expect(err.message).toBe('login failed for <EMAIL_1>');
    expect(scrubForLog(Buffer.from([0xff, 0x41]))).toBe('\ufffdA');
  });

  it('pseudonymises with a key', () => {
    const log = createLogScrubber({ pseudonymKey: 'a-very-long-test-key' });
    expect(log('x@example.com')).toBe(log('user x@example.com').replace('user ', ''));
    expect(log('x@example.com')).toMatch(/^<EMAIL_[0-9a-f]{16}>$/);
  });
});
