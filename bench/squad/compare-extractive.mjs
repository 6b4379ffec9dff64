#!/usr/bin/env node
// Before/after check of the extractive pipeline, in one process and one run: the built
// libraries of this tree and of another checkout (`--before <root>`, e.g. a worktree of main
// with `nx build dspy-pipeline`) answer (1) every row of the bundled Riverton dataset, as
// `npm run demo` evaluates it (embedded BM25 index of the bundled corpus, top 5, depth-10
// retrieval for recall), and (2) with `--file <squad.json>`, the answerable questions of one
// split of a SQuAD file (imported by this tree's importSquad) and the same questions with their
// gold article removed from the index. answer_contains_gold is computed here for both sides
// (the code before did not have it), with the library's definition.
// Usage: node bench/squad/compare-extractive.mjs --before <root> [--file <squad.json>] [--split test|train,dev]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { distRequire, root } from '../pipeline/dist-require.mjs';

const { values: args } = parseArgs({
  options: {
    before: { type: 'string' },
    file: { type: 'string' },
    split: { type: 'string', default: 'test' },
  },
});
if (!args.before) {
  process.stderr.write('usage: compare-extractive.mjs --before <root> [--file <squad.json>]\n');
  process.exit(2);
}
const requireAfter = distRequire();
const { distRequire: distRequireBefore } = await import(
  join(resolve(args.before), 'bench/pipeline/dist-require.mjs')
);
const sides = {
  before: distRequireBefore()('@cited/dspy-pipeline'),
  after: requireAfter('@cited/dspy-pipeline'),
};
const { importSquad } = requireAfter('@cited/dataset-manifest');
const { answerContainsGold } = sides.after;
const assets = join(root, 'libs/dspy-pipeline/assets');

async function evaluate(lib, index, rows) {
  const pipeline = new lib.ExtractivePipeline({ retriever: index });
  const examples = await lib.evaluateRows(pipeline, index, rows, { tenantId: 'default' });
  const m = lib.computeMetrics(examples);
  const contains = examples.map((e) =>
    e.goldSourceIds.length === 0
      ? Number(e.result.abstained)
      : e.result.abstained
        ? 0
        : answerContainsGold(e.result.answer, e.goldAnswers),
  );
  const answerable = examples.filter((e) => e.goldSourceIds.length > 0);
  return {
    ...m,
    answer_contains_gold: contains.reduce((s, x) => s + x, 0) / contains.length,
    abstained_answerable: answerable.filter((e) => e.result.abstained).length / answerable.length,
  };
}

const out = {};
for (const [name, lib] of Object.entries(sides)) {
  const { chunks } = await lib.loadBundledCorpus({ assetsDir: assets });
  const rows = await lib.loadBundledDataset({ assetsDir: assets });
  out[name] = { riverton: await evaluate(lib, await lib.EmbeddedIndex.build(chunks), rows) };
  out[name].riverton.rows = rows.length;
}

if (args.file) {
  const imported = importSquad(JSON.parse(readFileSync(args.file, 'utf8')), 'squad');
  const splits = new Set(args.split.split(','));
  const splitRows = imported.rows.filter((r) => splits.has(r.split));
  for (const [name, lib] of Object.entries(sides)) {
    // Builds from before document ids could hold "#" name SQuAD's paragraphs `<title>/p<n>`.
    const legacy = !lib.sourceDocumentSchema.safeParse({ id: 'a#p0', text: 'x' }).success;
    const idOf = (id) => (legacy ? id.replace(/#(p\d+)$/, '/$1') : id);
    const docs = imported.documents.map((d) =>
      lib.sourceDocumentSchema.parse({ ...d, id: idOf(d.id) }),
    );
    const rows = splitRows.map((r) => ({
      ...r,
      metadata: { ...r.metadata, source_ids: r.metadata.source_ids.map(idOf) },
    }));
    const chunks = await lib.chunkDocuments(docs, { tenantId: 'default' });
    const squad = await evaluate(lib, await lib.EmbeddedIndex.build(chunks), rows);
    // Gold article removed: one index per article, without it; the same questions, unanswerable.
    let abstained = 0;
    for (const article of new Set(rows.map((r) => r.metadata.article))) {
      const index = await lib.EmbeddedIndex.build(
        chunks.filter((c) => c.metadata.article !== article),
      );
      const pipeline = new lib.ExtractivePipeline({ retriever: index });
      for (const r of rows.filter((x) => x.metadata.article === article)) {
        const res = await pipeline.answer(r.question, { tenantId: 'default', topK: 5 });
        if (res.abstained) abstained++;
      }
    }
    out[name].squad = {
      ...squad,
      rows: splitRows.length,
      abstained_gold_removed: abstained / rows.length,
    };
  }
}

const show = [
  [
    'riverton',
    [
      'rows',
      'citation_precision',
      'abstention_accuracy',
      'retrieval_recall_at_5',
      'token_f1',
      'exact_match',
      'answer_contains_gold',
    ],
  ],
  [
    'squad',
    [
      'rows',
      'retrieval_recall_at_1',
      'retrieval_recall_at_5',
      'answer_contains_gold',
      'abstained_answerable',
      'abstained_gold_removed',
      'token_f1',
      'exact_match',
      'citation_precision',
    ],
  ],
];
for (const [set, keys] of show) {
  if (!out.after[set]) continue;
  process.stdout.write(`\n${set}${set === 'squad' ? ` (${args.split} split)` : ''}\n`);
  process.stdout.write(`${'metric'.padEnd(26)}${'before'.padEnd(10)}after\n`);
  for (const k of keys) {
    const f = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(4));
    process.stdout.write(
      `${k.padEnd(26)}${f(out.before[set][k]).padEnd(10)}${f(out.after[set][k])}\n`,
    );
  }
}
process.stdout.write(`${JSON.stringify(out)}\n`);
