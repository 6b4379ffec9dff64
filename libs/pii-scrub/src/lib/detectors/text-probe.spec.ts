import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileScrubber } from '../scrub/scrubber';
import { hasFacts, mayRun, PROBE_FACTS, TextProbe } from './text-probe';

const corpus = readFileSync(
  join(__dirname, '..', '..', 'test-fixtures', 'labelled-corpus.jsonl'),
  'utf8',
)
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { text: string }).text);

/** Texts that stress the gates: case, exotic whitespace, labels the old hints missed. */
const EDGE_CASES = [
  'AUTHORIZATION: BEARER abcdefABCDEF0123456789',
  'Proxy-Authorization: Basic dXNlcjpwYXNzd29yZDEyMw==',
  'password\u00a0=\u2003"hunter2hunter2"',
  'API-KEY :  9f8e7d6c5b4a39281706',
  'db_PassWord:"Xy7#kq!2mz"',
  'fecha de nacimiento: 14/03/1985',
  'date de naissance 14.03.1985',
  'do.b: 1985-03-14',
  'addr 1:2:3:4:5:6:1.2.3.4 and fe80::1%eth0',
  'pan 4111-1111-1111-1111 ssn 123 45 6789 call +44 20 7946 0958',
  'iban DE89370400440532013000, ip 203.0.113.9',
  `{"client_secret": "${'q1W2e3R4'.repeat(3)}"}`,
];

describe('TextProbe', () => {
  const probe = new TextProbe([
    { triggers: ['token '] },
    { triggers: [{ word: 'token', next: ['=', ' ='] }] },
    { triggers: ['@'] },
    {},
  ]);

  it('finds triggers case-insensitively, whitespace runs included', () => {
    expect(probe.scan('TOKEN \t abc') & 0b111).toBe(0b001);
    expect(probe.scan('Token   = abc') & 0b111).toBe(0b011);
    expect(probe.scan('token=abc') & 0b111).toBe(0b010);
    expect(probe.scan('a@b') & 0b111).toBe(0b100);
    expect(probe.scan('tokens and passages') & 0b111).toBe(0);
  });

  it('finds a trigger inside or right after a longer partial one (failure links)', () => {
    const p = new TextProbe([
      { triggers: ['abcd'] },
      { triggers: ['bc'] },
      { triggers: ['sk-'] },
      { triggers: ['key ='] },
    ]);
    expect(p.scan('xabcx') & 0b1111).toBe(0b0010);
    expect(p.scan('ABCD') & 0b1111).toBe(0b0011);
    expect(p.scan('task-42') & 0b1111).toBe(0b0100);
    expect(p.scan('kkey\u2003\t=1') & 0b1111).toBe(0b1000);
    expect(p.scan('key\u0000=1') & 0b1111).toBe(0);
    expect(p.scan('ke y =') & 0b1111).toBe(0);
  });

  it('lets detectors without triggers always run', () => {
    const bits = probe.scan('nothing here');
    expect(mayRun(bits, 3)).toBe(true);
    expect(mayRun(bits, 0)).toBe(false);
    expect(mayRun(bits, 40)).toBe(true);
  });

  it('never skips a detector that would have found something (labelled corpus + edge cases)', () => {
    const compiled = compileScrubber({ profile: 'default', enable: ['sensitive_key'] });
    const missed: string[] = [];
    let checked = 0;
    for (const text of [...corpus, ...EDGE_CASES]) {
      const bits = compiled.probe.scan(text);
      compiled.detectors.forEach((d, i) => {
        let hits = 0;
        d.scan(text, (s, e) => {
          if (e > s) hits++;
        });
        if (hits === 0) return;
        checked++;
        if (
          !mayRun(bits, i) ||
          !hasFacts(bits, compiled.needs[i] as number) ||
          !d.mayMatch(text, bits)
        )
          missed.push(`${d.type}: ${text.slice(0, 40)}`);
      });
    }
    expect(checked).toBeGreaterThan(600);
    expect(missed).toEqual([]);
  });

  it('reports the contextWord fact wherever a detector would use a context word', () => {
    const compiled = compileScrubber({});
    const phone = compiled.detectors.find((d) => d.type === 'phone');
    const texts = [
      ...corpus,
      'Tél. 0612345678',
      'Mobil: 2345 6789',
      '携帯 0901234567',
      'ТЕЛ 123456',
      'whatsapp me: 555 0123',
      'id;name;phone\n1;Ana;612345678',
      'no words here 612345678',
    ];
    let found = 0;
    for (const text of texts) {
      const bits = compiled.probe.scan(text);
      const all: string[] = [];
      const gated: string[] = [];
      phone?.scan(text, (s, e) => all.push(text.slice(s, e)));
      phone?.scan(text, (s, e) => gated.push(text.slice(s, e)), bits);
      found += all.length;
      expect([text, gated]).toEqual([text, all]);
    }
    expect(found).toBeGreaterThan(40);
    expect(hasFacts(compiled.probe.scan('no words here 612345678'), PROBE_FACTS.contextWord)).toBe(
      false,
    );
    expect(hasFacts(compiled.probe.scan('café 612345678'), PROBE_FACTS.contextWord)).toBe(true);
  });
});
