import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../test-fixtures/cli-harness';

describe('eval-runner pii scrub', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pii-cli-'));

  it('scrubs a text file, prints counts per type and never the values', async () => {
    const input = join(dir, 'log.txt');
    writeFileSync(
      input,
      'user alice@example.com from 203.0.113.7 password=Hunter22x\nagain alice@example.com\n',
    );
    const out = join(dir, 'log.scrubbed.txt');
    const r = await cli(['pii', 'scrub', input, '--out', out, '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out) as {
      ok: boolean;
      byType: Record<string, number>;
      findings: number;
      format: string;
    };
    expect(result).toMatchObject({
      ok: true,
      format: 'text',
      findings: 4,
      byType: { email: 2, ipv4: 1, secret_assignment: 1 },
    });
    expect(r.out + r.err).not.toMatch(/alice|203\.0\.113|Hunter22x/);
    expect(readFileSync(out, 'utf8')).toBe(
      'user <EMAIL_1> from <IPV4_1> password=<SECRET_ASSIGNMENT_1>\nagain <EMAIL_1>\n',
    );
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('scrubs JSONL line by line, reports malformed lines by number, uses keyed pseudonyms from CITED_PII_HMAC_KEY', async () => {
    const input = join(dir, 'traces.jsonl');
    writeFileSync(
      input,
      '{"q":"mail bob@example.com","password":"x1"}\nnot json bob@example.com\n{"q":"bob@example.com"}\n',
    );
    const out = join(dir, 'traces.out.jsonl');
    const r = await cli(['pii', 'scrub', input, '--out', out], {
      CITED_PII_HMAC_KEY: 'k'.repeat(32),
    });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/malformed lines: 1 \(2:malformed_line\)/);
    expect(r.out).toMatch(/keyed pseudonyms/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    const a = /<EMAIL_[0-9a-f]{16}>/.exec(lines[0] ?? '')?.[0];
    expect(a).toBeDefined();
    expect(lines[2]).toContain(a);
    expect(readFileSync(out, 'utf8')).not.toContain('bob@');
  });

  it('scrubs a JSON file keeping structure; --on-malformed error exits 2 and writes nothing', async () => {
    const input = join(dir, 'doc.json');
    writeFileSync(input, JSON.stringify({ a: [1, 'call 415-555-0132'], token: 'abc' }));
    const out = join(dir, 'doc.out.json');
    expect((await cli(['pii', 'scrub', input, '--out', out, '--profile', 'strict'])).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({
      a: [1, 'call <PHONE_1>'],
      token: '<SENSITIVE_KEY_1>',
    });

    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"ok":1}\nnope secret@example.com\n');
    const badOut = join(dir, 'bad.out.jsonl');
    const r = await cli([
      'pii',
      'scrub',
      bad,
      '--out',
      badOut,
      '--on-malformed',
      'error',
      '--json',
    ]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/line 2/);
    expect(r.out + r.err).not.toContain('secret@example.com');
    expect(readdirSync(dir)).not.toContain('bad.out.jsonl');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('exits 2 on a missing input, a missing --out or a bad --format', async () => {
    expect((await cli(['pii', 'scrub', join(dir, 'nope.txt'), '--out', join(dir, 'x')])).code).toBe(
      2,
    );
    expect((await cli(['pii', 'scrub', join(dir, 'log.txt')])).code).toBe(2);
    expect(
      (
        await cli([
          'pii',
          'scrub',
          join(dir, 'log.txt'),
          '--out',
          join(dir, 'y'),
          '--format',
          'xml',
        ])
      ).code,
    ).toBe(2);
  });
});
