// Plain BM25 (the reference): each paragraph indexed as title + text, lower-cased
// Unicode word tokens, no stemming, no stopword list, k1 1.2, b 0.75. Deliberately not the
// project's analyser, so that the comparison says what Cited's retrieval adds over it.

const tokens = (text) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Builds the index over `docs` ({id, title, text}); returns `search(query, k)` → ids. */
export function plainBm25(docs, { k1 = 1.2, b = 0.75 } = {}) {
  const postings = new Map();
  const lengths = docs.map((d, i) => {
    const tf = new Map();
    const ts = tokens(`${d.title}\n${d.text}`);
    for (const t of ts) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, f] of tf) {
      if (!postings.has(t)) postings.set(t, []);
      postings.get(t).push([i, f]);
    }
    return ts.length;
  });
  const avg = lengths.reduce((s, n) => s + n, 0) / docs.length;
  const n = docs.length;
  return (query, k) => {
    const scores = new Map();
    for (const t of new Set(tokens(query))) {
      const list = postings.get(t);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const [i, f] of list) {
        const norm = k1 * (1 - b + (b * lengths[i]) / avg);
        scores.set(i, (scores.get(i) ?? 0) + (idf * (f * (k1 + 1))) / (f + norm));
      }
    }
    return [...scores.entries()]
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, k)
      .map(([i]) => docs[i].id);
  };
}

/** recall@k over rows ({question, metadata.source_ids}): share with a gold id in the top k. */
export function recallAt(search, rows, k) {
  let hit = 0;
  for (const r of rows) {
    const gold = new Set(r.metadata.source_ids);
    if (search(r.question, k).some((id) => gold.has(id))) hit++;
  }
  return rows.length ? hit / rows.length : 0;
}
