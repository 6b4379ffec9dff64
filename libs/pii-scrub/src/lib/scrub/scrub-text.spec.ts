import { PiiScrubError } from '../errors/pii-scrub-error';
import { createScrubber, scrubText } from './scrub-api';

describe('scrubText', () => {
  it('returns placeholders and findings with offsets into the original, never values', () => {
    const text = 'mail a@example.com and b@example.com, again a@example.com';
    const r = scrubText(text);
    expect(r.text).toBe('mail <EMAIL_1> and <EMAIL_2>, again <EMAIL_1>');
    expect(r.findings).toEqual([
      { type: 'email', start: 5, end: 18 },
      { type: 'email', start: 23, end: 36 },
      { type: 'email', start: 44, end: 57 },
    ]);
    expect(JSON.stringify(r.findings)).not.toContain('example');
  });

  it('numbers restart in each document', () => {
    const s = createScrubber();
    expect(s.scrubText('x@example.com').text).toBe('<EMAIL_1>');
    expect(s.scrubText('y@example.com').text).toBe('<EMAIL_1>');
  });

  it('keyed pseudonyms are stable across documents, differ per key and hide the value', () => {
    const a = createScrubber({ pseudonymKey: 'k'.repeat(32) });
    const b = createScrubber({ pseudonymKey: 'z'.repeat(32) });
    const t1 = a.scrubText('hi x@example.com').text;
    const t2 = a.scrubText('X@EXAMPLE.COM wrote').text;
    const token = /<EMAIL_([0-9a-f]{16})>/.exec(t1)?.[1];
    expect(token).toBeDefined();
    expect(t2).toContain(`<EMAIL_${token}>`);
    expect(b.scrubText('hi x@example.com').text).not.toContain(token);
    expect(() => createScrubber({ pseudonymKey: 'short' })).toThrow(/pseudonymKey/);
  });

  it('accepts UTF-8 bytes and rejects invalid UTF-8 without echoing it', () => {
    expect(scrubText(Buffer.from('mail x@example.com')).text).toBe('mail <EMAIL_1>');
    const bad = Buffer.from([0x78, 0x40, 0xff, 0xfe, 0x2e, 0x63]);
    expect(() => scrubText(bad)).toThrow(expect.objectContaining({ code: 'invalid_utf8' }));
    expect(createScrubber({ invalidUtf8: 'replace' }).scrubText(bad).text).toContain('\ufffd');
  });

  it('rejects non-strings with a clear error naming the kind', () => {
    for (const v of [42, null, { a: 'secret@example.com' }, undefined]) {
      try {
        scrubText(v as unknown as string);
        throw new Error('expected a throw');
      } catch (e) {
        expect(PiiScrubError.isInstance(e)).toBe(true);
        expect((e as PiiScrubError).code).toBe('invalid_input');
        expect((e as Error).message).not.toContain('secret@example.com');
      }
    }
  });

  it('handles a huge single line linearly', () => {
    const line = `${'word 12.5 ab:cd '.repeat(400_000)}x@example.com`;
    const t0 = Date.now();
    const r = scrubText(line);
    expect(r.findings).toHaveLength(1);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('survives pathological inputs for every detector', () => {
    const nasty = [
      '1'.repeat(100_000),
      '@'.repeat(50_000),
      'a@'.repeat(50_000),
      ':'.repeat(50_000),
      '+1 '.repeat(30_000),
      'sk-'.repeat(30_000),
      'password='.repeat(20_000),
    ];
    for (const n of nasty) expect(typeof scrubText(n).text).toBe('string');
  });

  it('enables, disables and adds entity types by configuration', () => {
    const text = 'emp E-123456 mail x@example.com ip 8.8.8.8';
    const s = createScrubber({
      disable: ['ipv4'],
      custom: [{ type: 'employee_id', pattern: /E-\d{6}/, validate: (m) => m.endsWith('6') }],
    });
    expect(s.scrubText(text).text).toBe('emp <EMPLOYEE_ID_1> mail <EMAIL_1> ip 8.8.8.8');
    expect(
      createScrubber({
        custom: [{ type: 'employee_id', pattern: /E-\d{6}/, validate: () => false }],
      }).scrubText(text).text,
    ).toContain('E-123456');
    expect(() => createScrubber({ disable: ['nope'] })).toThrow(/unknown entity type/);
    expect(() => createScrubber({ custom: [{ type: 'email', pattern: /x/ }] })).toThrow(/clashes/);
  });

  it('keeps loopback but redacts private addresses; keepIpRanges overrides', () => {
    expect(scrubText('127.0.0.1 10.1.1.1').text).toBe('127.0.0.1 <IPV4_1>');
    expect(
      createScrubber({ keepIpRanges: ['private', 'loopback'] }).scrubText('10.1.1.1').text,
    ).toBe('10.1.1.1');
  });

  it('is idempotent: scrubbing the output finds nothing new', () => {
    const once = scrubText(
      'x@example.com 415-555-0132 password=Hunter22 AKIAIOSFODNN7EXAMPLE',
    ).text;
    expect(scrubText(once).findings).toEqual([]);
  });
});
