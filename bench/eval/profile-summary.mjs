#!/usr/bin/env node
// Summarises a py-spy profile in collapsed form (`py-spy record --format raw`, as written by
// ingest-cost.mjs with INGEST_PROFILE): for each function, the share of the samples that have it
// on the stack (inclusive), highest first. Line numbers are dropped so a function counts once.
// Usage: node bench/eval/profile-summary.mjs <profile.txt> [filter regexp] [top N]
import { readFileSync } from 'node:fs';

const [file, filter = 'mlflow/|sqlalchemy/(orm/session|engine/default)', top = '40'] =
  process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.mjs <profile.txt> [filter] [top]');
const match = new RegExp(filter);
const inclusive = new Map();
let total = 0;
for (const line of readFileSync(file, 'utf8').split('\n')) {
  const cut = line.lastIndexOf(' ');
  if (cut < 0) continue;
  const n = Number(line.slice(cut + 1));
  if (!Number.isFinite(n)) continue;
  total += n;
  const seen = new Set(
    line
      .slice(0, cut)
      .split(';')
      .map((f) => f.replace(/:\d+\)$/, ')')),
  );
  for (const f of seen) inclusive.set(f, (inclusive.get(f) ?? 0) + n);
}
const rows = [...inclusive].filter(([f]) => match.test(f)).sort((a, b) => b[1] - a[1]);
process.stdout.write(`${total} samples\n`);
for (const [f, n] of rows.slice(0, Number(top)))
  process.stdout.write(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${f}\n`);
