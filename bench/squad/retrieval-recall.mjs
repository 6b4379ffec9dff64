#!/usr/bin/env node
// Retrieval only, in one process and a few seconds: the embedded index of the built
// @cited/dspy-pipeline (this tree's dist/, or `--before <root>`'s too) over a SQuAD file imported
// by this tree's importSquad, recall@1/@5 by distinct document exactly as `eval` computes them
// (depth-10 retrieval, documents de-duplicated in rank order), on train + dev (where settings are
// chosen) and on test, with plain BM25 (bench/squad/plain-bm25.mjs) beside it. Also: recall@5 per
// test article, the misses' word overlap with their gold paragraph (how many share at most one
// content word with it, title words left out: the lexical ceiling), and the bundled Riverton
// set's recall@5 as `npm run demo` evaluates it.
// Usage: node bench/squad/retrieval-recall.mjs --file <squad.json> [--before <root>] [--json]
// Needs `nx build dspy-pipeline dataset-manifest` (and the same in `--before`).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { distRequire, root } from '../pipeline/dist-require.mjs';
import { plainBm25 } from './plain-bm25.mjs';

const { values: args } = parseArgs({
  options: {
    file: { type: 'string' },
    before: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
if (!args.file) {
  process.stderr.write('usage: retrieval-recall.mjs --file <squad.json> [--before <root>]\n');
  process.exit(2);
}
const requireAfter = distRequire();
const sides = { after: requireAfter('@cited/dspy-pipeline') };
if (args.before) {
  const { distRequire: distRequireBefore } = await import(
    join(resolve(args.before), 'bench/pipeline/dist-require.mjs')
  );
  sides.before = distRequireBefore()('@cited/dspy-pipeline');
}
const { importSquad } = requireAfter('@cited/dataset-manifest');
const imported = importSquad(JSON.parse(readFileSync(args.file, 'utf8')), 'squad');
const documents = new Map(imported.documents.map((d) => [d.id, d]));
const SPLITS = { 'train+dev': ['train', 'dev'], test: ['test'] };
const round = (x) => Math.round(x * 10000) / 10000;

/** recall@1/@5 of `search(question) → distinct document ids, best first`, per split group. */
function recall(search, analyze) {
  const out = {};
  for (const [name, splits] of Object.entries(SPLITS)) {
    const rows = imported.rows.filter((r) => splits.includes(r.split));
    let r1 = 0;
    let r5 = 0;
    const perArticle = {};
    const misses = { total: 0, sharingNone: 0, sharingAtMostOne: 0 };
    for (const r of rows) {
      const ids = search(r.question);
      const gold = new Set(r.metadata.source_ids);
      const hit5 = ids.slice(0, 5).some((id) => gold.has(id));
      r1 += Number(gold.has(ids[0]));
      r5 += Number(hit5);
      const a = (perArticle[r.metadata.article] ??= { questions: 0, recall5: 0 });
      a.questions++;
      a.recall5 += Number(hit5);
      if (!hit5 && analyze) {
        // Content words of the question (title words left out: every paragraph of the article
        // has the same title) that the gold paragraph's text also has.
        const doc = documents.get(r.metadata.source_ids[0]);
        const title = new Set(analyze(doc.title));
        const text = new Set(analyze(doc.text));
        const shared = [...new Set(analyze(r.question))].filter(
          (t) => !title.has(t) && text.has(t),
        ).length;
        misses.total++;
        if (shared === 0) misses.sharingNone++;
        if (shared <= 1) misses.sharingAtMostOne++;
      }
    }
    for (const a of Object.values(perArticle)) a.recall5 = round(a.recall5 / a.questions);
    out[name] = {
      questions: rows.length,
      recall1: round(r1 / rows.length),
      recall5: round(r5 / rows.length),
      ...(analyze ? { misses, perArticle } : {}),
    };
  }
  return out;
}

const result = { file: args.file, sides: {} };
const plain = plainBm25(imported.documents);
result.plainBm25 = recall((q) => plain(q, 5));
for (const [name, lib] of Object.entries(sides)) {
  const docs = imported.documents.map((d) => lib.sourceDocumentSchema.parse(d));
  const chunks = await lib.chunkDocuments(docs, { tenantId: 'default' });
  const t0 = performance.now();
  const index = await lib.EmbeddedIndex.build(chunks);
  const buildMs = performance.now() - t0;
  const search = (q) => [
    ...new Set(index.searchText(q, { k: 10, tenantId: 'default' }).map((p) => p.documentId)),
  ];
  const t1 = performance.now();
  const squad = recall(search, lib.analyzeText);
  const queryMs = (performance.now() - t1) / imported.rows.length;
  const assets = join(root, 'libs/dspy-pipeline/assets');
  const river = await lib.EmbeddedIndex.build(
    (await lib.loadBundledCorpus({ assetsDir: assets })).chunks,
  );
  const rows = (await lib.loadBundledDataset({ assetsDir: assets })).filter(
    (r) => (r.metadata?.source_ids ?? []).length > 0,
  );
  let hits = 0;
  for (const r of rows) {
    const ids = [
      ...new Set(
        river.searchText(r.question, { k: 10, tenantId: 'default' }).map((p) => p.documentId),
      ),
    ];
    const gold = new Set(r.metadata.source_ids);
    hits += Number(ids.slice(0, 5).some((id) => gold.has(id)));
  }
  result.sides[name] = {
    chunks: chunks.length,
    buildMs: Math.round(buildMs),
    queryMs: round(queryMs),
    squad,
    riverton: { answerable: rows.length, recall5: round(hits / rows.length) },
  };
}

if (args.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  const line = (label, r) =>
    `${label.padEnd(24)}${Object.entries(r)
      .map(([s, v]) => `${s}: R@1 ${v.recall1.toFixed(3)} R@5 ${v.recall5.toFixed(3)}`)
      .join('   ')}`;
  const out = [`SQuAD retrieval — ${args.file}`, line('plain BM25', result.plainBm25)];
  for (const [name, s] of Object.entries(result.sides)) {
    out.push(line(`cited (${name})`, s.squad));
    const m = s.squad.test.misses;
    out.push(
      `  test misses ${m.total}: share no content word with the gold paragraph ${m.sharingNone}, at most one ${m.sharingAtMostOne}`,
      `  test R@5 per article: ${Object.entries(s.squad.test.perArticle)
        .map(([a, v]) => `${a} ${v.recall5.toFixed(3)} (${v.questions})`)
        .join('; ')}`,
      `  Riverton R@5 ${s.riverton.recall5.toFixed(3)} (${s.riverton.answerable} answerable rows); ${s.chunks} chunks, build ${s.buildMs} ms, ${s.queryMs} ms/query`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
