#!/usr/bin/env node
// Writes libs/pii-scrub/src/test-fixtures/labelled-corpus.jsonl (committed). Re-run after
// changing the generators: `node bench/pii/generate-labelled-corpus.mjs`.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLabelledCorpus } from './labelled-corpus.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'libs/pii-scrub/src/test-fixtures/labelled-corpus.jsonl');
const docs = buildLabelledCorpus();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}.tmp`, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
renameSync(`${out}.tmp`, out);
const spans = docs.reduce((n, d) => n + d.spans.length, 0);
console.log(
  `wrote ${docs.length} documents, ${spans} labelled spans, ${docs.filter((d) => d.spans.length === 0).length} hard negatives → ${out}`,
);
