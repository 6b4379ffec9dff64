#!/usr/bin/env node
// Query latency of this tree's embedded index against another checkout's, in one process on the
// same generated corpus, alternating rounds (on a shared machine, separate processes differ by
// more than a small change costs). Needs `tsc -p bench/retrieval/tsconfig.bench.json` in both.
// Usage: node --expose-gc bench/retrieval/compare-query-latency.mjs --before <root>
// Env: BENCH_CHUNKS (100000), BENCH_QUERIES (500), BENCH_ROUNDS (4).
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { asIndexChunks, generateCorpus } from './generate-corpus.mjs';

const { values: args } = parseArgs({ options: { before: { type: 'string' } } });
if (!args.before) {
  process.stderr.write('usage: compare-query-latency.mjs --before <root>\n');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const indexOf = (root) =>
  require(join(root, 'bench/.data/retrieval-dist/lib/retrieval/embedded-index.js')).EmbeddedIndex;
const sides = { after: indexOf(join(here, '..', '..')), before: indexOf(resolve(args.before)) };
const chunks = Number(process.env.BENCH_CHUNKS ?? 100_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
const g = generateCorpus({ chunks, queries: Number(process.env.BENCH_QUERIES ?? 500) });
const docs = asIndexChunks(g.chunks);
const built = {};
for (const [name, EmbeddedIndex] of Object.entries(sides))
  built[name] = await EmbeddedIndex.build(docs);
const measure = (index) => {
  const xs = g.queries.map((q) => {
    const s = performance.now();
    index.searchText(q.text, { k: 10, tenantId: 'default' });
    return performance.now() - s;
  });
  xs.sort((a, b) => a - b);
  return { p50: xs[xs.length >> 1], p99: xs[Math.floor(xs.length * 0.99)] };
};
for (const index of Object.values(built)) measure(index); // warm-up
const res = { after: [], before: [] };
for (let r = 0; r < rounds; r++)
  for (const name of ['after', 'before']) res[name].push(measure(built[name]));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
for (const name of ['after', 'before'])
  console.log(
    `${name.padEnd(7)} p50/p99 ms per round: ${res[name].map((m) => `${m.p50.toFixed(3)}/${m.p99.toFixed(2)}`).join('  ')}`,
  );
const ratio = median(res.after.map((m) => m.p50)) / median(res.before.map((m) => m.p50));
console.log(
  `${chunks} chunks, ${g.queries.length} queries: median p50 after/before ×${ratio.toFixed(3)}`,
);
