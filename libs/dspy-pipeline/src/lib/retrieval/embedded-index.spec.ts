import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBundledCorpus } from '../corpus/bundled-assets';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import { chunkDocuments } from '../ingest/chunk-documents';
import type { Chunk } from '../ingest/source-document';
import { EmbeddedIndex } from './embedded-index';
import { INDEX_FORMAT_VERSION } from './index-store';
import { openAiCompatibleEmbedder } from './embedder';
import { analyzeText } from './text-analyzer';

let bundled: Chunk[];
let index: EmbeddedIndex;
let dir: string;
beforeAll(async () => {
  bundled = (await loadBundledCorpus()).chunks;
  index = await EmbeddedIndex.build(bundled);
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cited-index-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function caught(p: Promise<unknown>): Promise<DspyPipelineError> {
  try {
    await p;
  } catch (e) {
    if (DspyPipelineError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected a DspyPipelineError');
}

describe('EmbeddedIndex on the bundled corpus', () => {
  it.each([
    [
      'How many years is a residential rental building depreciated over?',
      'depreciation-recovery-periods',
    ],
    [
      'How soon must the security deposit be returned after the tenant moves out?',
      'security-deposit-return-deadlines',
    ],
    ['What is the occupancy tax rate on short stays?', 'occupancy-taxes'],
    ['Are points on a rental mortgage deductible at once?', 'mortgage-interest-and-points'],
  ])('ranks the right document first for %p', async (q, doc) => {
    const hits = await index.retrieve(q, { k: 5, tenantId: 'default' });
    expect(hits[0]?.documentId).toBe(doc);
    expect(hits).toHaveLength(5);
    expect(hits[0]?.score).toBeGreaterThan(hits[4]?.score ?? Infinity);
  });

  it('applies metadata filters', async () => {
    const hits = await index.retrieve('security deposit', {
      k: 10,
      tenantId: 'default',
      filter: { path: 'security-deposit-interest.md' },
    });
    expect(hits.length).toBeGreaterThan(0);
    expect(new Set(hits.map((h) => h.documentId))).toEqual(new Set(['security-deposit-interest']));
  });

  it('round-trips through a directory with identical results', async () => {
    await index.save(dir);
    const loaded = await EmbeddedIndex.load(dir);
    expect(loaded.size).toBe(index.size);
    for (const q of [
      'rental income advance rent',
      'smoke alarm every bedroom',
      'like-kind exchange 45 days',
    ]) {
      expect(await loaded.retrieve(q, { k: 10, tenantId: 'default' })).toEqual(
        await index.retrieve(q, { k: 10, tenantId: 'default' }),
      );
    }
    const manifest = JSON.parse(
      await readFile(
        join(dir, (await readFile(join(dir, 'CURRENT'), 'utf8')).trim(), 'manifest.json'),
        'utf8',
      ),
    );
    expect(manifest).toMatchObject({
      format: 'cited-embedded-index',
      formatVersion: INDEX_FORMAT_VERSION,
      chunkCount: index.size,
      embedding: null,
    });
    // A second save replaces the generation atomically and removes the old one.
    await index.save(dir);
    expect((await readdir(dir)).filter((n) => n.startsWith('gen-'))).toHaveLength(1);
  });

  it('refuses a missing, damaged or newer-format index', async () => {
    expect((await caught(EmbeddedIndex.load(dir))).code).toBe('index_error');
    await index.save(dir);
    const gen = join(dir, (await readFile(join(dir, 'CURRENT'), 'utf8')).trim());
    const manifest = JSON.parse(await readFile(join(gen, 'manifest.json'), 'utf8'));
    await writeFile(join(gen, 'manifest.json'), JSON.stringify({ ...manifest, formatVersion: 99 }));
    expect((await caught(EmbeddedIndex.load(dir))).message).toContain(
      'format version 99 is not supported',
    );
    await writeFile(join(gen, 'manifest.json'), JSON.stringify(manifest));
    await writeFile(join(gen, 'postings.bin'), Buffer.alloc(8));
    expect((await caught(EmbeddedIndex.load(dir))).message).toContain('damaged');
  });

  it('migrates a version 1 index: its terms are rebuilt from the stored texts', async () => {
    await index.save(dir);
    const gen = join(dir, (await readFile(join(dir, 'CURRENT'), 'utf8')).trim());
    const manifest = JSON.parse(await readFile(join(gen, 'manifest.json'), 'utf8'));
    // Version 1 stored the earlier stemmer's terms: "deductions" was the term "deduction", so a
    // question's "deducted" (→ "deduct") matched nothing. Rename the stored term that way.
    const terms: string[] = JSON.parse(await readFile(join(gen, 'terms.json'), 'utf8'));
    expect(terms).toContain('deduct');
    const v1Terms = terms.map((t) => (t === 'deduct' ? 'deduction' : t));
    await writeFile(join(gen, 'terms.json'), JSON.stringify(v1Terms));
    await writeFile(join(gen, 'manifest.json'), JSON.stringify({ ...manifest, formatVersion: 1 }));
    const q = 'What can be deducted from a security deposit?';
    const migrated = await EmbeddedIndex.load(dir);
    expect(await migrated.retrieve(q, { k: 5, tenantId: 'default' })).toEqual(
      await index.retrieve(q, { k: 5, tenantId: 'default' }),
    );
    // Version 0 never existed: still refused.
    await writeFile(join(gen, 'manifest.json'), JSON.stringify({ ...manifest, formatVersion: 0 }));
    expect((await caught(EmbeddedIndex.load(dir))).message).toContain(
      'format version 0 is not supported',
    );
  });

  it('refuses bad input with typed errors', async () => {
    expect((await caught(EmbeddedIndex.build([]))).code).toBe('invalid_corpus');
    const e = await caught(index.retrieve('rent', { k: 3, tenantId: 'nobody' }));
    expect(e.code).toBe('unknown_tenant');
    expect(e.message).toContain('"nobody"');
    expect((await caught(index.retrieve('rent', { k: 0, tenantId: 'default' }))).code).toBe(
      'invalid_input',
    );
  });
});

describe('tenant isolation', () => {
  it('never returns another tenant’s chunks, even for that tenant’s exact text', async () => {
    const a = await chunkDocuments(
      [
        {
          id: 'secret',
          title: 'Acme secret',
          text: 'Acme pays the zorblax fee of 77 dollars.',
          metadata: {},
        },
      ],
      { tenantId: 'acme' },
    );
    const b = await chunkDocuments(
      [{ id: 'public', title: 'Globex note', text: 'Globex rent is due monthly.', metadata: {} }],
      { tenantId: 'globex' },
    );
    const idx = await EmbeddedIndex.build([...a, ...b]);
    expect(idx.tenants()).toEqual(['acme', 'globex']);
    expect(
      (await idx.retrieve('zorblax fee', { k: 10, tenantId: 'acme' })).map((p) => p.id),
    ).toEqual(['secret#0']);
    const other = await idx.retrieve('Acme zorblax fee 77 dollars', { k: 10, tenantId: 'globex' });
    expect(other.every((p) => p.tenantId === 'globex')).toBe(true);
    expect(other.map((p) => p.id)).not.toContain('secret#0');
    await idx.save(dir);
    const loaded = await EmbeddedIndex.load(dir);
    expect(
      (await loaded.retrieve('zorblax', { k: 10, tenantId: 'globex' })).map((p) => p.id),
    ).not.toContain('secret#0');
  });
});

describe('dense retrieval fused by RRF (OpenAI-compatible embeddings over HTTP)', () => {
  // A deterministic local embeddings endpoint: hashed bag of analysed terms, 64 dimensions.
  let server: Server;
  let baseUrl: string;
  let calls = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        calls++;
        const { input } = JSON.parse(body) as { input: string[] };
        const data = input.map((text, index) => {
          const v = new Array<number>(64).fill(0);
          for (const t of analyzeText(text)) {
            const slot = [...t].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 64, 7);
            v[slot] = (v[slot] ?? 0) + 1;
          }
          return { index, embedding: v };
        });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('builds, persists the vectors and answers hybrid queries', async () => {
    const embedder = openAiCompatibleEmbedder({ baseUrl, model: 'hash-64', batchSize: 32 });
    const hybrid = await EmbeddedIndex.build(bundled, { embedder });
    expect(calls).toBeGreaterThanOrEqual(Math.ceil(bundled.length / 32));
    const hits = await hybrid.retrieve('security deposit returned within 21 days', {
      k: 5,
      tenantId: 'default',
    });
    expect(hits[0]?.documentId).toBe('security-deposit-return-deadlines');
    await hybrid.save(dir);
    const loaded = await EmbeddedIndex.load(dir, { embedder });
    expect(
      await loaded.retrieve('security deposit returned within 21 days', {
        k: 5,
        tenantId: 'default',
      }),
    ).toEqual(hits);
    const wrong = openAiCompatibleEmbedder({ baseUrl, model: 'other-model' });
    expect((await caught(EmbeddedIndex.load(dir, { embedder: wrong }))).message).toContain(
      '"hash-64"',
    );
  });
});
