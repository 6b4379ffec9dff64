import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  createJsonlScrubStream,
  type JsonlIssue,
  type JsonlScrubOptions,
} from './jsonl-scrub-stream';

async function run(chunks: Array<string | Buffer>, options: JsonlScrubOptions = {}) {
  const issues: JsonlIssue[] = [];
  const stream = createJsonlScrubStream({ ...options, onIssue: (i) => issues.push(i) });
  let out = '';
  await pipeline(
    Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))),
    stream,
    new Writable({
      write(chunk: Buffer, _e, done) {
        out += chunk.toString();
        done();
      },
    }),
  );
  return { out, issues, stats: stream.stats };
}

describe('createJsonlScrubStream', () => {
  it('scrubs line by line across chunk boundaries; each line is its own document', async () => {
    const r = await run([
      '{"a":"x@exa',
      'mple.com","b":"y@example.com"}\r\n{"a":"z@example.com"}\n',
      '{"n":1}',
    ]);
    expect(r.out.split('\n')).toEqual([
      '{"a":"<EMAIL_1>","b":"<EMAIL_2>"}',
      '{"a":"<EMAIL_1>"}',
      '{"n":1}',
      '',
    ]);
    expect(r.stats).toEqual({ lines: 3, malformed: 0, findingsByType: { email: 3 } });
  });

  it('reports a malformed line by number and redacts it as a whole (default)', async () => {
    const r = await run(['{"ok":1}\n{not json x@example.com\n{"ok":2}\n']);
    expect(r.issues).toEqual([
      { line: 2, code: 'malformed_line', message: 'line 2: not valid JSON.' },
    ]);
    expect(r.out).not.toContain('example.com');
    expect(r.out.split('\n')[1]).toBe(
      '{"pii_scrub":"malformed_line_redacted","line":2,"reason":"malformed_line"}',
    );
  });

  it('drops or rejects malformed lines when asked', async () => {
    const dropped = await run(['{"ok":1}\nnope\n{"ok":2}\n'], { onMalformed: 'drop' });
    expect(dropped.out).toBe('{"ok":1}\n{"ok":2}\n');
    await expect(
      run(['{"ok":1}\nnope secret@example.com\n'], { onMalformed: 'error' }),
    ).rejects.toThrow(/line 2: not valid JSON/);
    await expect(
      run(['{"ok":1}\nnope secret@example.com\n'], { onMalformed: 'error' }),
    ).rejects.not.toThrow(/example/);
  });

  it('bounds memory: an over-long line is skipped and reported, later lines still flow', async () => {
    const big = `{"a":"${'x'.repeat(5000)}"}\n`;
    const r = await run([big.slice(0, 2000), big.slice(2000), '{"b":"q@example.com"}\n'], {
      maxLineBytes: 1024,
    });
    expect(r.issues.map((i) => [i.line, i.code])).toEqual([[1, 'line_too_long']]);
    expect(r.out.split('\n')[1]).toBe('{"b":"<EMAIL_1>"}');
  });

  it('reports invalid UTF-8 and too-deep lines', async () => {
    const deep = `${'['.repeat(200)}${']'.repeat(200)}\n`;
    const r = await run([Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), deep]);
    expect(r.issues.map((i) => i.code)).toEqual(['invalid_utf8', 'depth_exceeded']);
  });
});
