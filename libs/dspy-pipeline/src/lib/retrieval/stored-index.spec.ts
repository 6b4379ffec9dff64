import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chunk } from '../ingest/source-document';
import { EmbeddedIndex } from './embedded-index';
import type { Embedder } from './embedder';
import {
  hasStoredIndex,
  openStoredIndex,
  readStoredChunks,
  storedIndexGeneration,
} from './stored-index';

function chunk(id: string, text: string): Chunk {
  return {
    id,
    documentId: id,
    tenantId: 'default',
    title: id,
    text,
    start: 0,
    end: text.length,
    metadata: {},
  };
}

const CHUNKS = [
  chunk('deposit', 'The security deposit is returned within 14 days.'),
  chunk('tax', 'Occupancy tax applies to stays shorter than 30 nights.'),
];

/** Letter counts as a vector: deterministic, and counts its calls. */
function countingEmbedder(model: string): Embedder & { calls: number } {
  const e = {
    model,
    calls: 0,
    async embed(texts: readonly string[]): Promise<number[][]> {
      e.calls++;
      return texts.map((t) => {
        const v = new Array<number>(26).fill(0);
        for (const c of t.toLowerCase()) {
          const i = c.charCodeAt(0) - 97;
          if (i >= 0 && i < 26) v[i] = (v[i] ?? 0) + 1;
        }
        return v;
      });
    },
  };
  return e;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cited-stored-index-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('stored index', () => {
  it('tells whether a directory holds an index and which generation it serves', async () => {
    expect(hasStoredIndex(dir)).toBe(false);
    expect(storedIndexGeneration(dir)).toBeUndefined();
    await (await EmbeddedIndex.build(CHUNKS)).save(dir);
    expect(hasStoredIndex(dir)).toBe(true);
    expect(storedIndexGeneration(dir)).toMatch(/^gen-\d+-[0-9a-f]{8}$/);
  });

  it('opens a dense index for the same model and embeds queries', async () => {
    await (await EmbeddedIndex.build(CHUNKS, { embedder: countingEmbedder('m1') })).save(dir);
    const embedder = countingEmbedder('m1');
    const { index, embedding } = await openStoredIndex(dir, embedder);
    expect(embedding).toEqual({ kind: 'dense', model: 'm1' });
    const hits = await index.retrieve('security deposit', { k: 1, tenantId: 'default' });
    expect(hits[0]?.documentId).toBe('deposit');
    expect(embedder.calls).toBe(1);
  });

  it.each([
    ['a lexical index for a configured model', false, 'm1', 'no_vectors'],
    ['a dense index for another model', true, 'm2', 'other_model'],
    ['a dense index with no model configured', true, undefined, 'lexical'],
  ])('opens %s with BM25 only and says why', async (_, dense, model, kind) => {
    await (
      await EmbeddedIndex.build(CHUNKS, dense ? { embedder: countingEmbedder('m1') } : {})
    ).save(dir);
    const embedder = model === undefined ? undefined : countingEmbedder(model);
    const { index, embedding } = await openStoredIndex(dir, embedder);
    expect(embedding.kind).toBe(kind);
    const hits = await index.retrieve('occupancy tax', { k: 1, tenantId: 'default' });
    expect(hits[0]?.documentId).toBe('tax');
    expect(embedder?.calls ?? 0).toBe(0);
  });

  it('reads back every stored chunk in order', async () => {
    const other = { ...chunk('rules', 'House rules for tenant two.'), tenantId: 'two' };
    await (await EmbeddedIndex.build([...CHUNKS, other])).save(dir);
    const chunks = await readStoredChunks(dir);
    expect(chunks.map((c) => [c.tenantId, c.id, c.text])).toEqual([
      ['default', 'deposit', CHUNKS[0]?.text],
      ['default', 'tax', CHUNKS[1]?.text],
      ['two', 'rules', 'House rules for tenant two.'],
    ]);
  });
});
