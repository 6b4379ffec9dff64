import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chunkDocuments } from '../ingest/chunk-documents';
import { ADJACENT_PAIR_WEIGHT, MIN_PAIR_IDF, PAIR_RERANK_DEPTH } from './adjacent-pair-rerank';
import { Bm25Index } from './bm25-index';
import { EmbeddedIndex } from './embedded-index';

const TENANT = { tenantId: 'default' };

// "steam" and "engine" in both: far apart in the short document (which plain BM25 prefers for
// its length), next to each other in the long one.
const docs = [
  {
    id: 'phrase',
    title: 'Mills',
    text: 'James Watt improved the steam engine in the eighteenth century, and it then powered mills, pumps and looms across Britain for a hundred years.',
  },
  {
    id: 'apart',
    title: 'Valley',
    text: 'Steam rose over the valley while the fire engine waited.',
  },
  // Unrelated documents, so that "steam" and "engine" are rare enough for a pair to count.
  ...[
    'river floods',
    'bakers knead dough',
    'swallows return',
    'orchards bloom',
    'tides turn',
  ].flatMap((topic, i) =>
    ['north', 'south', 'east', 'west'].map((side) => ({
      id: `other-${i}-${side}`,
      title: topic,
      text: `In the ${side}, ${topic} every spring after the snow melts.`,
    })),
  ),
];

async function build(): Promise<EmbeddedIndex> {
  const chunks = await chunkDocuments(
    docs.map((d) => ({ ...d, metadata: {} })),
    TENANT,
  );
  return EmbeddedIndex.build(chunks);
}

describe('adjacent-pair re-ranking of the embedded index', () => {
  it('ranks a passage with the question words as a phrase above one with them far apart', async () => {
    const index = await build();
    // Plain BM25 alone prefers the shorter passage: the premise of the test.
    const plain = index.bm25.search('What is a steam engine?', 2);
    expect(plain.map((h) => index.table.get(h.doc).documentId)).toEqual(['apart', 'phrase']);
    const ranked = index.searchText('What is a steam engine?', { k: 2, ...TENANT });
    expect(ranked.map((p) => p.documentId)).toEqual(['phrase', 'apart']);
    // The bonus is the pair's mean IDF × the weight, added to the BM25 score.
    const steam = index.bm25.termId('steam') as number;
    const engine = index.bm25.termId('engin') as number;
    expect(index.bm25.idfOf(steam)).toBeGreaterThanOrEqual(MIN_PAIR_IDF);
    const bonus = (ADJACENT_PAIR_WEIGHT * (index.bm25.idfOf(steam) + index.bm25.idfOf(engine))) / 2;
    const phraseBm25 = plain.find((h) => index.table.get(h.doc).documentId === 'phrase');
    expect(ranked[0]?.score).toBeCloseTo((phraseBm25?.score ?? 0) + bonus, 5);
  });

  it('ranks the same for k = 1, 5 and 10 (candidates are re-ranked at a fixed depth)', async () => {
    const index = await build();
    const q = 'When was the steam engine improved?';
    const top10 = index.searchText(q, { k: 10, ...TENANT }).map((p) => p.id);
    expect(index.searchText(q, { k: 1, ...TENANT }).map((p) => p.id)).toEqual(top10.slice(0, 1));
    expect(index.searchText(q, { k: 5, ...TENANT }).map((p) => p.id)).toEqual(top10.slice(0, 5));
    expect(PAIR_RERANK_DEPTH).toBe(10);
  });

  it('re-ranks the same after a save and load (the stored index format is unchanged)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cited-pairs-'));
    try {
      const index = await build();
      await index.save(dir);
      const loaded = await EmbeddedIndex.load(dir);
      const q = 'steam engine';
      expect(loaded.searchText(q, { k: 3, ...TENANT })).toEqual(
        index.searchText(q, { k: 3, ...TENANT }),
      );
      expect(loaded.searchText(q, { k: 1, ...TENANT })[0]?.documentId).toBe('phrase');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers as plain BM25 without a pair of rare adjacent question terms', async () => {
    const index = await build();
    // One term; stopwords only; a pair of common terms ("snow melts" is in 20 of 22 documents).
    for (const q of ['engine', 'What is it?', 'When does the snow melt?']) {
      const plain = index.bm25.search(q, 5).map((h) => index.table.get(h.doc).id);
      expect(index.searchText(q, { k: 5, ...TENANT }).map((p) => p.id)).toEqual(plain);
    }
  });
});

describe('Bm25Index term look-ups used by the re-ranker', () => {
  it('holds() agrees with the postings and idfOf() with the search scores', () => {
    const index = Bm25Index.build(['red apple', 'green apple pie', 'blue sky']);
    const apple = index.termId('appl') as number;
    expect(apple).toBeGreaterThanOrEqual(0);
    expect([0, 1, 2].map((d) => index.holds(apple, d))).toEqual([true, true, false]);
    expect(index.termId('banana')).toBeUndefined();
    expect(index.idfOf(apple)).toBeCloseTo(Math.log(1 + (3 - 2 + 0.5) / (2 + 0.5)), 10);
  });
});
