#!/usr/bin/env node
// How far a reader choosing among the retrieved passages could get on SQuAD's
// answer_contains_gold: for one split (or several, comma-separated), the share of questions
// where a gold answer appears (a) in the top-1 retrieved passage, (b) in any of the top 5,
// (c) in the sentence(s) the extractive reader picks (no abstention threshold: where its choice
// of sentence falls short), against the best sentence of the top-1 / top-5 passages (an oracle
// choosing the sentence), and (d) in the pipeline's actual answer (with its abstentions), as
// short phrase and as sentences. Built libraries of this tree (`nx build dspy-pipeline
// dataset-manifest`); the embedded BM25 index over the imported corpus, top 5.
// Usage: node bench/squad/reader-ceilings.mjs --file <squad.json> [--split test|train,dev]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { distRequire } from '../pipeline/dist-require.mjs';

const { values: args } = parseArgs({
  options: { file: { type: 'string' }, split: { type: 'string', default: 'test' } },
});
if (!args.file) {
  process.stderr.write('usage: reader-ceilings.mjs --file <squad.json> [--split test]\n');
  process.exit(2);
}
const req = distRequire();
const lib = req('@cited/dspy-pipeline');
const { importSquad } = req('@cited/dataset-manifest');
const splits = new Set(args.split.split(','));
const imported = importSquad(JSON.parse(readFileSync(args.file, 'utf8')), 'squad');
const rows = imported.rows.filter((r) => splits.has(r.split) && r.metadata.answers?.length);
const docs = imported.documents.map((d) => lib.sourceDocumentSchema.parse(d));
const index = await lib.EmbeddedIndex.build(
  await lib.chunkDocuments(docs, { tenantId: 'default' }),
);
const opts = { tenantId: 'default', topK: 5 };
const reader = new lib.ExtractivePipeline({ retriever: index, minRelevance: 0 });
const short = new lib.ExtractivePipeline({ retriever: index });
const sentences = new lib.ExtractivePipeline({ retriever: index, shortAnswers: false });

const count = {
  'gold in top-1 passage': 0,
  'gold in any top-5 passage': 0,
  'oracle: best sentence of top-1 passage': 0,
  'oracle: best sentence of top-5 passages': 0,
  "reader's first sentence (never abstaining)": 0,
  "reader's sentences (never abstaining)": 0,
  'answer, short phrases (default)': 0,
  'answer, sentences (shortAnswers: false)': 0,
};
const bump = (k, yes) => {
  if (yes) count[k]++;
};
for (const r of rows) {
  const has = (text) => lib.answerContainsGold(text, r.metadata.answers) === 1;
  const passages = await index.retrieve(r.question, { k: 5, tenantId: 'default' });
  const sentenceHas = (p) => lib.splitSentences(p.text).some((s) => has(s.text));
  bump('gold in top-1 passage', passages[0] && has(passages[0].text));
  bump(
    'gold in any top-5 passage',
    passages.some((p) => has(p.text)),
  );
  bump('oracle: best sentence of top-1 passage', passages[0] && sentenceHas(passages[0]));
  bump('oracle: best sentence of top-5 passages', passages.some(sentenceHas));
  const chosen = reader.select(r.question, passages);
  bump("reader's first sentence (never abstaining)", chosen[0] && has(chosen[0].text));
  bump("reader's sentences (never abstaining)", has(chosen.map((s) => s.text).join(' ')));
  for (const [k, p] of [
    ['answer, short phrases (default)', short],
    ['answer, sentences (shortAnswers: false)', sentences],
  ]) {
    const res = await p.answer(r.question, opts);
    bump(k, !res.abstained && has(res.answer));
  }
}
process.stdout.write(
  `answer_contains_gold ceilings, ${[...splits].join(' + ')} (${rows.length} questions)\n`,
);
for (const [k, v] of Object.entries(count))
  process.stdout.write(`${k.padEnd(46)}${(v / rows.length).toFixed(3)}\n`);
