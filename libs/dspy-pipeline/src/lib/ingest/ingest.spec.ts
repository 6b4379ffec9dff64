import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import { chunkDocuments } from './chunk-documents';
import { parseJsonlDocuments, readDocuments } from './read-documents';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cited-ingest-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function caught(p: Promise<unknown> | (() => unknown)): Promise<DspyPipelineError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (DspyPipelineError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected a DspyPipelineError');
}

describe('readDocuments', () => {
  it('reads Markdown (title from heading, front matter), text and JSONL documents', async () => {
    await mkdir(join(dir, 'guides'));
    await writeFile(
      join(dir, 'guides', 'deposits.md'),
      '---\nregion: riverton\n---\n# Deposits\n\nReturn within 21 days.\n',
    );
    await writeFile(join(dir, 'notes.txt'), 'Plain text about rent.');
    await writeFile(
      join(dir, 'more.jsonl'),
      '{"id":"j1","title":"J one","text":"Json text.","metadata":{"year":2024}}\n\n{"id":"j2","text":"Second."}\n',
    );
    const docs = await readDocuments(dir);
    expect(docs.map((d) => [d.id, d.title])).toEqual([
      ['guides/deposits', 'Deposits'],
      ['j1', 'J one'],
      ['j2', ''],
      ['notes', 'notes'],
    ]);
    expect(docs[0]?.metadata).toEqual({ region: 'riverton', path: join('guides', 'deposits.md') });
    expect(docs[0]?.text.startsWith('# Deposits')).toBe(true);
    expect(docs[1]?.metadata).toEqual({ year: 2024 });
  });

  it('names the file and line of a malformed JSONL line', async () => {
    await writeFile(join(dir, 'bad.jsonl'), '{"id":"a","text":"ok"}\n{"id": "b", "text": \n');
    const err = await caught(readDocuments(dir));
    expect(err.code).toBe('invalid_corpus');
    expect(err.where).toBe('bad.jsonl:2');
    expect(err.message).toContain('bad.jsonl:2');
  });

  it('names the field of a JSONL line that fails the schema', () => {
    const err = (() => {
      try {
        parseJsonlDocuments('{"id":"a","text":"x"}\n{"id":"b"}', 'docs.jsonl');
      } catch (e) {
        return e as DspyPipelineError;
      }
      throw new Error('no error');
    })();
    expect(err.where).toBe('docs.jsonl:2');
    expect(err.message).toContain('field text');
  });

  it('refuses an empty corpus directory and duplicate ids', async () => {
    expect((await caught(readDocuments(dir))).code).toBe('invalid_corpus');
    await writeFile(join(dir, 'a.jsonl'), '{"id":"x","text":"one"}\n{"id":"x","text":"two"}\n');
    expect((await caught(readDocuments(dir))).message).toContain('duplicate document id "x"');
  });
});

describe('chunkDocuments', () => {
  const long = Array.from(
    { length: 30 },
    (_, i) => `Sentence number ${i} talks about rental income and deposits.`,
  ).join(' ');

  it('makes stable ids and exact character offsets', async () => {
    const doc = {
      id: 'd1',
      title: 'Long',
      text: `# Long\n\n${long}\n\nLast paragraph here.`,
      metadata: { k: 'v' },
    };
    const chunks = await chunkDocuments([doc], {
      chunkSize: 300,
      chunkOverlap: 50,
      tenantId: 'acme',
    });
    expect(chunks.length).toBeGreaterThan(3);
    chunks.forEach((c, i) => {
      expect(c.id).toBe(`d1#${i}`);
      expect(doc.text.slice(c.start, c.end)).toBe(c.text);
      expect(c.text.length).toBeLessThanOrEqual(300);
      expect(c).toMatchObject({
        documentId: 'd1',
        title: 'Long',
        tenantId: 'acme',
        metadata: { k: 'v' },
      });
    });
    expect(
      await chunkDocuments([doc], { chunkSize: 300, chunkOverlap: 50, tenantId: 'acme' }),
    ).toEqual(chunks);
  });

  it('refuses an empty corpus, a document without text and impossible sizes', async () => {
    expect((await caught(chunkDocuments([]))).code).toBe('invalid_corpus');
    const err = await caught(
      chunkDocuments([{ id: 'empty', title: '', text: '  \n', metadata: {} }]),
    );
    expect(err.code).toBe('invalid_corpus');
    expect(err.message).toContain('"empty" has no text');
    expect(
      (
        await caught(
          chunkDocuments([{ id: 'a', title: '', text: 'x', metadata: {} }], {
            chunkSize: 100,
            chunkOverlap: 100,
          }),
        )
      ).code,
    ).toBe('invalid_config');
  });
});
