#!/usr/bin/env node
// bench:squad — the extractive pipeline on a SQuAD file nobody here wrote, end to end through the
// CLI a user runs: `dataset import --format squad` → `ingest` → `eval` on one split → `eval
// --hold-out-gold` on the same split (the same questions with their gold article hidden, which
// must abstain). Beside it, plain BM25 (title + paragraph, k1 1.2, b 0.75, no stemming) on the
// same corpus and questions. Prints the goals table of docs/benchmarks.md (## SQuAD).
// Usage: npm run bench:squad -- --file <squad.json> [--split test] [--format squad|squad2]
// Env: MLFLOW_TRACKING_URI (default: a fresh temporary server), BENCH_EVAL_MAIN (the eval-runner
// bundle; default dist/apps/eval-runner/main.js).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { lastJson, run } from '../eval/dspy-peer.mjs';
import { plainBm25, recallAt } from './plain-bm25.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: args } = parseArgs({
  options: {
    file: { type: 'string' },
    split: { type: 'string', default: 'test' },
    format: { type: 'string', default: 'squad' },
  },
});
if (!args.file) {
  process.stderr.write('usage: npm run bench:squad -- --file <squad.json> [--split test]\n');
  process.exit(2);
}
const main = process.env.BENCH_EVAL_MAIN ?? join(root, 'dist/apps/eval-runner/main.js');
const log = (m) => process.stderr.write(`${m}\n`);
const work = mkdtempSync(join(tmpdir(), 'cited-bench-squad-'));
const jsonl = (file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));

let server;
let uri = process.env.MLFLOW_TRACKING_URI;
if (!uri) {
  const { startMlflowServer } = await import(join(root, 'tools/mlflow-server.mjs'));
  server = await startMlflowServer({ dir: join(work, 'mlflow'), workers: 1 });
  uri = server.uri;
}
const cli = async (...a) => {
  const { out } = await run(process.execPath, [main, ...a, '--json'], {
    cwd: root,
    env: { MLFLOW_TRACKING_URI: uri, MLFLOW_EXPERIMENT_NAME: 'bench-squad' },
  });
  return lastJson(out);
};

try {
  const data = join(work, 'data');
  const index = join(work, 'index');
  log(`import ${args.file} …`);
  const imported = await cli(
    'dataset',
    'import',
    '--format',
    args.format,
    resolve(args.file),
    '--out',
    data,
  );
  log(`  ${JSON.stringify(imported.counts)}`);
  log('ingest …');
  await cli('ingest', '--corpus', join(data, 'corpus.jsonl'), '--index', index);
  const evalArgs = [
    'eval',
    '--dataset',
    join(data, 'qa.jsonl'),
    '--split',
    args.split,
    '--index',
    index,
    '--no-traces',
  ];
  log(`eval (${args.split}) …`);
  const answered = await cli(...evalArgs, '--run-name', `squad-${args.split}`);
  log(`eval --hold-out-gold (${args.split}) …`);
  const heldOut = await cli(
    ...evalArgs,
    '--hold-out-gold',
    '--run-name',
    `squad-${args.split}-held-out`,
  );

  const rows = jsonl(join(data, 'qa.jsonl')).filter(
    (r) => r.split === args.split && r.metadata.source_ids.length > 0,
  );
  const search = plainBm25(jsonl(join(data, 'corpus.jsonl')));
  const bm25 = { r1: recallAt(search, rows, 1), r5: recallAt(search, rows, 5) };
  const m = answered.metrics;
  const abstainedAnswerable = answered.counts.abstained / answered.counts.examples;
  const heldOutAbstained = heldOut.counts.abstained / heldOut.counts.examples;
  const table = [
    [
      'retrieval recall@5',
      m.retrieval_recall_at_5,
      `≥ 0.95 and ≥ BM25 + 0.03 (${(bm25.r5 + 0.03).toFixed(3)})`,
      m.retrieval_recall_at_5 >= 0.95 && m.retrieval_recall_at_5 >= bm25.r5 + 0.03,
    ],
    ['plain BM25 recall@5', bm25.r5, '(reference)', null],
    ['retrieval recall@1', m.retrieval_recall_at_1, '(reported)', null],
    ['plain BM25 recall@1', bm25.r1, '(reference)', null],
    ['answer contains gold', m.answer_contains_gold, '≥ 0.75', m.answer_contains_gold >= 0.75],
    ['abstains, answerable', abstainedAnswerable, '≤ 0.10', abstainedAnswerable <= 0.1],
    ['abstains, gold article removed', heldOutAbstained, '≥ 0.80', heldOutAbstained >= 0.8],
    ['token F1', m.token_f1, '(reported)', null],
    ['exact match', m.exact_match, '(reported)', null],
    ['citation precision', m.citation_precision, '(reported)', null],
  ];
  const pad = (s, n) => String(s).padEnd(n);
  const lines = [
    `SQuAD bench — split ${args.split}: ${answered.counts.examples} questions (${imported.counts.articles} articles, ${imported.counts.documents} paragraphs indexed)`,
    `${pad('metric', 32)}${pad('value', 8)}${pad('goal', 34)}met`,
    ...table.map(
      ([name, v, goal, met]) =>
        `${pad(name, 32)}${pad(v.toFixed(3), 8)}${pad(goal, 34)}${met === null ? '' : met ? 'yes' : 'NO'}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write(
    `${JSON.stringify({ split: args.split, metrics: m, counts: answered.counts, heldOut: { metrics: heldOut.metrics, counts: heldOut.counts }, plainBm25: bm25, runs: [answered.runId, heldOut.runId] })}\n`,
  );
} finally {
  if (server) await server.stop();
  rmSync(work, { recursive: true, force: true });
}
