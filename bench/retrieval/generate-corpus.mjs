// Deterministic synthetic corpus for the retrieval benchmark: N chunks of ~500 characters drawn
// from a Zipf-distributed vocabulary, plus planted chunks that carry a rare term pair which only
// their query shares. Same seed → same corpus and queries on every machine.

import { createSeededRandom } from '../shared/seeded-random.mjs';

const SYLLABLES =
  'ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zi zo zu'.split(
    ' ',
  );
const DOMAIN =
  'rent rental income deposit tenant landlord lease repair depreciation expense deduction property mortgage interest insurance utilities maintenance inspection notice eviction receipt record schedule basis improvement capital days personal vacation occupancy license permit registration tax year month fair market'.split(
    ' ',
  );

function makeVocabulary(size, rand) {
  const words = new Set(DOMAIN);
  while (words.size < size) {
    const n = 2 + Math.floor(rand() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

/** Builds `{ chunks: {id, documentId, text}[], queries: {text, targetId}[] }`. */
export function generateCorpus({
  chunks = 100_000,
  queries = 500,
  vocabulary = 30_000,
  seed = 42,
} = {}) {
  const rand = createSeededRandom(seed);
  const vocab = makeVocabulary(vocabulary, rand);
  // Zipf(s≈1) sampling via a cumulative table and binary search.
  const cum = new Float64Array(vocab.length);
  let total = 0;
  for (let i = 0; i < vocab.length; i++) cum[i] = total += 1 / (i + 1);
  const pick = () => {
    const x = rand() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return vocab[lo];
  };
  const sentence = () => {
    const n = 8 + Math.floor(rand() * 8);
    const ws = [];
    for (let i = 0; i < n; i++) ws.push(pick());
    const s = ws.join(' ');
    return s[0].toUpperCase() + s.slice(1) + '.';
  };
  const out = [];
  for (let i = 0; i < chunks; i++) {
    let text = '';
    while (text.length < 480) text += (text ? ' ' : '') + sentence();
    out.push({
      id: `doc${Math.floor(i / 4)}#${i % 4}`,
      documentId: `doc${Math.floor(i / 4)}`,
      text,
    });
  }
  // Planted: a unique rare pair (“qz<n>a qz<n>b”) inserted into a random chunk; the query adds
  // frequent domain words that many other chunks match too, so ranking has real work to do.
  const qs = [];
  const used = new Set();
  for (let q = 0; q < queries; q++) {
    let idx;
    do idx = Math.floor(rand() * chunks);
    while (used.has(idx));
    used.add(idx);
    const a = `plantx${q}alpha`;
    const b = `plantx${q}beta`;
    const common = [pick(), pick(), DOMAIN[Math.floor(rand() * DOMAIN.length)]];
    const target = out[idx];
    target.text =
      `${target.text.slice(0, 200)} ${a} ${common[0]} ${b} ${target.text.slice(200)}`.slice(0, 560);
    if (!target.text.includes(b)) target.text += ` ${b}`;
    qs.push({ text: `${common.join(' ')} ${a} ${b}`, targetId: target.id });
  }
  return { chunks: out, queries: qs };
}

/** The generated chunks as the embedded index stores them (one tenant, no titles or metadata). */
export function asIndexChunks(chunks) {
  return chunks.map((c) => ({
    ...c,
    title: '',
    tenantId: 'default',
    start: 0,
    end: c.text.length,
    metadata: {},
  }));
}
