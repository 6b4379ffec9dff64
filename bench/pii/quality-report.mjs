#!/usr/bin/env node
// Quality only (no throughput), for any build of pii-scrub: the labelled corpus (strict
// profile, half-overlap matching as in run-bench) and the faker corpus (default profile,
// full coverage). Used to compare builds, e.g. before/after a detector change:
//   node bench/pii/quality-report.mjs [--lib <path to dist/libs/pii-scrub/src/index.js>] [--misses N]
//     [--corpus <faker corpus .jsonl>, e.g. one generated with another --seed as a held-out check]
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { evaluate } from './evaluate.mjs';
import { f2 } from './coverage-eval.mjs';
import { readJsonl, reportFakerCorpus } from './faker-report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2);
const arg = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const lib = resolve(arg('--lib') ?? join(root, 'dist/libs/pii-scrub/src/index.js'));
const pii = createRequire(import.meta.url)(lib);

const labelled = readJsonl(join(root, 'libs/pii-scrub/src/test-fixtures/labelled-corpus.jsonl'));
const strict = pii.createScrubber({ profile: 'strict' });
console.log(`## labelled corpus (${labelled.length} documents, strict profile), ${lib}`);
console.log('type                  gold   tp   fp   fn  precision  recall     F2');
for (const [t, r] of Object.entries(evaluate(labelled, (x) => strict.scrubText(x).findings))) {
  console.log(
    `${t.padEnd(20)} ${String(r.gold).padStart(5)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.fn).padStart(4)}  ${r.precision.toFixed(3).padStart(9)}  ${r.recall.toFixed(3).padStart(6)} ${f2(r.precision, r.recall).toFixed(3).padStart(6)}`,
  );
}

const corpus = resolve(arg('--corpus') ?? join(root, 'bench/.data/pii-faker-corpus.jsonl'));
if (!existsSync(corpus))
  execFileSync(process.execPath, [join(here, 'generate-faker-corpus.mjs')], { stdio: 'inherit' });
const docs = readJsonl(corpus);
console.log(`\n## faker corpus (${docs.length} documents, default profile, full coverage)`);
const { failures } = reportFakerCorpus(pii.createScrubber(), docs, {
  misses: Number(arg('--misses') ?? 0),
});
console.log(failures.length ? `goals not met: ${failures.join('; ')}` : 'goals met');
